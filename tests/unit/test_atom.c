/*
 * test_atom.c - the global atom table (runtime/atom.c): interning, the
 * Latin-1/UTF-8 equivalence, OTP's limits (255 characters; 1,048,576 atoms
 * or +t: a full table ends the VM as erl's does), lookups that must not
 * create, the order of atoms,
 * and concurrent interning from several threads.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atom.h"

TestSuite(atom, .init = atom_init);

static term put(const char *s)
{
    term t;
    cr_assert_eq(atom_put_utf8((const uint8_t *)s, strlen(s), &t), ATOM_OK, "intern %s", s);
    return t;
}

static bool text_is(term a, const char *s)
{
    size_t n;
    const uint8_t *p = atom_text(a, &n);
    return n == strlen(s) && memcmp(p, s, n) == 0;
}

Test(atom, predefined_atoms_are_constants)
{
    cr_assert(text_is(ATOM(ok), "ok"));
    cr_assert(text_is(ATOM(nonode_at_nohost), "nonode@nohost"));
    cr_assert_eq(put("badarg"), ATOM(badarg));
    cr_assert_eq(ATOM(false), term_from_atom_index(0), "false is the first atom");
}

Test(atom, interning_is_idempotent)
{
    term a = put("hello_world"), b = put("hello_world"), c = put("hello_worlds");
    cr_assert_eq(a, b);
    cr_assert_neq(a, c);
    cr_assert(term_is_atom(a));
    cr_assert_eq(atom_chars(a), 11);
}

Test(atom, latin1_and_utf8_name_the_same_atom)
{
    const uint8_t latin1[] = {'c', 'a', 'f', 0xE9};
    term a, b;
    cr_assert_eq(atom_put_latin1(latin1, sizeof latin1, &a), ATOM_OK);
    b = put("caf\xC3\xA9");
    cr_assert_eq(a, b);
    cr_assert_eq(atom_chars(a), 4);
    cr_assert(atom_is_latin1(a));
    term snow = put("snow\xE2\x98\x83");
    cr_assert_not(atom_is_latin1(snow));
    cr_assert_eq(atom_chars(snow), 5);
}

Test(atom, invalid_utf8_is_rejected)
{
    static const char *bad[] = {
        "\xC3",             /* truncated */
        "\xC0\xAF",         /* overlong */
        "\xED\xA0\x80",     /* surrogate */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\x80",             /* stray continuation */
        "\xFF",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        term t;
        cr_assert_eq(atom_put_utf8((const uint8_t *)bad[i], strlen(bad[i]), &t), ATOM_ERR_BAD_UTF8, "case %zu", i);
    }
}

Test(atom, length_limit_counts_characters_not_bytes)
{
    char buf[2 * 256 + 1];
    term t;
    memset(buf, 'x', 255);
    cr_assert_eq(atom_put_utf8((const uint8_t *)buf, 255, &t), ATOM_OK);
    memset(buf, 'y', 256);
    cr_assert_eq(atom_put_utf8((const uint8_t *)buf, 256, &t), ATOM_ERR_TOO_LONG);
    /* 255 two-byte characters: 510 bytes, still one legal atom */
    for (int i = 0; i < 255; i++) memcpy(buf + 2 * i, "\xC3\xBC", 2);
    cr_assert_eq(atom_put_utf8((const uint8_t *)buf, 510, &t), ATOM_OK);
    cr_assert_eq(atom_chars(t), 255);
    memcpy(buf + 510, "\xC3\xBC", 2);
    cr_assert_eq(atom_put_utf8((const uint8_t *)buf, 512, &t), ATOM_ERR_TOO_LONG);
    uint8_t latin[256];
    memset(latin, 0xFC, sizeof latin);
    cr_assert_eq(atom_put_latin1(latin, 255, &t), ATOM_OK);
    cr_assert_eq(atom_put_latin1(latin, 256, &t), ATOM_ERR_TOO_LONG);
}

