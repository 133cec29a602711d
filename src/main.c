/*
 * main.c - the `laser` command line.
 *
 * Running programs takes erl's command line (before the OTP boot exists):
 *
 *   laser [-pa DIR...] [-pz DIR...] [-noshell] [-noinput]
 *         (-s M [F [Arg...]] | -run M [F [Arg...]])...
 *
 * Each -s/-run runs in order in one process: `-s M` calls M:start(),
 * `-s M F` M:F(), `-s M F A B` M:F([a, b]) (atoms), `-run` the same with
 * strings. `-s init stop` ends the VM with status 0 after the remaining
 * -s/-run functions (init:stop/0 is asynchronous in erl), as does the last
 * function returning; erlang:halt/0,1,2 exits at once.
 * An uncaught exception prints {"init terminating in do_boot", Reason} as
 * erl does and exits with status 1. Modules are loaded from the code path
 * on first call (vm_code.c).
 *
 *   laser --version             laser's version and the LLVM it was built with
 *   laser --check-load PATH...  load every .beam under the paths (recursively);
 *                               one line per failure, a total line; exit 1 if
 *                               any failed
 *   laser --dis FILE.beam       the internal instructions, function by function
 */
#include "atom.h"
#include "../jit/jit.h"
#include "loader.h"
#include "ops.h"
#include "vm.h"
#include "bif/erlang_vm.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LASER_VERSION "0.1.0"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: laser --version\n"
            "       laser --check-load PATH...   load every .beam file under PATH (files or directories)\n"
            "       laser --dis FILE.beam        print the loaded internal instructions\n"
            "       laser [-pa DIR...] [-pz DIR...] [-noshell] (-s|-run) MOD [FUNC [ARG...]]...\n");
}

typedef struct {
    unsigned long total, failed;
} check_stats_t;

static bool has_beam_suffix(const char *s)
{
    size_t n = strlen(s);
    return n >= 5 && strcmp(s + n - 5, ".beam") == 0;
}

static void check_file(const char *path, check_stats_t *cs)
{
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m;
    cs->total++;
    if (ld_load_file(path, THE_NON_VALUE, &m, err) != 0) {
        printf("%s: %s\n", path, err);
        cs->failed++;
        return;
    }
#ifdef LASER_DEBUG
    /* the loader's output must always be well-formed code */
    const char *bad = ops_validate(m);
    if (bad) {
        printf("%s: loaded code fails validation: %s\n", path, bad);
        cs->failed++;
    }
#endif
    module_free(m);
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Walk a directory in name order (stable output), descending into
 * subdirectories; symlinked directories are not followed (no cycles). */
static void check_dir(const char *dir, check_stats_t *cs)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("%s: cannot open directory\n", dir);
        cs->total++;
        cs->failed++;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names) laser_oom("directory listing", cap * sizeof *names);
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) laser_oom("path", len);
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (lstat(names[i], &st) == 0) {
            if (S_ISDIR(st.st_mode)) check_dir(names[i], cs);
            else if (has_beam_suffix(names[i]) && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) check_file(names[i], cs);
        }
        free(names[i]);
    }
    free(names);
}

static int cmd_check_load(int argc, char **argv)
{
    check_stats_t cs = {0, 0};
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            printf("%s: no such file or directory\n", argv[i]);
            cs.total++;
            cs.failed++;
        } else if (S_ISDIR(st.st_mode)) {
            check_dir(argv[i], &cs);
        } else {
            check_file(argv[i], &cs);
        }
    }
    printf("loaded %lu of %lu .beam files (%lu failed)\n", cs.total - cs.failed, cs.total, cs.failed);
    return cs.failed ? 1 : 0;
}

static void print_atom_text(term a)
{
    size_t n;
    const uint8_t *s = atom_text(a, &n);
    printf("%.*s", (int)n, (const char *)s);
}

static int cmd_dis(const char *path)
{
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m;
    if (ld_load_file(path, THE_NON_VALUE, &m, err) != 0) {
        fprintf(stderr, "%s: %s\n", path, err);
        return 1;
    }
    printf("module ");
    print_atom_text(m->name);
    printf(": %zu code words, %u functions, %u exports, %u imports, %u lambdas, %u literals\nmd5 ", m->code_size,
           m->num_functions, m->num_exports, m->num_imports, m->num_lambdas, m->num_literals);
    for (int i = 0; i < 16; i++) printf("%02x", m->md5[i]);
    putchar('\n');
    /* label numbers by offset, to mark jump targets */
    uint32_t *label_at = calloc(m->code_size + 1, sizeof *label_at);
    if (!label_at) laser_oom("label map", m->code_size);
    for (uint32_t l = 1; l < m->num_labels; l++)
        if (m->labels[l]) label_at[m->labels[l]] = l;
    size_t pos = 0;
    uint32_t next_fn = 0, next_line = 0;
    while (pos < m->code_size) {
        if (next_fn < m->num_functions && m->functions[next_fn].info == pos) {
            const ld_function_t *f = &m->functions[next_fn++];
            printf("\nfunction ");
            print_atom_text(f->name);
            printf("/%u (entry @%u)\n", f->arity, f->entry);
        }
        while (next_line < m->num_line_refs && m->line_refs[next_line].offset <= pos) {
            const ld_line_t *ln = &m->lines[m->line_refs[next_line++].line];
            printf("          ; %s:%u\n", m->files[ln->file].name, ln->line);
        }
        if (label_at[pos]) printf("  L%u:\n", label_at[pos]);
        size_t n = ops_dis(stdout, m, pos);
        if (!n) {
            fprintf(stderr, "%s: corrupt code at @%zu\n", path, pos);
            free(label_at);
            module_free(m);
            return 1;
        }
        pos += n;
    }
    free(label_at);
    module_free(m);
    return 0;
}

