/*
 * main.c - the `laser` command line.
 *
 * Running a program boots OTP as erl does, with erl's command line:
 *
 *   laser [+S N] [+SDcpu N] [+SDio N] [+P N] [+t N] [+J...] [+A N] [+pc R] [+W L] [+fn..] [+h.. N]
 *         [-env VAR VALUE] [-args_file F] [ERL_ARGS...] [-extra ARGS...]
 *
 * Emulator flags (+...) are the VM's, -env sets an environment variable
 * and ERL_AFLAGS/ERL_FLAGS/ERL_ZFLAGS/-args_file add words (erlexec's
 * work, cmdline.c); everything else goes to init unchanged: -noshell,
 * -eval, -s, -run, -pa/-pz, -boot, -config, -extra, ... init reads
 * start.boot, starts kernel and stdlib, and runs -eval/-s/-run.
 * LASER_GC_STRESS=1 (GC stress) and +Jeager apply from the end of the
 * boot on (vm_boot_begin).
 *
 *   laser --version             laser's version and the LLVM it was built with
 *   laser --check-load PATH...  load every .beam under the paths (recursively);
 *                               one line per failure, a total line; exit 1 if
 *                               any failed
 *   laser --dis FILE.beam       the internal instructions, function by function
 */
#include "atom.h"
#include "bin.h"
#include "cmdline.h"
#include "../jit/jit.h"
#include "loader.h"
#include "ops.h"
#include "scheduler.h"
#include "vm.h"
#include "bif/erlang_code.h"
#include "bif/erlang_vm.h"

#include <dirent.h>
#include <fcntl.h>
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
            "       laser [+Joff|+Jtiered|+Jeager] [+Jdump DIR] [+Jstats] [+Jperf] [+S N] [+SDcpu N] [+SDio N]\n"
            "             [+P PROCS] [+t ATOMS] [-env VAR VALUE] ERL_ARGS...   (erl's: -noshell, -eval EXPR,\n"
            "             -s/-run MOD [FUNC [ARG...]], -pa/-pz DIR..., -boot, -config, -extra ARGS...)\n");
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

/* The boot: the first process runs erl_init:start(init, BootArgs) with the
 * arguments erlexec gives beam (binaries): -root, -bindir, -progname, then
 * -home, then the user's flags and arguments. */
static term boot_pid = THE_NON_VALUE;

/* init ended: erl writes a crash dump and exits 1 (erl_init.c) */
static bool boot_end(proc_t *p, bool raised)
{
    if (p->id != boot_pid) return false;
    fflush(stdout);
    fprintf(stderr, "{\"Kernel pid terminated\",init,");
    erlang_vm_print(stderr, sched_exit_reason(p));
    fprintf(stderr, "}\r\n");
    (void)raised;
    sched_halt(1);
}

static term cstr_binary(proc_t *p, const char *s) { return bin_make(proc_heap(p), (const uint8_t *)s, strlen(s), NULL); }

static _Noreturn void boot(const char *root, char **args, int nargs, unsigned nsched, uint32_t max_procs)
{
    char bindir[4096 + 64];
    snprintf(bindir, sizeof bindir, "%s/erts-13.1.5/bin", root); /* erlexec's */
    const char *home = getenv("HOME") ? getenv("HOME") : "/";
    const char *head[] = {"-root", root, "-bindir", bindir, "-progname", "erl", "--", "-home", home, "--"};
    /* the test modes (conformance runner, scripts/test): GC stress from
     * the end of the boot (vm.h) */
    const char *stress = getenv("LASER_GC_STRESS");
    vm_boot_begin(stress && *stress && strcmp(stress, "0"));
    vm_path_add_otp();
    sched_init(nsched, max_procs);
    proc_t *p = sched_new_proc(0);
    if (!p) laser_oom("the first process", 0);
    term al = NIL;
    for (int k = nargs; k-- > 0;) al = heap_make_cons(proc_heap(p), cstr_binary(p, args[k]), al);
    for (int k = (int)(sizeof head / sizeof *head); k-- > 0;) al = heap_make_cons(proc_heap(p), cstr_binary(p, head[k]), al);
    al = heap_make_cons(proc_heap(p), atom_from_cstr("init"), heap_make_cons(proc_heap(p), al, NIL));
    proc_heap_close(p);
    term erl_init = atom_from_cstr("erl_init");
    p->init_mfa[0] = erl_init, p->init_mfa[1] = atom_from_cstr("start"), p->init_mfa[2] = term_from_small(2);
    p->group_leader = p->id;
    vm_start_apply(p, erl_init, atom_from_cstr("start"), al);
    erlang_code_boot(p->id); /* error handlers load code; erts_code_purger */
    boot_pid = p->id;
    sched_boot_hook = boot_end;
    sched_start(p);
    sched_run();
}

