/*
 * vm_io.c - the interim built-in I/O server (until the OTP boot brings the
 * real `user` process). A process started by the command line has the pid
 * VM_IO_SERVER as its group leader; the interpreter's `send` hands every
 * message to that pid to vm_io_request, which serves OTP's I/O protocol
 * ({io_request, From, ReplyAs, Request}) synchronously and puts the reply
 * {io_reply, ReplyAs, Reply} in the sender's queue, where io.erl's receive
 * finds it. Served: put_chars (chardata or {M, F, A} producing it, which
 * runs as a nested call in the sender: io_lib:format), requests lists,
 * getopts/setopts (encoding and binary), input requests at the end of
 * stdin (eof; other input replies {error, enotsup}, as get_geometry), and
 * {error, request} for requests outside the protocol.
 */
#include "vm.h"

#include "atom.h"
#include "bin.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The options of io:setopts/getopts. stdout's encoding starts as latin1,
 * as erl's `user` without a terminal: a character above 255 is written as
 * \x{HEX} (measured: erl -noshell prints io:format("~ts", [[8364]]) as
 * \x{20AC} into a pipe); after setopts([{encoding, unicode}]) characters
 * are written in UTF-8. `binary` only changes what input requests return. */
static atomic_bool io_unicode_out, io_binary;

static void put_char(FILE *out, uint32_t c)
{
    if (!out) return;
    if (atomic_load(&io_unicode_out)) {
        uint8_t b[4];
        fwrite(b, 1, bin_utf8_encode(c, b), out);
    } else if (c <= 255) {
        fputc((int)c, out);
    } else {
        fprintf(out, "\\x{%X}", c);
    }
}

/* Write chardata (code points, binaries, nested lists) to out (only check
 * it if out is NULL); false if it is not chardata. In unicode mode binaries are UTF-8 and code points may
 * exceed 255; in latin1 mode both are bytes. */
static bool put_chardata(FILE *out, term t, bool unicode, int depth)
{
    if (depth > 10000) return false;
    while (term_is_list(t)) {
        term c = term_car(t);
        if (term_is_small(c)) {
            int64_t v = term_to_small(c);
            if (v < 0 || v > 0x10FFFF || (!unicode && v > 255)) return false;
            put_char(out, (uint32_t)v);
        } else if (!put_chardata(out, c, unicode, depth + 1)) {
            return false;
        }
        t = term_cdr(t);
    }
    if (term_is_nil(t)) return true;
    if (term_is_bitstring(t)) {
        bin_view_t v;
        bin_view(t, &v);
        if (!bin_view_is_bytes(&v)) return false;
        size_t n = v.bitsize / 8;
        if (!unicode) {
            if (out && !atomic_load(&io_unicode_out)) fwrite(v.base, 1, n, out);
            else for (size_t i = 0; i < n; i++) put_char(out, v.base[i]);
            return true;
        }
        for (size_t i = 0; i < n;) {
            uint8_t b = v.base[i];
            size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
            if (!len || i + len > n) return false;
            uint32_t c = len == 1 ? b : len == 2 ? b & 31u : len == 3 ? b & 15u : b & 7u;
            for (size_t k = 1; k < len; k++) c = (c << 6) | (v.base[i + k] & 63u);
            put_char(out, c);
            i += len;
        }
        return true;
    }
    return false;
}

static bool atom_is(term a, const char *s)
{
    size_t n;
    if (!term_is_atom(a)) return false;
    const uint8_t *t = atom_text(a, &n);
    return n == strlen(s) && !memcmp(t, s, n);
}

/* Write chardata only if all of it is valid, as erl's `user` writes
 * nothing of a bad request. */
static bool put_all(term chars, bool unicode)
{
    if (!put_chardata(NULL, chars, unicode, 0)) return false;
    /* one request's output is written whole: processes on other schedulers
     * wait (output is serialised, as by erl's single `user` process) */
    flockfile(stdout);
    put_chardata(stdout, chars, unicode, 0);
    funlockfile(stdout);
    return true;
}

/* Push *t on the process stack (collecting first if there is no room,
 * with *t as root), where a collection during Erlang code finds it. */
static void push_root(proc_t *p, term *t)
{
    if (p->mem.stop <= p->mem.htop) {
        gc_root_t roots[1] = {{t, 1}};
        gc_collect(&p->mem, 1, roots, 1);
    }
    *--p->mem.stop = *t;
}

/* setopts: binary, list, {binary, Bool} and {encoding, latin1 | unicode |
 * utf8}; any other option changes nothing: enotsup as erl's `user`;
 * THE_NON_VALUE if opts is not a list (an unknown request). */
static term setopts(heap_t *h, term opts)
{
    int bin = -1, uni = -1;
    term l = opts;
    for (; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        const term *oe = term_is_tuple(o) && term_tuple_arity(o) == 2 ? term_tuple_elems(o) : NULL;
        if (atom_is(o, "binary")) bin = 1;
        else if (atom_is(o, "list")) bin = 0;
        else if (oe && atom_is(oe[0], "binary") && (oe[1] == ATOM(true) || oe[1] == ATOM(false))) bin = oe[1] == ATOM(true);
        else if (oe && atom_is(oe[0], "encoding") && atom_is(oe[1], "latin1")) uni = 0;
        else if (oe && atom_is(oe[0], "encoding") && (atom_is(oe[1], "unicode") || atom_is(oe[1], "utf8"))) uni = 1;
        else return heap_make_tuple(h, 2, (term[]){ATOM(error), atom_from_cstr("enotsup")});
    }
    if (!term_is_nil(l)) return THE_NON_VALUE;
    if (bin >= 0) atomic_store(&io_binary, bin == 1);
    if (uni >= 0) atomic_store(&io_unicode_out, uni == 1);
    return ATOM(ok);
}

