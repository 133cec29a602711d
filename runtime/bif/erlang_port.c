/*
 * erlang_port.c - port BIFs (erlang_port.def): open_port and its options,
 * port_command/close/connect/control/call/info, ports/0, port data.
 *
 * OTP 25's erlang.erl implements open_port, port_command, port_close,
 * port_connect, port_control, port_call and port_info/1 in Erlang over
 * erts_internal functions that return an error atom instead of raising;
 * both layers are here: the erts_internal BIFs with that contract, and the
 * erlang BIFs raising as erlang.erl does (badarg, or badarg with cause
 * badopt, or a POSIX error, each with error_info).
 */
#include "bif.h"
#include "bin.h"
#include "inet.h"
#include "io.h"
#include "port.h"
#include "scheduler.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- strings ---- */
typedef struct {
    char *s;
    size_t n, cap;
} sbuf_t;

static void sb_put(sbuf_t *b, const void *d, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 64;
        while (c < b->n + n + 1) c *= 2;
        b->s = realloc(b->s, c);
        if (!b->s) laser_oom("port argument", c);
        b->cap = c;
    }
    memcpy(b->s + b->n, d, n);
    b->n += n;
    b->s[b->n] = 0;
}

/* A (deep) character list, a binary or (with atoms) an atom as a C string
 * (code points as UTF-8, as the native file name encoding); NUL bytes are
 * invalid. */
static bool sb_term(sbuf_t *b, term t, bool atoms, int depth)
{
    if (depth > 100) return false;
    if (atoms && term_is_atom(t)) {
        size_t n;
        const uint8_t *s = atom_text(t, &n);
        sb_put(b, s, n);
        return true;
    }
    if (term_is_bitstring(t)) {
        bin_view_t v;
        bin_view(t, &v);
        if (!bin_view_is_bytes(&v)) return false;
        sb_put(b, v.base, v.bitsize / 8);
        return true;
    }
    for (; term_is_list(t); t = term_cdr(t)) {
        term c = term_car(t);
        if (term_is_small(c)) {
            int64_t v = term_to_small(c);
            if (v <= 0 || v > 0x10FFFF) return false;
            uint8_t u[4];
            sb_put(b, u, bin_utf8_encode((uint32_t)v, u));
        } else if (!(term_is_list(c) || term_is_nil(c)) || !sb_term(b, c, false, depth + 1)) {
            return false;
        }
    }
    return term_is_nil(t);
}

/* A flat string (list of characters or a binary), malloc'd; NULL if bad. */
static char *cstr(term t, bool atoms)
{
    sbuf_t b = {0};
    sb_put(&b, "", 0);
    if (!sb_term(&b, t, atoms, 0) || memchr(b.s, 0, b.n)) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) laser_oom("port argument", strlen(s) + 1);
    return d;
}

static bool proper_list(term l)
{
    while (term_is_list(l)) l = term_cdr(l);
    return term_is_nil(l);
}

static size_t list_len(term l)
{
    size_t n = 0;
    for (; term_is_list(l); l = term_cdr(l)) n++;
    return n;
}

/* ---- open_port ---- */
enum { OP_OK, OP_BADARG, OP_BADOPT };

static int parse_env(port_opts_t *o, term env)
{
    if (!proper_list(env)) return OP_BADOPT;
    o->env = calloc(list_len(env) + 1, sizeof(char *));
    if (!o->env) laser_oom("port environment", 8);
    size_t k = 0;
    for (term l = env; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (!term_is_tuple(e) || term_tuple_arity(e) != 2) return OP_BADOPT;
        char *name = cstr(term_tuple_elems(e)[0], false);
        if (!name || !*name || strchr(name, '=')) {
            free(name);
            return OP_BADOPT;
        }
        term v = term_tuple_elems(e)[1];
        if (v == ATOM_false) {
            o->env[k++] = name;
            continue;
        }
        char *val = cstr(v, false);
        if (!val) {
            free(name);
            return OP_BADOPT;
        }
        sbuf_t b = {0};
        sb_put(&b, name, strlen(name));
        sb_put(&b, "=", 1);
        sb_put(&b, val, strlen(val));
        free(name);
        free(val);
        o->env[k++] = b.s;
    }
    return OP_OK;
}

