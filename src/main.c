/*
 * main.c - the `laser` command line.
 *
 * Running programs takes erl's command line (before the OTP boot exists):
 *
 *   laser [-pa DIR...] [-pz DIR...] [-noshell] [-noinput] [+S N] [+SDcpu N] [+SDio N] [+P N] [+t N]
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
#include "bin.h"
#include "../jit/jit.h"
#include "loader.h"
#include "ops.h"
#include "scheduler.h"
#include "vm.h"
#include "bif/erlang_code.h"
#include "bif/erlang_vm.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LASER_VERSION "0.1.0"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: laser --version\n"
            "       laser --check-load PATH...   load every .beam file under PATH (files or directories)\n"
            "       laser --dis FILE.beam        print the loaded internal instructions\n"
            "       laser --bench-modes          the JIT modes bench/run compares (NAME=FLAGS lines)\n"
            "       laser [+Joff|+Jtiered|+Jeager] [+Jdump DIR] [+Jstats] [+Jperf] [+t ATOMS]\n"
            "             [-pa DIR...] [-pz DIR...] [-noshell] (-s|-run) MOD [FUNC [ARG...]]...\n");
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
    term r = sched_exit_reason(p);
    fflush(stdout);
    printf("{\"init terminating in do_boot\",");
    erlang_vm_print(stdout, r);
    printf("}\r\n"); /* erl's erts_printf ends lines with CR LF */
    fflush(stdout);
    fprintf(stderr, "init terminating in do_boot (");
    erlang_vm_print(stderr, r);
    fprintf(stderr, ")\r\n");
}

/* The -s/-run functions run one after the other in the first process
 * (pid <0.0.0>): the scheduler calls boot_next when one returns or raises. */
static run_item_t *boot_items;
static int boot_n, boot_pos;
static bool boot_stop; /* -s init stop was given */

/* Set up the next -s/-run call in p; false if there is none. */
static bool boot_setup(proc_t *p)
{
    while (boot_pos < boot_n) {
        run_item_t *it = &boot_items[boot_pos++];
        /* init:stop() only starts an orderly shutdown in erl: the -s
         * functions after it still run, then the VM ends (status 0) */
        if (!strcmp(it->mod, "init") && !strcmp(it->fun ? it->fun : "", "stop")) {
            boot_stop = true;
            continue;
        }
        term m = atom_from_cstr(it->mod);
        term f = atom_from_cstr(it->fun ? it->fun : "start");
        term args = NIL;
        if (it->nargs) {
            term l = NIL;
            for (int k = it->nargs; k-- > 0;) {
                term a = it->strings ? cstr_list(p, it->args[k]) : atom_from_cstr(it->args[k]);
                l = heap_make_cons(proc_heap(p), a, l);
            }
            args = heap_make_cons(proc_heap(p), l, NIL);
            proc_heap_close(p);
        }
        p->init_mfa[0] = m, p->init_mfa[1] = f, p->init_mfa[2] = term_from_small(it->nargs ? 1 : 0);
        p->mem.stop = p->mem.hend; /* a fresh stack for each function */
        vm_start_apply(p, m, f, args);
        return true;
    }
    return false;
}

static bool boot_next(proc_t *p, bool raised)
{
    if (p->id != vm_boot_pid) return false;
    if (raised) {
        report_uncaught(p);
        sched_halt(1);
    }
    if (boot_setup(p)) return true;
    /* erl keeps running after the last -s function unless one was
     * `init stop`; the first process itself ends */
    if (boot_stop) sched_halt(0);
    return false;
}

/* The real boot: the first process runs erl_init:start(init, BootArgs) with
 * the arguments erlexec gives beam (binaries): -root, -bindir, -progname,
 * then -home, then the user's flags and arguments. */
static char **otp_args;
static int otp_nargs;

static term boot_real_pid = THE_NON_VALUE;

/* init ended: erl writes a crash dump and exits 1 (erl_init.c) */
static bool boot_real_end(proc_t *p, bool raised)
{
    if (p->id != boot_real_pid) return false;
    fflush(stdout);
    fprintf(stderr, "{\"Kernel pid terminated\",init,");
    erlang_vm_print(stderr, sched_exit_reason(p));
    fprintf(stderr, "}\r\n");
    (void)raised;
    sched_halt(1);
}

static term cstr_binary(proc_t *p, const char *s) { return bin_make(proc_heap(p), (const uint8_t *)s, strlen(s), NULL); }

