/*
 * os.c - the BIFs of OTP 25's os module (erl_bif_os.c and sys/unix in
 * erts): the environment, the OS pid, the performance counter and signal
 * dispositions. os:getenv/0,2, type/0, version/0, perf_counter/1 and cmd/1
 * are Erlang code in os.erl over these and erlang:system_info/1.
 *
 * Environment. Names and values are character lists (possibly deep) in
 * the native filename encoding, as erts converts them (prim_file.h): in
 * utf8 mode a value that is not UTF-8 reads as its bytes. A name must not
 * be empty or hold '=' (badarg; getenv of "" is false, putenv/unsetenv of
 * "" do nothing, as erl). erts keeps its own copy of the environment under
 * a lock; laser uses the C library's with a lock around every access from
 * BIFs, since setenv is not thread-safe against getenv.
 *
 * Signals: os_signal.c sets dispositions; a handled signal comes back
 * through os_signal_deliver, which sends {notify, Signal} to the process
 * registered as erl_signal_server (kernel's gen_event), as erts does.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bif.h"
#include "bif/os.h"
#include "bif/prim_file.h"
#include "big.h"
#include "scheduler.h"

extern char **environ;

static pthread_rwlock_t env_lock = PTHREAD_RWLOCK_INITIALIZER;

/* The native bytes of an environment variable's name; NULL (badarg) for
 * anything but characters or a name holding '='. */
static char *env_name(term t, size_t *n)
{
    char *s = (char *)pf_chars_to_native(t, n);
    if (s && memchr(s, '=', *n)) {
        free(s);
        return NULL;
    }
    return s;
}

static term env_text(heap_t *h, const char *s, size_t n) { return pf_native_to_chars(h, (const uint8_t *)s, n, true); }

term bif_os_getenv_1(proc_t *p, const term *args)
{
    size_t n;
    char *name = env_name(args[0], &n);
    if (!name) BIF_BADARG(p);
    term r = ATOM(false);
    if (n > 0) {
        pthread_rwlock_rdlock(&env_lock);
        const char *v = getenv(name);
        if (v) r = env_text(proc_heap(p), v, strlen(v));
        pthread_rwlock_unlock(&env_lock);
    }
    free(name);
    return r;
}

term bif_os_putenv_2(proc_t *p, const term *args)
{
    size_t n, vn;
    char *name = env_name(args[0], &n);
    char *value = name ? (char *)pf_chars_to_native(args[1], &vn) : NULL;
    if (!name || !value) {
        free(name);
        free(value);
        BIF_BADARG(p);
    }
    int rc = 0;
    if (n > 0) {
        pthread_rwlock_wrlock(&env_lock);
        rc = setenv(name, value, 1);
        pthread_rwlock_unlock(&env_lock);
    }
    free(name);
    free(value);
    if (rc < 0) BIF_BADARG(p); /* no memory for it: erts raises too */
    return ATOM(true);
}

term bif_os_unsetenv_1(proc_t *p, const term *args)
{
    size_t n;
    char *name = env_name(args[0], &n);
    if (!name) BIF_BADARG(p);
    if (n > 0) {
        pthread_rwlock_wrlock(&env_lock);
        unsetenv(name);
        pthread_rwlock_unlock(&env_lock);
    }
    free(name);
    return ATOM(true);
}

/* [{Name, Value}] of every variable (os:getenv/0 is built on it). erts
 * lists them in its own table's order; this is environ's. */
term bif_os_env_0(proc_t *p, const term *args)
{
    (void)args;
    heap_t *h = proc_heap(p);
    term l = NIL;
    pthread_rwlock_rdlock(&env_lock);
    size_t count = 0;
    while (environ[count]) count++;
    for (size_t i = count; i-- > 0;) {
        const char *e = environ[i];
        const char *eq = strchr(e, '=');
        if (!eq || eq == e) continue;
        term pair[2] = {env_text(h, e, (size_t)(eq - e)), env_text(h, eq + 1, strlen(eq + 1))};
        l = heap_make_cons(h, heap_make_tuple(h, 2, pair), l);
    }
    pthread_rwlock_unlock(&env_lock);
    return l;
}

term bif_os_getpid_0(proc_t *p, const term *args)
{
    (void)args;
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%ld", (long)getpid());
    heap_t *h = proc_heap(p);
    term l = NIL;
    for (int i = n; i-- > 0;) l = heap_make_cons(h, term_from_small((unsigned char)buf[i]), l);
    return l;
}

/* Nanoseconds of CLOCK_MONOTONIC: the perf_counter time unit is 10^9 per
 * second (erlang_timeunit.c), as erts on Linux. */
term bif_os_perf_counter_0(proc_t *p, const term *args)
{
    (void)args;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return big_from_int64(proc_heap(p), (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

/* ---- os:set_signal/2 (the signal side is os_signal.c: signal.h's sig_t
 * and the scheduler's cannot meet in one file) ---- */

void os_signal_deliver(const char *name)
{
    term to = reg_whereis(atom_from_cstr("erl_signal_server"));
    if (!term_is_local_pid(to)) return;
    heap_t h;
    heap_init(&h);
    term msg = heap_make_tuple(&h, 2, (term[]){atom_from_cstr("notify"), atom_from_cstr(name)});
    sig_send(to, sig_new(SIG_MSG, NIL, msg));
    heap_free(&h);
}

term bif_os_set_signal_2(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0]) || !term_is_atom(args[1])) BIF_BADARG(p);
    size_t n, m;
    const uint8_t *sig = atom_text(args[0], &n), *how = atom_text(args[1], &m);
    char sname[16], hname[16];
    if (n >= sizeof sname || m >= sizeof hname) BIF_BADARG(p);
    memcpy(sname, sig, n);
    sname[n] = 0;
    memcpy(hname, how, m);
    hname[m] = 0;
    if (!os_signal_set(sname, hname)) BIF_BADARG(p);
    return ATOM(ok);
}

/* ---- erlang:system_info(os_version) ---- */

term os_version_term(heap_t *h)
{
    struct utsname u;
    long v[3] = {0, 0, 0};
    if (uname(&u) == 0) {
        /* "6.18.44-fc-v657": the leading numbers, as erts's os_version */
        const char *s = u.release;
        for (int i = 0; i < 3 && *s; i++) {
            char *end;
            v[i] = strtol(s, &end, 10);
            if (end == s) break;
            s = *end == '.' ? end + 1 : end;
            if (*end != '.') break;
        }
    }
    term el[3] = {term_from_small(v[0]), term_from_small(v[1]), term_from_small(v[2])};
    return heap_make_tuple(h, 3, el);
}