typedef struct {
    bool strings; /* -run */
    char *mod, *fun;
    char **args;
    int nargs;
} run_item_t;

static term cstr_list(proc_t *p, const char *s)
{
    size_t n = strlen(s);
    term l = NIL;
    heap_t *h = proc_heap(p);
    for (size_t i = n; i-- > 0;) l = heap_make_cons(h, term_from_small((unsigned char)s[i]), l);
    return l;
}

/* Reason as erl's init reports it: the error with its trace, exit as is,
 * throw as {nocatch, V} with the trace. */
static void report_uncaught(proc_t *p)
{
    heap_t *h = proc_heap(p);
    term r = p->fvalue;
    if (p->fclass == EXC_THROW) r = heap_make_tuple(h, 2, (term[]){atom_from_cstr("nocatch"), r});
    if (p->fclass != EXC_EXIT) r = heap_make_tuple(h, 2, (term[]){r, p->fstacktrace});
    proc_heap_close(p);
    fflush(stdout);
    printf("{\"init terminating in do_boot\",");
    erlang_vm_print(stdout, r);
    printf("}\r\n"); /* erl's erts_printf ends lines with CR LF */
    fflush(stdout);
    fprintf(stderr, "init terminating in do_boot (");
    erlang_vm_print(stderr, r);
    fprintf(stderr, ")\r\n");
}

static int cmd_run(run_item_t *items, int n)
{
    /* the conformance suite's GC stress mode (gc.h): a collection at every
     * allocation point of every process */
    const char *stress = getenv("LASER_GC_STRESS");
    if (stress && *stress && strcmp(stress, "0")) gc_stress_default = true;
    vm_init();
    vm_path_add_otp();
    vm_boot_frames = true;
    proc_t *p = proc_new(term_make_pid(0, 0), 0);
    p->group_leader = VM_IO_SERVER_PID; /* io requests go to vm_io.c */
    vm_sched_t *s = calloc(1, sizeof *s);
    if (!s) laser_oom("scheduler registers", sizeof *s);
    int status = 0;
    for (int i = 0; i < n; i++) {
        run_item_t *it = &items[i];
        term m = atom_from_cstr(it->mod);
        term f = atom_from_cstr(it->fun ? it->fun : "start");
        /* init:stop() only starts an orderly shutdown in erl: the -s
         * functions after it still run, then the VM ends (status 0) */
        if (!strcmp(it->mod, "init") && !strcmp(it->fun ? it->fun : "", "stop")) continue;
        term arg;
        unsigned arity = 0;
        if (it->nargs) {
            term l = NIL;
            for (int k = it->nargs; k-- > 0;) {
                term a = it->strings ? cstr_list(p, it->args[k]) : atom_from_cstr(it->args[k]);
                l = heap_make_cons(proc_heap(p), a, l);
            }
            proc_heap_close(p);
            arg = l;
            arity = 1;
        }
        term result;
        if (vm_apply(p, s, export_put(m, f, arity), &arg, arity, &result) != VM_RETURNED) {
            report_uncaught(p);
            status = 1;
            break;
        }
    }
    fflush(stdout);
    free(s);
    proc_free(p);
    return status;
}

static int run_mode(int argc, char **argv)
{
    /* init:get_arguments/0 as erl's: root, progname and home first */
    static char *root[1], *progname[1] = {"erl"}, *home[1];
    root[0] = getenv("LASER_OTP_ROOT") && *getenv("LASER_OTP_ROOT") ? getenv("LASER_OTP_ROOT") : "/usr/lib/erlang";
    home[0] = getenv("HOME") ? getenv("HOME") : "/";
    erlang_vm_add_argument("root", root, 1);
    erlang_vm_add_argument("progname", progname, 1);
    erlang_vm_add_argument("home", home, 1);
    run_item_t *items = calloc((size_t)argc, sizeof *items);
    if (!items) laser_oom("command line", (size_t)argc * sizeof *items);
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-pa") || !strcmp(a, "-pz")) {
            bool end = a[2] == 'z';
            while (i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') vm_path_add(argv[++i], end);
        } else if (!strcmp(a, "-s") || !strcmp(a, "-run")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "laser: %s needs a module\n", a);
                free(items);
                return 2;
            }
            run_item_t *it = &items[n++];
            it->strings = a[1] == 'r';
            it->mod = argv[++i];
            if (i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') it->fun = argv[++i];
            it->args = argv + i + 1;
            while (i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') i++, it->nargs++;
        } else if (!strcmp(a, "-noshell") || !strcmp(a, "-noinput")) {
            /* there is no shell yet: nothing to turn off */
            erlang_vm_add_argument(a + 1, NULL, 0);
        } else {
            fprintf(stderr, "laser: unsupported option %s\n", a);
            free(items);
            return 2;
        }
    }
    int r = cmd_run(items, n);
    free(items);
    return r;
}

int main(int argc, char **argv)
{
    /* one line per failure, visible as it happens even through a pipe */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && !strcmp(argv[1], "--version")) {
        unsigned ma, mi, pa;
        jit_llvm_version(&ma, &mi, &pa);
        printf("laser %s (LLVM %u.%u.%u)\n", LASER_VERSION, ma, mi, pa);
        return 0;
    }
    if (argc >= 3 && !strcmp(argv[1], "--check-load")) {
        ld_init();
        return cmd_check_load(argc - 2, argv + 2);
    }
    if (argc == 3 && !strcmp(argv[1], "--dis")) {
        ld_init();
        return cmd_dis(argv[2]);
    }
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && argv[1][0] == '-' && argv[1][1] != '-') return run_mode(argc, argv);
    usage(stderr);
    return 2;
}