static _Noreturn void cmd_boot(const char *root, unsigned nsched, uint32_t max_procs)
{
    char bindir[4096 + 64];
    snprintf(bindir, sizeof bindir, "%s/erts-13.1.5/bin", root); /* erlexec's, as run_mode's */
    const char *home = getenv("HOME") ? getenv("HOME") : "/";
    const char *head[] = {"-root", root, "-bindir", bindir, "-progname", "erl", "--", "-home", home, "--"};
    vm_path_add_otp();
    sched_init(nsched, max_procs);
    proc_t *p = sched_new_proc(0);
    if (!p) laser_oom("the first process", 0);
    term args = NIL;
    for (int k = otp_nargs; k-- > 0;) args = heap_make_cons(proc_heap(p), cstr_binary(p, otp_args[k]), args);
    for (int k = (int)(sizeof head / sizeof *head); k-- > 0;) args = heap_make_cons(proc_heap(p), cstr_binary(p, head[k]), args);
    term al = heap_make_cons(proc_heap(p), atom_from_cstr("init"), heap_make_cons(proc_heap(p), args, NIL));
    proc_heap_close(p);
    term erl_init = atom_from_cstr("erl_init");
    p->init_mfa[0] = erl_init, p->init_mfa[1] = atom_from_cstr("start"), p->init_mfa[2] = term_from_small(2);
    p->group_leader = p->id;
    vm_start_apply(p, erl_init, atom_from_cstr("start"), al);
    erlang_code_boot(p->id); /* error handlers load code; erts_code_purger */
    boot_real_pid = p->id;
    sched_boot_hook = boot_real_end;
    sched_start(p);
    sched_run();
}

static _Noreturn void cmd_run(run_item_t *items, int n, unsigned nsched, uint32_t max_procs)
{
    /* the conformance suite's GC stress mode (gc.h): a collection at every
     * allocation point of every process */
    const char *stress = getenv("LASER_GC_STRESS");
    if (stress && *stress && strcmp(stress, "0")) gc_stress_default = true;
    vm_init();
    vm_path_add_otp();
    sched_init(nsched, max_procs);
    proc_t *p = sched_new_proc(0);
    if (!p) laser_oom("the first process", 0);
    vm_boot_pid = p->id;
    p->group_leader = VM_IO_SERVER_PID; /* io requests go to vm_io.c */
    p->flags |= PF_TRAP_EXIT; /* as erl's process running -s functions */
    boot_items = items, boot_n = n, boot_pos = 0;
    sched_boot_hook = boot_next;
    if (!boot_setup(p)) {
        if (boot_stop) sched_halt(0);
        proc_exit(p, ATOM(normal));
        pthread_mutex_unlock(&p->run_lock);
        proc_unref(p);
    } else {
        sched_start(p);
    }
    sched_run();
}

