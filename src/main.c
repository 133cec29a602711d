/*
 * main.c - the `laser` command line.
 *
 * Today it offers the loader's tools only; running Erlang programs (erl's
 * command line: -noshell, -s, -eval, ...) comes with the interpreter, and
 * until then any other invocation prints the usage and exits 2 rather than
 * pretending to run something.
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
            "Running Erlang programs is not implemented yet.\n");
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

/* The atom table leaks its outgrown indexes on purpose (lock-free readers
 * may still probe them, runtime/atom.c); tell LeakSanitizer in ASan builds
 * so that `laser` exits cleanly there. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:index_new\n"; }

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
    usage(stderr);
    return 2;
}
