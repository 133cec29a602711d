/*
 * vm_code.c - the code path and loading modules on demand.
 *
 * OTP loads a module the first time one of its functions is called: the
 * call reaches error_handler:undefined_function/3, which asks the code
 * server. Where no code server runs (C callers before any boot: the unit
 * tests) this file does the same in C: the
 * interpreter's slow path for an export entry without code calls
 * vm_autoload(Module), which looks for Module.beam in the code path (the
 * -pa directories, the current directory, the OTP library's ebin
 * directories, the -pz directories, in that order, as erl's code path),
 * loads, threads and installs it. A module that is not found or does not
 * load stays undefined, and the call raises undef as in OTP.
 *
 * Under the OTP boot (vm_code_via_handler) none of that runs: a call to an
 * undefined function goes to the process's error handler as in erts
 * (vm.c calls error_handler:undefined_function/3 or undefined_lambda/3 in
 * its place), which asks code_server; the code path is code_server's.
 *
 * OTP_ROOT: $LASER_OTP_ROOT, else the compiled-in LASER_OTP_ROOT_DEFAULT
 * (/usr/lib/erlang, Debian's). Asking `erl` would cost a second of start-up.
 */
#include "vm.h"

#include "atom.h"
#include "loader.h"
#include "print.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef LASER_OTP_ROOT_DEFAULT
#define LASER_OTP_ROOT_DEFAULT "/usr/lib/erlang"
#endif

typedef struct {
    char **dirs;
    size_t n, cap;
} path_list_t;

static path_list_t front, otp, back;
static bool otp_added;

static void push(path_list_t *l, const char *dir, bool at_front)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->dirs = realloc(l->dirs, l->cap * sizeof *l->dirs);
        if (!l->dirs) laser_oom("code path", l->cap * sizeof *l->dirs);
    }
    char *d = strdup(dir);
    if (!d) laser_oom("code path", strlen(dir));
    if (at_front) {
        memmove(l->dirs + 1, l->dirs, l->n * sizeof *l->dirs);
        l->dirs[0] = d;
    } else {
        l->dirs[l->n] = d;
    }
    l->n++;
}

void vm_path_add(const char *dir, bool at_end)
{
    if (at_end) push(&back, dir, false);
    else push(&front, dir, false); /* -pa A B: A before B, both before the rest */
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void vm_path_add_otp(void)
{
    if (otp_added) return;
    otp_added = true;
    push(&otp, ".", false); /* erl's path starts with the current directory */
    const char *root = getenv("LASER_OTP_ROOT");
    if (!root || !*root) root = LASER_OTP_ROOT_DEFAULT;
    char lib[4096];
    snprintf(lib, sizeof lib, "%s/lib", root);
    DIR *d = opendir(lib);
    if (!d) return;
    struct dirent *e;
    path_list_t found = {0};
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char ebin[4096 + 256];
        int k = snprintf(ebin, sizeof ebin, "%s/%s/ebin", lib, e->d_name);
        if (k < 0 || (size_t)k >= sizeof ebin) continue;
        struct stat st;
        if (stat(ebin, &st) == 0 && S_ISDIR(st.st_mode)) push(&found, ebin, false);
    }
    closedir(d);
    /* name order: stdlib-4.2 before stdlib-4.3 would be wrong only with two
     * versions installed; Debian installs one */
    qsort(found.dirs, found.n, sizeof *found.dirs, name_cmp);
    for (size_t i = 0; i < found.n; i++) {
        push(&otp, found.dirs[i], false);
        free(found.dirs[i]);
    }
    free(found.dirs);
}

/* Run m's on_load function in p (OTP: erlang:call_on_load_function in a
 * process the code server spawns; here in the loading process, as a
 * nested run on its stack). The caller's live x registers are kept on the
 * stack meanwhile, where a collection updates them. True if it returned
 * ok; otherwise OTP's report goes to stderr. */