static int run_mode(int argc, char **argv)
{
    /* init:get_arguments/0 as erl's: root, bindir, progname and home first */
    static char *root[1], *bindir[1], *progname[1] = {"erl"}, *home[1];
    static char bindir_buf[4096 + 64];
    root[0] = getenv("LASER_OTP_ROOT") && *getenv("LASER_OTP_ROOT") ? getenv("LASER_OTP_ROOT") : "/usr/lib/erlang";
    snprintf(bindir_buf, sizeof bindir_buf, "%s/erts-13.1.5/bin", root[0]);
    bindir[0] = bindir_buf;
    home[0] = getenv("HOME") ? getenv("HOME") : "/";
    erlang_vm_add_argument("root", root, 1);
    erlang_vm_add_argument("bindir", bindir, 1);
    erlang_vm_add_argument("progname", progname, 1);
    erlang_vm_add_argument("home", home, 1);
    /* one scheduler per core unless +S says otherwise; OTP's +P default */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nsched = ncpu > 0 ? (unsigned)ncpu : 1;
    uint32_t max_procs = 1u << 20;
    const char *env_s = getenv("LASER_SCHEDULERS");
    if (env_s && atoi(env_s) > 0) nsched = (unsigned)atoi(env_s);
    run_item_t *items = calloc((size_t)argc, sizeof *items);
    if (!items) laser_oom("command line", (size_t)argc * sizeof *items);
    int n = 0;
    /* LASER_OTP_BOOT=1: boot OTP for real (work in progress: issue 6) */
    const char *ob = getenv("LASER_OTP_BOOT");
    bool real = ob && !strcmp(ob, "1");
    otp_args = calloc((size_t)argc, sizeof *otp_args);
    if (!otp_args) laser_oom("command line", (size_t)argc * sizeof *otp_args);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int j = jit_option(argc, argv, i);
        if (j < 0) {
            free(items);
            return 2;
        }
        if (j > 0) {
            i += j - 1;
            continue;
        }
        if (real && strcmp(a, "+S") && strcmp(a, "+P") && strcmp(a, "+t")) {
            otp_args[otp_nargs++] = argv[i]; /* init parses the rest */
            /* until error_handler asks the code server, loading on demand
             * is vm_code.c's: it needs the -pa/-pz directories too */
            if (!strcmp(a, "-pa") || !strcmp(a, "-pz"))
                while (i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') {
                    vm_path_add(argv[i + 1], a[2] == 'z');
                    otp_args[otp_nargs++] = argv[++i];
                }
        } else if (!strcmp(a, "-pa") || !strcmp(a, "-pz")) {
            bool end = a[2] == 'z';
            int first = i + 1;
            while (i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') vm_path_add(argv[++i], end);
            erlang_vm_add_argument(a + 1, argv + first, i + 1 - first); /* listed by init:get_arguments() */
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
        } else if (!strcmp(a, "+S") && i + 1 < argc) {
            /* +S N or +S N:M (schedulers online: the first number) */
            long v = strtol(argv[++i], NULL, 10);
            if (v < 1 || v > 1024) {
                fprintf(stderr, "laser: bad +S %s\n", argv[i]);
                free(items);
                return 2;
            }
            nsched = (unsigned)v;
        } else if ((!strcmp(a, "+SDcpu") || !strcmp(a, "+SDio")) && i + 1 < argc) {
            /* dirty scheduler pools (scheduler.h): +SDcpu N[:M], +SDio N */
            long v = strtol(argv[++i], NULL, 10);
            if (v < 1 || v > 1024) {
                fprintf(stderr, "laser: bad %s %s\n", a, argv[i]);
                free(items);
                return 2;
            }
            *(a[3] == 'c' ? &sched_dirty_cpu : &sched_dirty_io) = (unsigned)v;
        } else if (!strcmp(a, "+P") && i + 1 < argc) {
            long v = strtol(argv[++i], NULL, 10);
            if (v < 1024 || v > (1l << 27)) {
                fprintf(stderr, "laser: bad +P %s\n", argv[i]);
                free(items);
                return 2;
            }
            max_procs = (uint32_t)v;
        } else if (!strcmp(a, "+t") && i + 1 < argc) {
            /* the atom table's size, erl's range and message */
            char *end;
            long long v = strtoll(argv[++i], &end, 10);
            if (*end || v < 0 || !atom_set_limit((uint64_t)v)) {
                fprintf(stderr, "bad atom table size %s\n", argv[i]);
                free(items);
                return 1;
            }
        } else if (!strcmp(a, "-noshell") || !strcmp(a, "-noinput")) {
            /* there is no shell yet: nothing to turn off */
            erlang_vm_add_argument(a + 1, NULL, 0);
        } else {
            fprintf(stderr, "laser: unsupported option %s\n", a);
            free(items);
            return 2;
        }
    }
    /* erl's preloaded modules (erlang.beam, init, erts_internal, ...),
     * before the JIT starts: eager mode would compile all of them at every
     * start (1.5 s); they are interpreted there, and tiered as any code */
    vm_init();
    if (real) erlang_code_release_interim();
    char err[LD_ERRBUF_SIZE + 256];
    if (!erlang_code_preload(root[0], err, sizeof err)) {
        fprintf(stderr, "laser: cannot load the preloaded modules: %s\n", err);
        free(items);
        return 1;
    }
    if (!jit_start()) {
        free(items);
        return 2;
    }
    if (real) {
        free(items);
        cmd_boot(root[0], nsched, max_procs);
    }
    cmd_run(items, n, nsched, max_procs);
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
    if (argc == 2 && !strcmp(argv[1], "--bench-modes")) {
        jit_bench_modes(stdout);
        return 0;
    }
    if (argc >= 2 && ((argv[1][0] == '-' && argv[1][1] != '-') || argv[1][0] == '+')) return run_mode(argc, argv);
    usage(stderr);
    return 2;
}