/* A numeric emulator flag's value in [lo, hi] (the first number of N:M). */
static bool flag_value(const char *flag, const char *v, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || (*end && *end != ':') || n < lo || n > hi) {
        fprintf(stderr, "laser: bad %s %s\n", flag, v);
        return false;
    }
    *out = n;
    return true;
}

/* erl -detached: run in the background, in a new session, with stdin,
 * stdout and stderr on /dev/null (erlexec forks twice); before any
 * thread starts. */
static bool detach(void)
{
    for (int k = 0; k < 2; k++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("laser: -detached");
            return false;
        }
        if (pid > 0) _exit(0);
        if (k == 0) setsid();
    }
    int in = open("/dev/null", O_RDONLY), out = open("/dev/null", O_WRONLY);
    if (in < 0 || out < 0) return false;
    dup2(in, 0), dup2(out, 1), dup2(out, 2);
    if (in > 2) close(in);
    if (out > 2) close(out);
    return true;
}

/* +S, +SP, +SDcpu, +SDPcpu, +SDio: which one flag a is (value attached
 * or not), or NULL. */
static const char *sched_flag(const char *a)
{
    static const char *const names[] = {"SDPcpu", "SDcpu", "SDio", "SP", "S"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (!strncmp(a + 1, names[k], strlen(names[k]))) return names[k];
    return NULL;
}

static int run_mode(int argc, char **argv)
{
    const char *root = getenv("LASER_OTP_ROOT") && *getenv("LASER_OTP_ROOT") ? getenv("LASER_OTP_ROOT") : "/usr/lib/erlang";
    /* one scheduler per core unless +S says otherwise; OTP's +P default */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nsched = ncpu > 0 ? (unsigned)ncpu : 1;
    uint32_t max_procs = 1u << 20;
    const char *env_s = getenv("LASER_SCHEDULERS");
    if (env_s && atoi(env_s) > 0) nsched = (unsigned)atoi(env_s);
    /* what erlexec does with erl's command line: emulator flags (+...) are
     * the VM's, -env sets the environment, -noinput implies -noshell, and
     * the rest (from -extra on, everything) goes to init unchanged */
    cmdline_words_t words;
    if (!cmdline_words(argc, argv, &words)) {
        cmdline_free(&words);
        return 1; /* erlexec's status */
    }
    argc = (int)words.n;
    argv = words.v;
    /* -compile becomes five words, -make six (erlexec's) */
    char **args = calloc((size_t)argc * 6 + 8, sizeof *args);
    if (!args) laser_oom("command line", ((size_t)argc * 6 + 8) * sizeof *args);
    int nargs = 0;
    bool detached = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long v;
        if (!strcmp(a, "-extra")) {
            while (i < argc) args[nargs++] = argv[i++];
            break;
        }
        if (!strcmp(a, "+JPperf") && i + 1 < argc) {
            /* BEAM's perf support: laser's perf map (+Jperf) */
            if (strcmp(argv[++i], "false") && jit_option(1, (char *[]){"+Jperf"}, 0) < 0) goto bad;
            continue;
        }
        int j = jit_option(argc, argv, i);
        if (j < 0) goto bad;
        if (j > 0) {
            i += j - 1;
            continue;
        }
        if (a[0] == '+') {
            const char *val;
            int k = cmdline_emu_flag(argc, argv, i, &val);
            if (k < 0) {
                fprintf(stderr, k == -2 ? "Missing argument(s) for '%s'.\n" : "laser: bad flag %s\n", a);
                goto bad;
            }
            i += k - 1;
            int r = cmdline_apply(a, val);
            if (r < 0) goto bad;
            if (r > 0) continue;
            const char *sn = sched_flag(a);
            if (sn) {
                /* +S N[:M] schedulers (online: the first number), +SP
                 * percentages of the cores; the dirty pools likewise */
                const char *sv = val ? val : a + 1 + strlen(sn);
                bool pct = strchr(sn, 'P') != NULL;
                if (!flag_value(a, sv, 1, pct ? 100 : 1024, &v)) goto bad;
                unsigned n = pct ? (unsigned)(v * (ncpu > 0 ? ncpu : 1) / 100) : (unsigned)v;
                if (!n) n = 1;
                if (sn[1] == '\0' || sn[1] == 'P') nsched = n;
                else *(strstr(sn, "cpu") ? &sched_dirty_cpu : &sched_dirty_io) = n;
            } else if (a[1] == 'P') {
                if (!flag_value(a, val ? val : a + 2, 1024, 1l << 27, &v)) goto bad;
                max_procs = (uint32_t)v;
            } else if (a[1] == 't') {
                /* the atom table's size, erl's range and message */
                const char *tv = val ? val : a + 2;
                char *end;
                long long n = strtoll(tv, &end, 10);
                if (*end || end == tv || n < 0 || !atom_set_limit((uint64_t)n)) {
                    fprintf(stderr, "bad atom table size %s\n", tv);
                    free(args);
                    cmdline_free(&words);
                    return 1;
                }
            } else if (!strcmp(a, "+V")) {
                fprintf(stderr, "Erlang (SMP,ASYNC_THREADS) (BEAM) emulator version 13.1.5\r\n");
                free(args);
                cmdline_free(&words);
                return 0;
            } else if (!cmdline_known(a)) {
                fprintf(stderr, "laser: unsupported emulator flag %s\n", a);
                goto bad;
            }
        } else if (!strcmp(a, "-env")) {
            if (i + 2 >= argc) {
                fprintf(stderr, "Missing argument(s) for '-env'.\n");
                goto bad;
            }
            setenv(argv[i + 1], argv[i + 2], 1);
            i += 2;
        } else if (!strcmp(a, "-noinput")) {
            args[nargs++] = "-noshell";
            args[nargs++] = argv[i];
        } else if (!strcmp(a, "-compile") || !strcmp(a, "-make")) {
            /* erl -compile F...: c:lc_batch compiles the files and halts;
             * erl -make: make:all_or_nothing(), the rest ignored, halt */
            bool make = a[1] == 'm';
            const char *w[] = {"-noshell", "-noinput", "-s", make ? "make" : "c", make ? "all_or_nothing" : "lc_batch"};
            for (size_t k = 0; k < 5; k++) args[nargs++] = (char *)w[k];
            if (make) {
                args[nargs++] = "-s", args[nargs++] = "erlang", args[nargs++] = "halt";
                break;
            }
        } else if (!strcmp(a, "-detached")) {
            detached = true;
            args[nargs++] = "-noshell", args[nargs++] = "-noinput";
        } else if (!strcmp(a, "-version")) {
            fprintf(stderr, "Erlang (SMP,ASYNC_THREADS) (BEAM) emulator version 13.1.5\r\n");
            free(args);
            cmdline_free(&words);
            return 0;
        } else if (!strcmp(a, "-smp") || !strcmp(a, "-smpenable") || !strcmp(a, "-smpauto") || !strcmp(a, "-smpdisable")) {
            /* erlexec refuses the non-SMP emulator; the rest goes to init */
            bool has_val = !strcmp(a, "-smp") && i + 1 < argc &&
                           (!strcmp(argv[i + 1], "auto") || !strcmp(argv[i + 1], "enable") || !strcmp(argv[i + 1], "disable"));
            if (!strcmp(a, "-smpdisable") || (has_val && !strcmp(argv[i + 1], "disable"))) {
                fprintf(stderr, "Argument '-smp disable' not supported. Use \"+S 1\" instead.\n");
                goto bad;
            }
            args[nargs++] = argv[i];
            if (has_val) args[nargs++] = argv[++i];
        } else {
            args[nargs++] = argv[i]; /* init parses the rest */
            /* until error_handler asks the code server, loading on demand
             * is vm_code.c's: it needs the -pa/-pz directories too */
            if (!strcmp(a, "-pa") || !strcmp(a, "-pz"))
                while (i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') {
                    vm_path_add(argv[i + 1], a[2] == 'z');
                    args[nargs++] = argv[++i];
                }
        }
    }
    if (detached && !detach()) goto bad;
    /* erl's preloaded modules (erlang.beam, init, erts_internal, ...),
     * before the JIT starts: eager mode would compile all of them at every
     * start (1.5 s); they are interpreted there, and tiered as any code */
    vm_init();
    char err[LD_ERRBUF_SIZE + 256];
    if (!erlang_code_preload(root, err, sizeof err)) {
        fprintf(stderr, "laser: cannot load the preloaded modules: %s\n", err);
        free(args);
        cmdline_free(&words);
        return 1;
    }
    if (!jit_start()) goto bad;
    boot(root, args, nargs, nsched, max_procs);
bad:
    free(args);
    cmdline_free(&words);
    return 2;
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