Test(atom, lookup_never_creates)
{
    size_t before = atom_count();
    term t;
    cr_assert_eq(atom_get_utf8((const uint8_t *)"surely_not_an_atom_yet", 22, &t), ATOM_ERR_NOT_FOUND);
    cr_assert_eq(atom_get_latin1((const uint8_t *)"surely_not_an_atom_yet", 22, &t), ATOM_ERR_NOT_FOUND);
    cr_assert_eq(atom_count(), before);
    term made = put("surely_not_an_atom_yet");
    cr_assert_eq(atom_get_utf8((const uint8_t *)"surely_not_an_atom_yet", 22, &t), ATOM_OK);
    cr_assert_eq(t, made);
}

Test(atom, order_is_code_point_order)
{
    cr_assert_lt(atom_compare(put("a"), put("b")), 0);
    cr_assert_lt(atom_compare(put("ab"), put("abc")), 0);
    cr_assert_gt(atom_compare(put("b"), put("abc")), 0);
    cr_assert_lt(atom_compare(put("Z"), put("a")), 0);
    /* U+00FF (2 bytes) < U+0100 (2 bytes) < U+2603 (3 bytes) */
    cr_assert_lt(atom_compare(put("\xC3\xBF"), put("\xC4\x80")), 0);
    cr_assert_lt(atom_compare(put("\xC4\x80"), put("\xE2\x98\x83")), 0);
    cr_assert_eq(atom_compare(put("same"), put("same")), 0);
}

/* Fill the table to its limit: every atom made stays found and existing
 * atoms still intern; then one new atom. Returns only if that one did not
 * end the process (a failure). */
static void fill_then_one_more(uint64_t lim, const char *prefix)
{
    char buf[32];
    size_t start = atom_count();
    for (size_t i = 0; start + i < lim; i++) {
        int n = snprintf(buf, sizeof buf, "%s%zu", prefix, i);
        term t;
        if (atom_put_utf8((const uint8_t *)buf, (size_t)n, &t) != ATOM_OK || !text_is(t, buf)) _exit(3);
    }
    term t;
    if (atom_count() != lim) _exit(4);
    int n = snprintf(buf, sizeof buf, "%s0", prefix);
    if (atom_put_utf8((const uint8_t *)buf, (size_t)n, &t) != ATOM_OK || !text_is(t, buf)) _exit(5);
    if (atom_get_utf8((const uint8_t *)"absent", 6, &t) != ATOM_ERR_NOT_FOUND) _exit(6);
    (void)atom_put_utf8((const uint8_t *)"one_too_many", 12, &t);
}

/* Run fill_then_one_more in a child with stderr on a pipe; its exit status
 * and what it printed. */
static int crash_child(uint64_t lim, const char *prefix, char *err, size_t errsz)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        dup2(fd[1], 2);
        close(fd[0]);
        if (!atom_set_limit(lim)) _exit(2);
        fill_then_one_more(lim, prefix);
        _exit(0);
    }
    close(fd[1]);
    size_t got = 0;
    ssize_t r;
    while (got + 1 < errsz && (r = read(fd[0], err + got, errsz - 1 - got)) > 0) got += (size_t)r;
    err[got] = 0;
    close(fd[0]);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

/* A full table ends the VM as erl's does (+t sets the limit): the slogan
 * on stderr, a crash dump where ERL_CRASH_DUMP says, status 1. */