/* The I/O protocol's answer to a request the server does not know. */
static term unknown_request(proc_t *p, term req)
{
    heap_t *h = proc_heap(p);
    return heap_make_tuple(h, 2, (term[]){ATOM(error), heap_make_tuple(h, 2, (term[]){atom_from_cstr("request"), req})});
}

/* Serve one request; the reply term (built on proc_heap), or THE_NON_VALUE
 * if the request is not one of ours. May run Erlang code (put_chars with
 * an MFA), so it may collect: the caller keeps its terms on the stack. */
static term serve(proc_t *p, vm_sched_t *s, term req, int depth)
{
    if (atom_is(req, "getopts")) {
        heap_t *h = proc_heap(p);
        term bin = heap_make_tuple(h, 2, (term[]){atom_from_cstr("binary"), atomic_load(&io_binary) ? ATOM(true) : ATOM(false)});
        term enc = heap_make_tuple(h, 2, (term[]){atom_from_cstr("encoding"),
                                                  atom_from_cstr(atomic_load(&io_unicode_out) ? "unicode" : "latin1")});
        return heap_make_list(h, (term[]){bin, enc}, 2, NIL);
    }
    if (!term_is_tuple(req)) return unknown_request(p, req);
    uint64_t n = term_tuple_arity(req);
    const term *e = term_tuple_elems(req);
    if (n >= 1 && atom_is(e[0], "put_chars") && (n == 3 || n == 2)) {
        bool uni = n == 3 ? atom_is(e[1], "unicode") : false;
        term chars = e[n - 1];
        if (!put_all(chars, uni)) return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), atom_from_cstr("put_chars")});
        return ATOM(ok);
    }
    if (n == 5 && atom_is(e[0], "put_chars") && term_is_atom(e[2]) && term_is_atom(e[3])) {
        bool uni = atom_is(e[1], "unicode");
        term args[LD_MAX_ARITY];
        unsigned na = 0;
        for (term l = e[4]; term_is_list(l) && na < LD_MAX_ARITY; l = term_cdr(l)) args[na++] = term_car(l);
        export_entry_t *ep = export_put(e[2], e[3], na);
        /* a nested run on this process's stack: it must not see the
         * caller's catches (they belong to the outer run) */
        uint32_t catches = p->catches;
        p->catches = 0;
        term chars;
        vm_result_t r = vm_apply(p, s, ep, args, na, &chars);
        p->catches = catches;
        if (r != VM_RETURNED) return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), atom_from_cstr("put_chars")});
        if (!put_all(chars, uni)) return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), atom_from_cstr("put_chars")});
        return ATOM(ok);
    }
    if (n == 2 && atom_is(e[0], "requests") && depth < 4) {
        /* the rest of the list stays on the stack: serving one request may
         * collect and move it */
        term reply = ATOM(ok), l = e[1];
        push_root(p, &l);
        for (; term_is_list(l); l = term_cdr(l)) {
            *p->mem.stop = l;
            reply = serve(p, s, term_car(l), depth + 1);
            l = *p->mem.stop;
            if (!term_is_value(reply) || reply != ATOM(ok)) break;
        }
        p->mem.stop++;
        return reply;
    }
    if (n == 2 && atom_is(e[0], "setopts")) {
        term r = setopts(proc_heap(p), e[1]);
        return term_is_value(r) ? r : unknown_request(p, req);
    }
    /* input: only the end of input is served (what erl answers when stdin
     * is at its end); reading input comes with the real `user` */
    if (n >= 1 && (atom_is(e[0], "get_line") || atom_is(e[0], "get_chars") || atom_is(e[0], "get_until") ||
                   atom_is(e[0], "get_password"))) {
        int c = getc(stdin);
        if (c == EOF) return atom_from_cstr("eof");
        ungetc(c, stdin);
        return THE_NON_VALUE;
    }
    if (n >= 1 && atom_is(e[0], "get_geometry")) return THE_NON_VALUE;
    return unknown_request(p, req);
}

void vm_io_request(proc_t *p, vm_sched_t *s, term msg)
{
    if (!term_is_tuple(msg) || term_tuple_arity(msg) != 4 || !atom_is(term_tuple_elems(msg)[0], "io_request")) return;
    term from = term_tuple_elems(msg)[1];
    /* msg stays reachable on the stack while Erlang code may run */
    push_root(p, &msg);
    term reply = serve(p, s, term_tuple_elems(msg)[3], 0);
    msg = *p->mem.stop++;
    fflush(stdout);
    if (!term_is_value(reply)) reply = heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), atom_from_cstr("enotsup")});
    term r = heap_make_tuple(proc_heap(p), 3, (term[]){atom_from_cstr("io_reply"), term_tuple_elems(msg)[2], reply});
    proc_heap_close(p);
    if (term_tuple_elems(msg)[1] != p->id || from != p->id) return; /* only the sender can be served */
    proc_mq_push(p, r);
}