static int parse_settings(port_opts_t *o, term l, term *args, term *arg0)
{
    bool in = false, out = false;
    o->use_stdio = true;
    if (!proper_list(l)) return OP_BADOPT;
    for (; term_is_list(l); l = term_cdr(l)) {
        term t = term_car(l);
        if (term_is_atom(t)) {
            size_t n;
            const char *s = (const char *)atom_text(t, &n);
#define IS(x) (n == sizeof(x) - 1 && !memcmp(s, x, n))
            if (IS("stream")) o->packet = 0;
            else if (IS("binary")) o->binary = true;
            else if (IS("eof")) o->eof = true;
            else if (IS("in")) in = true;
            else if (IS("out")) out = true;
            else if (IS("use_stdio")) o->use_stdio = true;
            else if (IS("nouse_stdio")) o->use_stdio = false;
            else if (IS("stderr_to_stdout")) o->stderr_to_stdout = true;
            else if (IS("exit_status")) o->exit_status = true;
            else if (IS("hide") || IS("overlapped_io")) {
            } else return OP_BADOPT;
            continue;
        }
        if (!term_is_tuple(t) || term_tuple_arity(t) != 2 || !term_is_atom(term_tuple_elems(t)[0])) return OP_BADOPT;
        size_t n;
        const char *s = (const char *)atom_text(term_tuple_elems(t)[0], &n);
        term v = term_tuple_elems(t)[1];
        if (IS("packet")) {
            if (v != term_from_small(1) && v != term_from_small(2) && v != term_from_small(4)) return OP_BADOPT;
            o->packet = (uint8_t)term_to_small(v);
        } else if (IS("line")) {
            if (!term_is_small(v) || term_to_small(v) <= 0 || term_to_small(v) > (1 << 30)) return OP_BADOPT;
            o->line = (uint32_t)term_to_small(v);
        } else if (IS("env")) {
            for (char **e = o->env; e && *e; e++) free(*e);
            free(o->env);
            o->env = NULL;
            int rc = parse_env(o, v);
            if (rc) return rc;
        } else if (IS("args")) {
            *args = v;
        } else if (IS("arg0")) {
            *arg0 = v;
        } else if (IS("cd")) {
            free(o->cd);
            if (!(o->cd = cstr(v, false))) return OP_BADARG;
        } else if (IS("parallelism")) {
            if (v != ATOM_true && v != ATOM_false) return OP_BADOPT;
        } else if (IS("busy_limits_port") || IS("busy_limits_msgq")) {
        } else {
            return OP_BADOPT;
        }
#undef IS
    }
    if (o->packet && o->line) return OP_BADOPT;
    o->in = in || !out;
    o->out = out || !in;
    return OP_OK;
}