static bool run_on_load(proc_t *p, vm_sched_t *s, ld_module_t *m, unsigned live)
{
    gc_root_t roots[1] = {{s->x, live}};
    if ((size_t)(p->mem.stop - p->mem.htop) < live + 1) gc_collect(&p->mem, live + 1, roots, 1);
    p->mem.stop -= live;
    memcpy(p->mem.stop, s->x, live * sizeof(term));
    /* its exceptions must not reach the caller's catches */
    uint32_t catches = p->catches;
    p->catches = 0;
    term r;
    vm_result_t rc = vm_apply_code(p, s, &m->code[m->on_load], NULL, 0, &r);
    p->catches = catches;
    memcpy(s->x, p->mem.stop, live * sizeof(term));
    p->mem.stop += live;
    size_t n;
    const uint8_t *mn = atom_text(m->name, &n);
    print_buf_t b = {0};
    if (rc != VM_RETURNED) {
        /* OTP: the on_load process dies; its exit is an error report */
        print_str(&b, "laser: the on_load function of module ");
        print_bytes(&b, mn, n);
        print_str(&b, " raised ");
        print_term(&b, vm_class_atom(p->fclass));
        print_str(&b, ":");
        print_term(&b, p->fvalue);
        print_str(&b, "\n");
        print_write(stderr, b.data, b.size);
    } else if (r != ATOM(ok) && !term_is_atom(r)) {
        /* code_server's warning; an atom result is refused silently */
        print_str(&b, "The on_load function for module ");
        print_bytes(&b, mn, n);
        print_str(&b, " returned:\n");
        print_term(&b, r);
        print_str(&b, "\n");
        print_write(stderr, b.data, b.size);
    }
    print_buf_free(&b);
    p->fvalue = NIL;
    p->fstacktrace = NIL;
    return rc == VM_RETURNED && r == ATOM(ok);
}

/* The code lock: one thread loads at a time (recursive: an on_load
 * function may load other modules). A second process wanting the same
 * module waits, then finds it current. */
static pthread_mutex_t code_lock;
static pthread_once_t code_lock_once = PTHREAD_ONCE_INIT;
static void code_lock_init(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&code_lock, &a);
    pthread_mutexattr_destroy(&a);
}
static void code_lock_take(void)
{
    pthread_once(&code_lock_once, code_lock_init);
    pthread_mutex_lock(&code_lock);
}

static int load_file_locked(proc_t *p, vm_sched_t *s, const char *path, term name_hint, char *errbuf,
                            unsigned live);

int vm_load_file_in(proc_t *p, vm_sched_t *s, const char *path, term name_hint, char *errbuf, unsigned live)
{
    code_lock_take();
    int r = load_file_locked(p, s, path, name_hint, errbuf, live);
    pthread_mutex_unlock(&code_lock);
    return r;
}

static int load_file_locked(proc_t *p, vm_sched_t *s, const char *path, term name_hint, char *errbuf,
                            unsigned live)
{
    vm_init();
    ld_module_t *m;
    if (ld_load_file(path, name_hint, &m, errbuf) != 0) return -1;
    vm_thread_module(m);
    if (m->on_load) {
        term name = m->name;
        if (!p) {
            snprintf(errbuf, LD_ERRBUF_SIZE, "on_load function needs a process to run in");
            module_free(m);
            return -1;
        }
        /* no process can still run an old version before the scheduler
         * exists: make room for the new one as vm_load_file does */
        if (module_current(name) && module_old(name)) module_purge(name);
        if (module_install_pending(m) != MODULE_OK) {
            snprintf(errbuf, LD_ERRBUF_SIZE, "not_purged");
            module_free(m);
            return -1;
        }
        bool ok = run_on_load(p, s, m, live);
        ld_module_t *dropped = module_finish_on_load(name, ok);
        if (dropped) {
            module_retire(dropped);
            snprintf(errbuf, LD_ERRBUF_SIZE, "on_load_failure");
            return -1;
        }
        return 0;
    }
    if (module_install(m) != MODULE_OK) {
        /* an old version is still there: purge it (no process can run it
         * before the scheduler exists) and retry */
        module_purge(m->name);
        if (module_install(m) != MODULE_OK) {
            snprintf(errbuf, LD_ERRBUF_SIZE, "not_purged");
            module_free(m);
            return -1;
        }
    }
    return 0;
}

