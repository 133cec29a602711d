/*
 * vm_code.c - the code path and loading modules on demand.
 *
 * OTP loads a module the first time one of its functions is called: the
 * call reaches error_handler:undefined_function/3, which asks the code
 * server. Before the OTP boot exists this file does the same in C: the
 * interpreter's slow path for an export entry without code calls
 * vm_autoload(Module), which looks for Module.beam in the code path (the
 * -pa directories, the current directory, the OTP library's ebin
 * directories, the -pz directories, in that order, as erl's code path),
 * loads, threads and installs it. A module that is not found or does not
 * load stays undefined, and the call raises undef as in OTP.
 *
 * OTP_ROOT: $LASER_OTP_ROOT, else the compiled-in LASER_OTP_ROOT_DEFAULT
 * (/usr/lib/erlang, Debian's). Asking `erl` would cost a second of start-up.
 */
#include "vm.h"

#include "atom.h"
#include "loader.h"

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

int vm_load_file(const char *path, term name_hint, char *errbuf)
{
    vm_init();
    ld_module_t *m;
    if (ld_load_file(path, name_hint, &m, errbuf) != 0) return -1;
    vm_thread_module(m);
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

static bool try_dir(const char *dir, term name)
{
    size_t n;
    const uint8_t *s = atom_text(name, &n);
    char path[4096 + 512];
    int len = snprintf(path, sizeof path, "%s/%.*s.beam", dir, (int)n, (const char *)s);
    if (len < 0 || (size_t)len >= sizeof path) return false;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    char err[LD_ERRBUF_SIZE];
    if (vm_load_file(path, name, err) != 0) {
        /* as OTP's code server: a bad file means the function stays undefined */
        if (getenv("LASER_DEBUG_LOAD")) fprintf(stderr, "laser: %s: %s\n", path, err);
        return false;
    }
    return true;
}

bool vm_autoload(term name)
{
    if (module_current(name)) return true;
    path_list_t *lists[3] = {&front, &otp, &back};
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l]->n; i++)
            if (try_dir(lists[l]->dirs[i], name)) return true;
    return false;
}