/* erts_internal:open_port/2's answer: a port, or the error term. */
static term open_port(proc_t *p, term name, term settings)
{
    port_opts_t o;
    memset(&o, 0, sizeof o);
    term args = THE_NON_VALUE, arg0 = THE_NON_VALUE;
    term r = ATOM(badarg);
    int rc = parse_settings(&o, settings, &args, &arg0);
    if (rc) {
        r = rc == OP_BADOPT ? atom_from_cstr("badopt") : ATOM(badarg);
        goto fail;
    }
    const term *e = term_is_tuple(name) ? term_tuple_elems(name) : NULL;
    size_t ar = e ? term_tuple_arity(name) : 0;
    term kind = ar ? e[0] : THE_NON_VALUE;
    bool exec = ar == 2 && kind == atom_from_cstr("spawn_executable");
    if ((args != THE_NON_VALUE || arg0 != THE_NON_VALUE) && !exec) goto fail;
    if (ar == 3 && kind == atom_from_cstr("fd")) {
        if (!term_is_small(e[1]) || !term_is_small(e[2])) goto fail;
        int64_t fi = term_to_small(e[1]), fo = term_to_small(e[2]);
        if (fi < 0 || fo < 0 || fi > 65535 || fo > 65535) {
            r = atom_from_cstr("einval");
            goto fail;
        }
        o.kind = PK_FD;
        o.fd_in = (int)fi, o.fd_out = (int)fo;
        char buf[32];
        snprintf(buf, sizeof buf, "%d/%d", o.fd_in, o.fd_out);
        o.name = xstrdup(buf);
    } else if (ar == 2 && kind == atom_from_cstr("spawn_driver")) {
        /* the drivers laser has: the sockets (inet.c) */
        char *drv = cstr(e[1], true);
        o.inet = drv ? inet_new(drv) : NULL;
        if (!o.inet) {
            free(drv);
            goto fail;
        }
        o.kind = PK_INET;
        o.name = drv;
    } else if (term_is_atom(name) || (ar == 2 && kind == atom_from_cstr("spawn"))) {
        char *cmd = cstr(term_is_atom(name) ? name : e[1], term_is_atom(name));
        if (!cmd || !*cmd) {
            free(cmd);
            goto fail;
        }
        o.kind = PK_SPAWN;
        o.name = cmd;
        o.file = xstrdup("/bin/sh");
        o.argv = calloc(4, sizeof(char *));
        if (!o.argv) laser_oom("port arguments", 32);
        o.argv[0] = xstrdup("sh");
        o.argv[1] = xstrdup("-c");
        /* as erts: sh -c "exec Command" (so `exit 3` is a command not
         * found, 127) */
        sbuf_t b = {0};
        sb_put(&b, "exec ", 5);
        sb_put(&b, cmd, strlen(cmd));
        o.argv[2] = b.s;
    } else if (exec) {
        char *file = cstr(e[1], true);
        if (!file || !*file) {
            free(file);
            goto fail;
        }
        o.kind = PK_EXEC;
        o.name = file;
        size_t na = args == THE_NON_VALUE ? 0 : (proper_list(args) ? list_len(args) : (size_t)-1);
        if (na == (size_t)-1) goto fail;
        o.argv = calloc(na + 2, sizeof(char *));
        if (!o.argv) laser_oom("port arguments", (na + 2) * sizeof(char *));
        if (arg0 != THE_NON_VALUE) {
            if (!(o.argv[0] = cstr(arg0, false))) goto fail;
        } else {
            o.argv[0] = xstrdup(file);
        }
        size_t k = 1;
        if (args != THE_NON_VALUE)
            for (term l = args; term_is_list(l); l = term_cdr(l))
                if (!(o.argv[k++] = cstr(term_car(l), false))) {
                    r = atom_from_cstr("badopt");
                    goto fail;
                }
        /* erts checks the file before it forks; libuv would search
         * PATH for a name without a slash, erts does not */
        if (access(file, X_OK)) {
            r = atom_from_cstr(errno == EACCES ? "eacces" : errno == ENOTDIR ? "enotdir" : "enoent");
            goto fail;
        }
        if (!strchr(file, '/')) {
            sbuf_t b = {0};
            sb_put(&b, "./", 2);
            sb_put(&b, file, strlen(file));
            o.file = b.s;
        } else {
            o.file = xstrdup(file);
        }
    } else {
        goto fail;
    }
    term id;
    rc = port_open(p, &o, &id);
    port_opts_free(&o);
    if (rc) {
        char buf[32];
        const char *n = uv_err_name(rc);
        size_t i = 0;
        for (; n[i] && i + 1 < sizeof buf; i++) buf[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
        buf[i] = 0;
        return atom_from_cstr(buf);
    }
    return id;
fail:
    port_opts_free(&o);
    return r;
}

term bif_erts_internal_open_port_2(proc_t *p, const term *args) { return open_port(p, args[0], args[1]); }

/* Raise as erlang.erl does with erts_internal's error term. */
static term raise_as_erlang(proc_t *p, term err)
{
    if (err == atom_from_cstr("badopt")) {
        proc_raise(p, EXC_ERROR, ATOM(badarg));
        p->finfo = err;
        return THE_NON_VALUE;
    }
    BIF_ERROR(p, err);
}

term bif_erlang_open_port_2(proc_t *p, const term *args)
{
    term r = open_port(p, args[0], args[1]);
    return term_is_port(r) ? r : raise_as_erlang(p, r);
}

/* ---- port_command ---- */
static term command(proc_t *p, term port, term data, term opts)
{
    bool force = false, nosuspend = false;
    if (!proper_list(opts)) return atom_from_cstr("badopt");
    for (term l = opts; term_is_list(l); l = term_cdr(l)) {
        term o = term_car(l);
        if (o == atom_from_cstr("force")) force = true;
        else if (o == atom_from_cstr("nosuspend")) nosuspend = true;
        else return atom_from_cstr("badopt");
    }
    /* erts' spawn and fd drivers do not support force (no soft busy) */
    if (!term_is_port(port) && !term_is_atom(port)) return ATOM(badarg);
    port_t *pt = port_lookup(port);
    if (!pt) return ATOM(badarg);
    if (force) {
        port_unref(pt);
        return atom_from_cstr("notsup");
    }
    int rc = port_command(p, pt, data, nosuspend ? PC_NOSUSPEND : PC_SUSPEND);
    port_unref(pt);
    switch (rc) {
    case PORT_DONE: return ATOM_true;
    case PORT_BUSY: return ATOM_false;
    case PORT_SUSPENDED:
        /* suspended until the port is not busy, then called again */
        p->fclass = EXC_RETRY;
        p->fcalls = 0;
        return THE_NON_VALUE;
    default: return ATOM(badarg);
    }
}

term bif_erts_internal_port_command_3(proc_t *p, const term *args) { return command(p, args[0], args[1], args[2]); }

term bif_erlang_port_command_2(proc_t *p, const term *args)
{
    term r = command(p, args[0], args[1], NIL);
    if (!term_is_value(r)) return r;
    return r == ATOM_true ? r : raise_as_erlang(p, ATOM(badarg));
}

term bif_erlang_port_command_3(proc_t *p, const term *args)
{
    term r = command(p, args[0], args[1], args[2]);
    if (!term_is_value(r)) return r;
    return r == ATOM_true || r == ATOM_false ? r : raise_as_erlang(p, r);
}

/* ---- close, connect ---- */
static term close_port(term port)
{
    port_t *pt = term_is_port(port) || term_is_atom(port) ? port_lookup(port) : NULL;
    if (!pt) return ATOM(badarg);
    bool ok = port_close(pt);
    port_unref(pt);
    return ok ? ATOM_true : ATOM(badarg);
}

term bif_erts_internal_port_close_1(proc_t *p, const term *args)
{
    (void)p;
    return close_port(args[0]);
}

term bif_erlang_port_close_1(proc_t *p, const term *args)
{
    term r = close_port(args[0]);
    return r == ATOM_true ? r : raise_as_erlang(p, r);
}

static term connect_port(proc_t *p, term port, term pid)
{
    if (!term_is_local_pid(pid) || !sched_alive(pid)) return ATOM(badarg);
    port_t *pt = term_is_port(port) || term_is_atom(port) ? port_lookup(port) : NULL;
    if (!pt) return ATOM(badarg);
    bool ok = port_connect(p, pt, pid);
    port_unref(pt);
    return ok ? ATOM_true : ATOM(badarg);
}

term bif_erts_internal_port_connect_2(proc_t *p, const term *args) { return connect_port(p, args[0], args[1]); }

term bif_erlang_port_connect_2(proc_t *p, const term *args)
{
    term r = connect_port(p, args[0], args[1]);
    return r == ATOM_true ? r : raise_as_erlang(p, r);
}

/* ---- control, call ---- */
static term control(proc_t *p, term port, term op, term data)
{
    if (!term_is_small(op) || term_to_small(op) < 0 || term_to_small(op) > 0xFFFFFFFFll) return ATOM(badarg);
    if (!term_is_bitstring(data) && !term_is_list(data) && !term_is_nil(data)) return ATOM(badarg);
    port_t *pt = term_is_port(port) || term_is_atom(port) ? port_lookup(port) : NULL;
    if (!pt) return ATOM(badarg);
    term r = port_control(p, pt, (uint64_t)term_to_small(op), data);
    port_unref(pt);
    return r == THE_NON_VALUE ? ATOM(badarg) : r;
}

term bif_erts_internal_port_control_3(proc_t *p, const term *args) { return control(p, args[0], args[1], args[2]); }

term bif_erlang_port_control_3(proc_t *p, const term *args)
{
    term r = control(p, args[0], args[1], args[2]);
    return r == ATOM(badarg) ? raise_as_erlang(p, r) : r;
}

/* Neither driver has a call callback: badarg for any port (erts). */
term bif_erts_internal_port_call_3(proc_t *p, const term *args)
{
    (void)p;
    (void)args;
    return ATOM(badarg);
}

term bif_erlang_port_call_2(proc_t *p, const term *args)
{
    (void)args;
    BIF_BADARG(p);
}

term bif_erlang_port_call_3(proc_t *p, const term *args)
{
    (void)args;
    BIF_BADARG(p);
}

/* ---- port_info ---- */
static term info_all(proc_t *p, term port)
{
    if (!term_is_port(port) && !term_is_atom(port)) return ATOM(badarg);
    port_t *pt = port_lookup(port);
    if (!pt) return ATOM(undefined);
    term r = port_info_all(proc_heap(p), pt);
    port_unref(pt);
    return r;
}

term bif_erts_internal_port_info_1(proc_t *p, const term *args) { return info_all(p, args[0]); }

term bif_erlang_port_info_1(proc_t *p, const term *args)
{
    term r = info_all(p, args[0]);
    return r == ATOM(badarg) ? raise_as_erlang(p, r) : r;
}

static term info_item(proc_t *p, term port, term item, bool *badtype)
{
    *badtype = false;
    if (!term_is_port(port) && !term_is_atom(port)) {
        *badtype = true;
        return ATOM(badarg);
    }
    if (!term_is_atom(item)) return ATOM(badarg);
    port_t *pt = port_lookup(port);
    if (!pt) return ATOM(undefined);
    term r = port_info_item(proc_heap(p), pt, item);
    port_unref(pt);
    return r == THE_NON_VALUE ? ATOM(badarg) : r;
}

term bif_erts_internal_port_info_2(proc_t *p, const term *args)
{
    bool bt;
    return info_item(p, args[0], args[1], &bt);
}

term bif_erlang_port_info_2(proc_t *p, const term *args)
{
    bool badtype;
    term r = info_item(p, args[0], args[1], &badtype);
    if (r != ATOM(badarg)) return r;
    proc_raise(p, EXC_ERROR, ATOM(badarg));
    if (badtype) p->finfo = atom_from_cstr("badtype");
    return THE_NON_VALUE;
}

/* ---- ports/0, port data ---- */
term bif_erlang_ports_0(proc_t *p, const term *args)
{
    (void)args;
    return port_list(proc_heap(p));
}

term bif_erlang_port_set_data_2(proc_t *p, const term *args)
{
    port_t *pt = term_is_port(args[0]) || term_is_atom(args[0]) ? port_lookup(args[0]) : NULL;
    if (!pt) BIF_BADARG(p);
    port_set_data(pt, args[1]);
    port_unref(pt);
    return ATOM_true;
}

term bif_erlang_port_get_data_1(proc_t *p, const term *args)
{
    port_t *pt = term_is_port(args[0]) || term_is_atom(args[0]) ? port_lookup(args[0]) : NULL;
    if (!pt) BIF_BADARG(p);
    term r = port_get_data(proc_heap(p), pt);
    port_unref(pt);
    return r;
}