int vm_load_file(const char *path, term name_hint, char *errbuf)
{
    return vm_load_file_in(NULL, NULL, path, name_hint, errbuf, 0);
}

/* 1: loaded, 0: no such file, -1: the file is there but did not load (the
 * code server stops there too: later directories are not tried) */
static int try_dir(proc_t *p, vm_sched_t *sch, const char *dir, term name, unsigned live)
{
    size_t n;
    const uint8_t *s = atom_text(name, &n);
    char path[4096 + 512];
    int len = snprintf(path, sizeof path, "%s/%.*s.beam", dir, (int)n, (const char *)s);
    if (len < 0 || (size_t)len >= sizeof path) return 0;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    char err[LD_ERRBUF_SIZE];
    if (vm_load_file_in(p, sch, path, name, err, live) != 0) {
        /* as OTP's code server: a bad file means the function stays undefined */
        if (getenv("LASER_DEBUG_LOAD")) fprintf(stderr, "laser: %s: %s\n", path, err);
        return -1;
    }
    return 1;
}

static bool autoload_locked(proc_t *p, vm_sched_t *s, term name, unsigned live);

bool vm_autoload_in(proc_t *p, vm_sched_t *s, term name, unsigned live)
{
    /* under the OTP boot only the code server loads (erts: before
     * error_handler is loaded, an undefined function is undef) */
    if (module_current(name) || vm_code_via_handler) return module_current(name) != NULL;
    code_lock_take();
    bool r = autoload_locked(p, s, name, live);
    pthread_mutex_unlock(&code_lock);
    return r;
}

static bool autoload_locked(proc_t *p, vm_sched_t *s, term name, unsigned live)
{
    if (module_current(name)) return true;
    /* called from its own on_load function: OTP would wait for the code
     * server, which waits for that function (a deadlock); undef here */
    if (module_pending(name)) return false;
    path_list_t *lists[3] = {&front, &otp, &back};
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l]->n; i++)
            switch (try_dir(p, s, lists[l]->dirs[i], name, live)) {
            case 1: return true;
            case -1: return false;
            default: break;
            }
    return false;
}

bool vm_autoload(term name) { return vm_autoload_in(NULL, NULL, name, 0); }

bool vm_code_via_handler;

export_entry_t *vm_code_handler(const proc_t *p, bool lambda)
{
    if (!vm_code_via_handler) return NULL;
    static term undefined_lambda;
    if (!undefined_lambda) undefined_lambda = atom_from_cstr("undefined_lambda");
    term mod = p->error_handler ? p->error_handler : ATOM(error_handler);
    /* erts_find_function: only an entry with code; else the call is undef */
    export_entry_t *e = export_get(mod, lambda ? undefined_lambda : ATOM(undefined_function), 3);
    return e && atomic_load(&e->address) ? e : NULL;
}

const uint64_t *vm_code_on_load_entry(term name)
{
    ld_module_t *m = module_pending(name);
    return m && m->on_load ? &m->code[m->on_load] : NULL;
}

bool vm_code_in_old(const proc_t *t, term name)
{
    if (module_old_contains(name, t->i)) return true;
    /* continuation pointers: the stack words tagged as headers */
    for (const term *q = t->mem.stop; q < t->mem.hend; q++)
        if (term_is_header(*q) && *q && module_old_contains(name, (const void *)(uintptr_t)*q)) return true;
    return false;
}
