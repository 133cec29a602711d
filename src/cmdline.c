/*
 * cmdline.c - erl's command line as erlexec reads it, before beam sees it.
 *
 * The words: ERL_AFLAGS, the command line, ERL_FLAGS, ERL_ZFLAGS, in
 * that order, each split at its -extra (every -extra part goes to the end,
 * in the same order), and -args_file FILE replaced by the file's words
 * (# starts a comment; files may nest).
 *
 * Emulator flags (+...) take their value as erlexec does: attached
 * (+A4, +sbtu, +hmsN) or as the next word for the flags erlexec knows to
 * take one (+A 4, +sbt u, +hms N, +MBas aobf, ...). cmdline_emu_flag
 * splits one flag; main.c acts on it (cmdline_apply for the settings the
 * runtime reports).
 */
#include "cmdline.h"

#include "gc.h"
#include "heap.h"
#include "proc.h"
#include "settings.h"

#include <stdatomic.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The words split from variables and files, freed by cmdline_free. */
static cmdline_words_t owned;

static void push(cmdline_words_t *w, char *s)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 32;
        w->v = realloc(w->v, w->cap * sizeof *w->v);
        if (!w->v) laser_oom("command line", w->cap * sizeof *w->v);
    }
    w->v[w->n++] = s;
}

/* The words of s, as a shell would split them with quotes and
 * backslashes; in a file (comments), # to the end of the line is left out. */
static void split_words(const char *s, bool comments, cmdline_words_t *out)
{
    size_t len = strlen(s);
    char *buf = malloc(len + 1);
    if (!buf) laser_oom("command line", len + 1);
    const char *c = s;
    for (;;) {
        while (*c && isspace((unsigned char)*c)) c++;
        if (!*c) break;
        if (comments && *c == '#') {
            while (*c && *c != '\n') c++;
            continue;
        }
        size_t n = 0;
        char q = 0;
        for (; *c && (q || !isspace((unsigned char)*c)); c++) {
            if (q && *c == q) q = 0;
            else if (!q && (*c == '"' || *c == '\'')) q = *c;
            else if (*c == '\\' && c[1] && q != '\'') buf[n++] = *++c;
            else buf[n++] = *c;
        }
        buf[n] = '\0';
        char *d = strdup(buf);
        if (!d) laser_oom("command line", n + 1);
        push(&owned, d);
        push(out, d);
    }
    free(buf);
}

/* Append the words of v[0..n) to head and extra (from -extra on),
 * expanding -args_file; false with a message for an unreadable file. The
 * -extra part of a variable or a file ends with "--" (measured on erl:
 * ERL_FLAGS="-extra f1" gives the plain arguments ["f1","--"]); the
 * command line's does not. */
static bool add_part(char **v, size_t n, cmdline_words_t *head, cmdline_words_t *extra, int depth, bool cmdline)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(v[i], "-extra")) {
            for (i++; i < n; i++) push(extra, v[i]);
            if (!cmdline) push(extra, "--");
            break;
        }
        if (strcmp(v[i], "-args_file")) {
            push(head, v[i]);
            continue;
        }
        if (i + 1 >= n) {
            fprintf(stderr, "Missing argument(s) for '-args_file'.\n");
            return false;
        }
        const char *path = v[++i];
        FILE *f = depth < 32 ? fopen(path, "r") : NULL;
        if (!f) {
            char cwd[4096];
            int e = depth < 32 ? errno : ELOOP;
            fprintf(stderr, "Failed to open arguments file \"%s\" at \"%s\": %s\n", path,
                    getcwd(cwd, sizeof cwd) ? cwd : ".", strerror(e));
            return false;
        }
        cmdline_words_t fw = {0};
        char *text = NULL;
        size_t cap = 0, len = 0, k;
        do {
            if (len + 1 >= cap) {
                cap = 2 * cap + 4096;
                text = realloc(text, cap);
                if (!text) laser_oom("args_file", cap);
            }
            k = fread(text + len, 1, cap - len - 1, f);
            len += k;
        } while (k > 0);
        fclose(f);
        text[len] = '\0';
        split_words(text, true, &fw);
        free(text);
        bool ok = add_part(fw.v, fw.n, head, extra, depth + 1, false);
        free(fw.v);
        if (!ok) return false;
    }
    return true;
}

