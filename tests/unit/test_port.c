/*
 * test_port.c - ports (runtime/port.c): the input framing of {packet, N}
 * and {line, N} fed in arbitrary pieces, and a spawn port driven from C
 * through the I/O thread (write, echo, exit_status, close, links).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atom.h"
#include "bif.h"
#include "bin.h"
#include "port.h"
#include "scheduler.h"

/* ---- framing ---- */
typedef struct {
    char out[4096];
    size_t n;
} rec_t;

static void rec(void *ctx, pframe_kind_t k, const uint8_t *d, size_t n)
{
    rec_t *r = ctx;
    const char *tag = k == PFR_DATA ? "D" : k == PFR_EOL ? "E" : "N";
    r->n += (size_t)snprintf(r->out + r->n, sizeof r->out - r->n, "%s[%.*s]", tag, (int)n, (const char *)d);
}

/* Feed s in pieces of `step` bytes. */
static const char *frame(uint8_t packet, uint32_t line, const char *s, size_t len, size_t step, bool eof)
{
    static rec_t r;
    memset(&r, 0, sizeof r);
    pframe_t f = {.packet = packet, .line = line};
    for (size_t i = 0; i < len; i += step)
        pframe_feed(&f, (const uint8_t *)s + i, len - i < step ? len - i : step, rec, &r);
    if (eof) pframe_eof(&f, rec, &r);
    pframe_free(&f);
    return r.out;
}

Test(port_frame, stream_passes_chunks)
{
    cr_assert_str_eq(frame(0, 0, "abcdef", 6, 4, true), "D[abcd]D[ef]");
}

Test(port_frame, packets_any_split)
{
    const char s[] = "\0\3abc\0\0\0\2xy";
    for (size_t step = 1; step <= sizeof s; step++)
        cr_assert_str_eq(frame(2, 0, s, sizeof s - 1, step, true), "D[abc]D[]D[xy]", "step %zu", step);
    cr_assert_str_eq(frame(1, 0, "\2ab\3c", 5, 1, true), "D[ab]", "an incomplete packet is dropped");
    cr_assert_str_eq(frame(4, 0, "\0\0\0\1z", 5, 2, false), "D[z]");
}

Test(port_frame, lines_eol_noeol)
{
    const char s[] = "ab\r\ncdefghij\nxyz";
    for (size_t step = 1; step <= sizeof s; step++)
        cr_assert_str_eq(frame(0, 4, s, sizeof s - 1, step, true), "E[ab]N[cdef]E[ghij]N[xyz]", "step %zu", step);
    cr_assert_str_eq(frame(0, 2, "\n\nabcd\n", 7, 3, true), "E[]E[]N[ab]E[cd]");
    cr_assert_str_eq(frame(0, 3, "abc", 3, 1, true), "N[abc]");
}

/* ---- a spawn port from C ---- */
static proc_t *P;

static void setup(void)
{
    bif_init();
    sched_init(1, 1024);
    P = sched_new_proc(0);
}