Test(atom, full_table_crashes_as_erl, .timeout = 120)
{
    char dump[512], err[1024], want[1024];
    snprintf(dump, sizeof dump, "%s/atom_crash_%d.dump", LASER_BINARY_DIR, (int)getpid());
    unlink(dump);
    setenv("ERL_CRASH_DUMP", dump, 1);
    unsetenv("ERL_CRASH_DUMP_SECONDS");
    uint64_t lim = atom_count() + 10000;
    cr_assert_eq(crash_child(lim, "fill_", err, sizeof err), 1, "stderr: %s", err);
    snprintf(want, sizeof want,
             "no more index entries in atom_tab (max=%llu)\r\n\r\nCrash dump is being written to: %s...done\r\n",
             (unsigned long long)lim, dump);
    cr_assert_str_eq(err, want);
    FILE *f = fopen(dump, "r");
    cr_assert_not_null(f, "no crash dump at %s", dump);
    char text[512] = {0};
    cr_assert_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    unlink(dump);
    cr_assert_eq(strncmp(text, "=erl_crash_dump:0.5\n", 20), 0);
    snprintf(want, sizeof want, "\nSlogan: no more index entries in atom_tab (max=%llu)\n", (unsigned long long)lim);
    cr_assert_not_null(strstr(text, want), "%s", text);

    /* ERL_CRASH_DUMP_SECONDS=0: the slogan only, no dump */
    setenv("ERL_CRASH_DUMP_SECONDS", "0", 1);
    cr_assert_eq(crash_child(lim, "fill_", err, sizeof err), 1);
    snprintf(want, sizeof want, "no more index entries in atom_tab (max=%llu)\r\n", (unsigned long long)lim);
    cr_assert_str_eq(err, want);
    cr_assert_neq(access(dump, F_OK), 0);
    unsetenv("ERL_CRASH_DUMP_SECONDS");
    unsetenv("ERL_CRASH_DUMP");
}

/* The default limit is OTP's 1,048,576 atoms. */
Test(atom, default_limit, .timeout = 120)
{
    char dump[512], err[256];
    snprintf(dump, sizeof dump, "%s/atom_crash_default_%d.dump", LASER_BINARY_DIR, (int)getpid());
    setenv("ERL_CRASH_DUMP", dump, 1);
    cr_assert_eq(crash_child(ATOM_LIMIT, "dflt_", err, sizeof err), 1, "stderr: %s", err);
    cr_assert_not_null(strstr(err, "(max=1048576)\r\n"), "%s", err);
    unlink(dump);
    unsetenv("ERL_CRASH_DUMP");
}

Test(atom, set_limit_range)
{
    cr_assert(!atom_set_limit(ATOM_LIMIT_MIN - 1));
    cr_assert(!atom_set_limit((uint64_t)ATOM_LIMIT_MAX + 1));
    cr_assert(atom_set_limit(ATOM_LIMIT_MIN));
    cr_assert(atom_set_limit(ATOM_LIMIT_MAX));
    cr_assert(atom_set_limit(ATOM_LIMIT));
}

#define THREADS 4
#define PER_THREAD 65521 /* prime: k * (2id+1) mod it visits every name */
static term seen[THREADS][PER_THREAD];

static void *intern_many(void *arg)
{
    size_t id = (size_t)arg;
    char buf[32];
    /* every thread interns the same names, in a different order */
    for (size_t k = 0; k < PER_THREAD; k++) {
        size_t i = (k * (2 * id + 1) + id * 7919) % PER_THREAD;
        int n = snprintf(buf, sizeof buf, "thr_%zu", i);
        if (atom_put_utf8((const uint8_t *)buf, (size_t)n, &seen[id][i]) != ATOM_OK) return (void *)1;
    }
    return NULL;
}

Test(atom, concurrent_interning_agrees)
{
    size_t before = atom_count();
    pthread_t th[THREADS];
    for (size_t i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, intern_many, (void *)i);
    for (size_t i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        cr_assert_null(r);
    }
    cr_assert_eq(atom_count(), before + PER_THREAD, "each name interned exactly once");
    char buf[32];
    for (size_t i = 0; i < PER_THREAD; i++) {
        for (size_t k = 1; k < THREADS; k++) cr_assert_eq(seen[k][i], seen[0][i]);
        snprintf(buf, sizeof buf, "thr_%zu", i);
        cr_assert(text_is(seen[0][i], buf));
    }
}