bool cmdline_words(int argc, char **argv, cmdline_words_t *out)
{
    cmdline_words_t head = {0}, extra = {0};
    push(&head, argv[0]);
    static const char *const env[] = {"ERL_AFLAGS", NULL, "ERL_FLAGS", "ERL_ZFLAGS"};
    bool ok = true;
    for (int k = 0; k < 4 && ok; k++) {
        if (!env[k]) {
            ok = add_part(argv + 1, (size_t)(argc - 1), &head, &extra, 0, true);
            continue;
        }
        const char *s = getenv(env[k]);
        if (!s || !*s) continue;
        cmdline_words_t w = {0};
        split_words(s, false, &w);
        ok = add_part(w.v, w.n, &head, &extra, 0, false);
        free(w.v);
    }
    if (ok && extra.n) {
        push(&head, "-extra");
        for (size_t i = 0; i < extra.n; i++) push(&head, extra.v[i]);
    }
    free(extra.v);
    *out = head;
    return ok;
}

void cmdline_free(cmdline_words_t *w)
{
    free(w->v);
    *w = (cmdline_words_t){0};
    for (size_t i = 0; i < owned.n; i++) free(owned.v[i]);
    free(owned.v);
    owned = (cmdline_words_t){0};
}

/* ---- emulator flags ---- */

static bool one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list)) return true;
    return false;
}

/* erlexec's lists: these words take the next word as their value. */
static const char *const s_val[] = {"bt", "bwtdcpu", "bwtdio", "bwt", "cl", "ct", "ecio", "fwi", "tbt", "wct",
                                    "wtdcpu", "wtdio", "wt", "ws", "ss", "ssdcpu", "ssdio", "pp", "ub", NULL};
static const char *const h_val[] = {"ms", "mbs", "pds", "max", "maxk", "maxel", "mqd", "", NULL};
static const char *const r_val[] = {"g", NULL};
static const char *const z_val[] = {"dbbl", "dntgc", "ebwt", NULL};
static const char *const m_au[] = {"as", "asbcst", "atags", "acul", "acnl", "acfml", "e", "t",
                                   "lmbcs", "mbcgs", "mbsd", "mmbcs", "mmmbc", "mmsbc", "msbclt", "ramv",
                                   "rmbcmt", "rsbcmt", "rsbcst", "sbct", "smbcs", NULL};
static const char *const m_other[] = {"ea", "ummc", "uycs", "usac", "im", "is", "it", "lpm", "Mamcbf", "Mrmcbf",
                                      "Mmcs", "Mscs", "Mscrfsd", "Msco", "Mscrpm", "Ye", "Ym", "Ytp", "Ytt",
                                      "Iscs", "Xscs", NULL};

/* Does the flag word a (without '+') take the next word as its value? */
static bool takes_next(const char *a)
{
    if (strchr("aACeinPQtTRWK", a[0]) && !a[1]) return true;
    switch (a[0]) {
    case 'S':
        return !strcmp(a, "S") || !strcmp(a, "SP") || !strcmp(a, "SDcpu") || !strcmp(a, "SDPcpu") ||
               !strcmp(a, "SDio");
    case 'I': return !strcmp(a, "IOt") || !strcmp(a, "IOp") || !strcmp(a, "IOPt") || !strcmp(a, "IOPp");
    case 'p': return !strcmp(a, "pc");
    case 's': return one_of(a + 1, s_val);
    case 'h': return one_of(a + 1, h_val);
    case 'r': return one_of(a + 1, r_val);
    case 'z': return one_of(a + 1, z_val);
    case 'M': return (a[1] && strchr("BIDEFHLRSTXZ", a[1]) && one_of(a + 2, m_au)) || one_of(a + 1, m_other);
    default: return false;
    }
}

int cmdline_emu_flag(int argc, char **argv, int i, const char **value)
{
    const char *a = argv[i] + 1;
    *value = NULL;
    if (a[0] == 'B') {
        /* +B, +Bc, +Bd, +Bi, and +B i */
        if (a[1] && (a[2] || !strchr("cdi", a[1]))) return -1;
        if (!a[1] && i + 1 < argc && argv[i + 1][0] != '-' && argv[i + 1][0] != '+') {
            if (strcmp(argv[i + 1], "i")) return -1;
            *value = argv[i + 1];
            return 2;
        }
        *value = a + 1;
        return 1;
    }
    if (a[0] == 'c' && !a[1]) {
        /* +c, or +c true|false */
        if (i + 1 < argc && (!strcmp(argv[i + 1], "true") || !strcmp(argv[i + 1], "false"))) {
            *value = argv[i + 1];
            return 2;
        }
        *value = "true";
        return 1;
    }
    if (takes_next(a)) {
        if (i + 1 >= argc) return -2;
        *value = argv[i + 1];
        return 2;
    }
    return 1;
}