/* The next message of P (waiting up to 5 s), or THE_NON_VALUE. */
static term next_msg(void)
{
    for (int i = 0; i < 500; i++) {
        if (P->mq_head == P->mq_len) sig_handle(P);
        if (P->mq_head < P->mq_len) {
            term m = P->mq[P->mq_head];
            proc_mq_remove(P, P->mq_head);
            return m;
        }
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return THE_NON_VALUE;
}

static char **strv(const char *a, const char *b, const char *c)
{
    char **v = calloc(4, sizeof *v);
    v[0] = strdup(a), v[1] = b ? strdup(b) : NULL, v[2] = c ? strdup(c) : NULL;
    return v;
}

Test(port_spawn, echo_status_close, .init = setup)
{
    port_opts_t o = {.kind = PK_EXEC, .name = strdup("/bin/cat"), .file = strdup("/bin/cat"),
                     .argv = strv("cat", NULL, NULL), .binary = true, .in = true, .out = true, .use_stdio = true};
    term id;
    cr_assert_eq(port_open(P, &o, &id), 0);
    cr_assert(term_is_local_port(id));
    cr_assert(proc_has_link(P, id));
    port_t *pt = port_get(id);
    cr_assert(pt);
    heap_t *h = proc_heap(P);
    term data = bin_make(h, (const uint8_t *)"ping", 4, NULL);
    cr_assert_eq(port_command(P, pt, data, PC_SUSPEND), PORT_DONE);
    cr_assert_eq(port_command(P, pt, ATOM(ok), PC_SUSPEND), PORT_BADDATA, "not iodata");
    proc_heap_close(P);
    term m = next_msg();
    cr_assert(term_is_tuple(m) && term_tuple_arity(m) == 2 && term_tuple_elems(m)[0] == id);
    term d = term_tuple_elems(m)[1];
    cr_assert(term_is_tuple(d) && term_tuple_elems(d)[0] == atom_from_cstr("data"));
    bin_view_t v;
    bin_view(term_tuple_elems(d)[1], &v);
    cr_assert_eq(v.bitsize, 32);
    cr_assert(!memcmp(v.base, "ping", 4));
    cr_assert(port_close(pt));
    cr_assert(!port_close(pt), "closed once");
    cr_assert(!port_alive(id));
    port_unref(pt);
    /* the link's exit signal arrives: P does not trap exits, normal is ignored */
    cr_assert(sig_handle(P));
}

Test(port_spawn, exit_status_message, .init = setup)
{
    port_opts_t o = {.kind = PK_SPAWN, .name = strdup("exit 3"), .file = strdup("/bin/sh"),
                     .argv = strv("sh", "-c", "exit 3"), .exit_status = true, .in = true, .out = true,
                     .use_stdio = true};
    term id;
    cr_assert_eq(port_open(P, &o, &id), 0);
    term m = next_msg();
    cr_assert(term_is_tuple(m) && term_tuple_elems(m)[0] == id);
    term s = term_tuple_elems(m)[1];
    cr_assert(term_is_tuple(s) && term_tuple_elems(s)[0] == atom_from_cstr("exit_status"));
    cr_assert_eq(term_tuple_elems(s)[1], term_from_small(3));
    for (int i = 0; i < 100 && port_alive(id); i++) nanosleep(&(struct timespec){0, 10000000}, NULL);
    cr_assert(!port_alive(id), "closed after the status");
}

Test(port_fd, pipe_write_read_eof, .init = setup)
{
    int to[2], from[2];
    cr_assert_eq(pipe(to), 0);
    cr_assert_eq(pipe(from), 0);
    /* the port reads from[0] and writes to[1] */
    port_opts_t o = {.kind = PK_FD, .name = strdup("fd"), .fd_in = from[0], .fd_out = to[1], .line = 3,
                     .eof = true, .in = true, .out = true, .use_stdio = true};
    term id;
    cr_assert_eq(port_open(P, &o, &id), 0);
    port_t *pt = port_get(id);
    cr_assert(pt);
    heap_t *h = proc_heap(P);
    term data = heap_make_list(h, (term[]){term_from_small('o'), term_from_small('k')}, 2, NIL);
    cr_assert_eq(port_command(P, pt, data, PC_SUSPEND), PORT_DONE);
    proc_heap_close(P);
    char got[8] = {0};
    cr_assert_eq(read(to[0], got, sizeof got), 2, "written at once");
    cr_assert_str_eq(got, "ok");
    cr_assert_eq(write(from[1], "abcd\ne", 6), 6);
    close(from[1]);
    const char *want[] = {"noeol", "eol", "noeol"};
    for (int i = 0; i < 3; i++) {
        term m = next_msg();
        cr_assert(term_is_tuple(m) && term_tuple_elems(m)[0] == id, "message %d", i);
        term d = term_tuple_elems(term_tuple_elems(m)[1])[1];
        cr_assert_eq(term_tuple_elems(d)[0], atom_from_cstr(want[i]), "message %d", i);
    }
    term e = next_msg();
    cr_assert(term_is_tuple(e) && term_tuple_elems(e)[1] == atom_from_cstr("eof"));
    cr_assert(port_alive(id), "eof keeps the port open");
    cr_assert(port_close(pt));
    port_unref(pt);
    close(to[0]);
    close(to[1]);
    close(from[0]);
}