/* The value of an attached or separate flag: "+hms" with value v, or
 * "+hms233" with none: the text after the flag's name. */
static const char *val_of(const char *a, const char *name, const char *v) { return v ? v : a + strlen(name); }

static bool num(const char *flag, const char *s, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || *end || n < lo || n > hi) {
        fprintf(stderr, "laser: bad %s value %s\n", flag, s);
        return false;
    }
    *out = n;
    return true;
}

static bool boolean(const char *flag, const char *s, bool *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "false")) {
        *out = s[0] == 't';
        return true;
    }
    fprintf(stderr, "laser: bad %s value %s\n", flag, s);
    return false;
}

static bool prefix(const char *a, const char *p) { return !strncmp(a, p, strlen(p)); }

int cmdline_apply(const char *flag, const char *v)
{
    const char *a = flag + 1;
    long n;
    bool b;
    switch (a[0]) {
    case 'A':
        if (!num(flag, val_of(a, "A", v), 0, 1024, &n)) return -1;
        vm_settings.async_threads = (unsigned)n;
        return 1;
    case 'W': {
        const char *w = val_of(a, "W", v);
        if (strlen(w) != 1 || !strchr("wie", w[0])) {
            fprintf(stderr, "laser: bad %s value %s (w, i or e)\n", flag, w);
            return -1;
        }
        vm_settings.warning_map = w[0];
        return 1;
    }
    case 'p':
        if (!prefix(a, "pc")) return 0;
        v = val_of(a, "pc", v);
        if (strcmp(v, "unicode") && strcmp(v, "latin1")) {
            fprintf(stderr, "laser: bad %s value %s (unicode or latin1)\n", flag, v);
            return -1;
        }
        vm_settings.printable_unicode = v[0] == 'u';
        return 1;
    case 'f':
        /* +fnl, +fnu[w|i|e], +fna[w|i|e] */
        if (!prefix(a, "fn")) return 0;
        if ( !a[2] || !strchr("lua", a[2]) || (a[3] && (a[2] == 'l' || a[4] || !strchr("wie", a[3])))) {
            fprintf(stderr, "laser: bad file name encoding flag %s\n", flag);
            return -1;
        }
        vm_settings.fn_encoding = a[2];
        if (a[3]) vm_settings.fn_bad = a[3];
        return 1;
    case 'h':
        if (prefix(a, "hmqd")) {
            v = val_of(a, "hmqd", v);
            if (strcmp(v, "off_heap") && strcmp(v, "on_heap")) {
                fprintf(stderr, "laser: bad %s value %s (off_heap or on_heap)\n", flag, v);
                return -1;
            }
            vm_settings.mqd_off_heap = v[1] == 'f';
            return 1;
        }
        if (prefix(a, "hmaxk") || prefix(a, "hmaxel")) {
            bool kill = a[4] == 'k';
            if (!boolean(flag, val_of(a, kill ? "hmaxk" : "hmaxel", v), &b)) return -1;
            uint64_t m = atomic_load(&proc_default_max_heap);
            uint64_t bit = kill ? 2 : 1;
            atomic_store(&proc_default_max_heap, b ? m | bit : m & ~bit);
            return 1;
        }
        if (prefix(a, "hmax")) {
            if (!num(flag, val_of(a, "hmax", v), 0, (long)(UINT64_MAX >> 3), &n)) return -1;
            uint64_t m = atomic_load(&proc_default_max_heap);
            atomic_store(&proc_default_max_heap, (uint64_t)n << 2 | (m & 3));
            return 1;
        }
        if (prefix(a, "hmbs") || prefix(a, "hms")) {
            bool bin = a[2] == 'b';
            if (!num(flag, val_of(a, bin ? "hmbs" : "hms", v), 0, 1l << 40, &n)) return -1;
            size_t words = gc_next_heap_size((size_t)n, 0);
            atomic_store(bin ? &proc_default_min_bin_vheap : &proc_default_min_heap, words);
            return 1;
        }
        if (prefix(a, "hpds")) return num(flag, val_of(a, "hpds", v), 0, 1l << 30, &n) ? 1 : -1;
        return 0;
    default: return 0;
    }
}

bool cmdline_known(const char *flag)
{
    /* beam's flags (erl_init.c), taken without effect on laser: those
     * that tune erts' allocators, pollsets, scheduler binding, busy
     * limits, time correction and compatibility (+L, which drops line
     * numbers from stack traces, is refused) */
    const char *a = flag + 1;
    return strchr("aBcCdeIKMnQrRsTvz", a[0]) != NULL;
}
