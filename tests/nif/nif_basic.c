/* nif_basic.c - the NIF library of tests/conformance/mods/nif_basic.erl:
 * erl and laser load the same .so and must answer alike (load, upgrade
 * and unload callbacks, terms of every kind, binaries, resources with
 * destructors (and resources holding resources), exceptions, dirty NIFs, enif_send from a thread of its own,
 * map iterators, enif_snprintf's %T, process-independent envs). */
#include <erl_nif.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* statics are shared by every version of the module (one dlopen handle) */
static int loads, upgrades, unloads;
static int dtors;
static long made, holders_made, holder_dtors; /* under dtor_lock */
static pthread_mutex_t dtor_lock = PTHREAD_MUTEX_INITIALIZER;
static ErlNifResourceType *counter_type, *holder_type;

typedef struct {
    long value;
} counter_t;

static void counter_dtor(ErlNifEnv *env, void *obj)
{
    (void)env;
    (void)obj;
    pthread_mutex_lock(&dtor_lock);
    dtors++;
    pthread_mutex_unlock(&dtor_lock);
}

/* A holder keeps a count on a counter (enif_keep_resource) that its
 * destructor gives back: the counter lives while the holder does. */
typedef struct {
    counter_t *held;
} holder_t;

static void holder_dtor(ErlNifEnv *env, void *obj)
{
    holder_t *h = obj;
    enif_release_resource(h->held);
    pthread_mutex_lock(&dtor_lock);
    holder_dtors++;
    pthread_mutex_unlock(&dtor_lock);
}

static int open_types(ErlNifEnv *env)
{
    ErlNifResourceFlags tried;
    counter_type = enif_open_resource_type(env, NULL, "counter", counter_dtor, ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER,
                                           &tried);
    holder_type = enif_open_resource_type(env, NULL, "holder", holder_dtor, ERL_NIF_RT_CREATE | ERL_NIF_RT_TAKEOVER,
                                          &tried);
    return counter_type && holder_type ? 0 : 1;
}

static int load(ErlNifEnv *env, void **priv, ERL_NIF_TERM info)
{
    int i;
    if (!enif_get_int(env, info, &i)) return 1;
    if (i == 99) return 99; /* a veto: {error, {load, ...}} */
    loads++;
    static int data;
    data = i;
    *priv = &data;
    return open_types(env);
}

static int upgrade(ErlNifEnv *env, void **priv, void **old_priv, ERL_NIF_TERM info)
{
    int i;
    if (!enif_get_int(env, info, &i)) return 1;
    if (i == 98) return 98;
    upgrades++;
    *priv = *old_priv;
    return open_types(env);
}

static void unload(ErlNifEnv *env, void *priv)
{
    (void)env;
    (void)priv;
    unloads++;
}

static ERL_NIF_TERM counts(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    pthread_mutex_lock(&dtor_lock);
    int d = dtors;
    pthread_mutex_unlock(&dtor_lock);
    return enif_make_tuple4(env, enif_make_int(env, loads), enif_make_int(env, upgrades), enif_make_int(env, unloads),
                            enif_make_int(env, d));
}

static ERL_NIF_TERM priv(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    int *d = enif_priv_data(env);
    return d ? enif_make_int(env, *d) : enif_make_atom(env, "none");
}

static ERL_NIF_TERM add(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifSInt64 a, b;
    if (!enif_get_int64(env, argv[0], &a) || !enif_get_int64(env, argv[1], &b)) return enif_make_badarg(env);
    return enif_make_int64(env, a + b);
}

static ERL_NIF_TERM ints(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    ErlNifUInt64 u64;
    double d;
    ERL_NIF_TERM t = argv[0];
    return enif_make_list(env, 6, enif_get_int(env, t, &i) ? enif_make_int(env, i) : enif_make_atom(env, "no"),
                          enif_get_uint(env, t, &u) ? enif_make_uint(env, u) : enif_make_atom(env, "no"),
                          enif_get_long(env, t, &l) ? enif_make_long(env, l) : enif_make_atom(env, "no"),
                          enif_get_ulong(env, t, &ul) ? enif_make_ulong(env, ul) : enif_make_atom(env, "no"),
                          enif_get_uint64(env, t, &u64) ? enif_make_uint64(env, u64) : enif_make_atom(env, "no"),
                          enif_get_double(env, t, &d) ? enif_make_double(env, d * 2) : enif_make_atom(env, "no"));
}

static ERL_NIF_TERM type_of(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    static const char *names[] = {"?", "atom", "bitstring", "float", "fun", "integer", "list", "map", "pid",
                                  "port", "reference", "tuple"};
    ErlNifTermType k = enif_term_type(env, argv[0]);
    ERL_NIF_TERM t = argv[0];
    int bits = enif_is_atom(env, t) | enif_is_binary(env, t) << 1 | enif_is_list(env, t) << 2 |
               enif_is_empty_list(env, t) << 3 | enif_is_map(env, t) << 4 | enif_is_tuple(env, t) << 5 |
               enif_is_pid(env, t) << 6 | enif_is_port(env, t) << 7 | enif_is_ref(env, t) << 8 |
               enif_is_fun(env, t) << 9 | enif_is_number(env, t) << 10;
    return enif_make_tuple2(env, enif_make_atom(env, k >= 1 && k <= 11 ? names[k] : "?"), enif_make_int(env, bits));
}

static ERL_NIF_TERM make_terms(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ERL_NIF_TERM m = enif_make_new_map(env), m2;
    enif_make_map_put(env, m, enif_make_atom(env, "a"), enif_make_int(env, 1), &m);
    enif_make_map_put(env, m, enif_make_string(env, "k", ERL_NIF_LATIN1), enif_make_double(env, 2.5), &m);
    enif_make_map_update(env, m, enif_make_atom(env, "a"), enif_make_int(env, 7), &m2);
    ERL_NIF_TERM bin;
    unsigned char *p = enif_make_new_binary(env, 5, &bin);
    memcpy(p, "hello", 5);
    ERL_NIF_TERM arr[3] = {enif_make_int(env, 1), enif_make_int(env, 2), enif_make_int(env, 3)};
    ERL_NIF_TERM rev;
    enif_make_reverse_list(env, enif_make_list_from_array(env, arr, 3), &rev);
    ERL_NIF_TERM upd;
    int no_upd = enif_make_map_update(env, m, enif_make_atom(env, "zz"), arr[0], &upd);
    ERL_NIF_TERM ref = enif_make_ref(env);
    ERL_NIF_TERM keys[2] = {arr[0], arr[1]}, vals[2] = {arr[1], arr[2]}, fm, dupk[2] = {arr[0], arr[0]};
    int ok1 = enif_make_map_from_arrays(env, keys, vals, 2, &fm);
    int ok2 = enif_make_map_from_arrays(env, dupk, vals, 2, &upd);
    ERL_NIF_TERM removed;
    enif_make_map_remove(env, m2, enif_make_atom(env, "a"), &removed);
    size_t msz;
    enif_get_map_size(env, m, &msz);
    ERL_NIF_TERM items[] = {
        enif_make_atom(env, "an_atom"),
        enif_make_atom_len(env, "abcdef", 3),
        enif_make_string_len(env, "str\0x", 5, ERL_NIF_LATIN1),
        m,
        m2,
        removed,
        enif_make_int(env, (int)msz),
        bin,
        enif_make_sub_binary(env, bin, 1, 3),
        enif_make_int64(env, -((ErlNifSInt64)1 << 62)),
        enif_make_uint64(env, ~(ErlNifUInt64)0),
        enif_make_long(env, -5),
        enif_make_ulong(env, 1UL << 60),
        rev,
        enif_make_list_cell(env, arr[0], arr[1]),
        enif_make_tuple_from_array(env, arr, 3),
        enif_make_int(env, no_upd),
        enif_make_int(env, enif_is_ref(env, ref)),
        enif_make_int(env, ok1),
        fm,
        enif_make_int(env, ok2),
        enif_make_list(env, 0),
        enif_make_tuple(env, 0),
    };
    return enif_make_list_from_array(env, items, sizeof items / sizeof *items);
}

static ERL_NIF_TERM iolist_rev(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifBinary in, out;
    if (!enif_inspect_iolist_as_binary(env, argv[0], &in)) return enif_make_badarg(env);
    if (!enif_alloc_binary(in.size, &out)) return enif_make_badarg(env);
    for (size_t i = 0; i < in.size; i++) out.data[i] = in.data[in.size - 1 - i];
    return enif_make_binary(env, &out);
}

static ERL_NIF_TERM inspect(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifBinary b;
    if (!enif_inspect_binary(env, argv[0], &b)) return enif_make_atom(env, "no");
    unsigned sum = 0;
    for (size_t i = 0; i < b.size; i++) sum = sum * 31 + b.data[i];
    return enif_make_tuple2(env, enif_make_uint64(env, b.size), enif_make_uint(env, sum));
}

static ERL_NIF_TERM grow_bin(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    unsigned n;
    ErlNifBinary b;
    if (!enif_get_uint(env, argv[0], &n) || !enif_alloc_binary(n, &b)) return enif_make_badarg(env);
    for (unsigned i = 0; i < n; i++) b.data[i] = (unsigned char)i;
    if (!enif_realloc_binary(&b, n + 2)) return enif_make_badarg(env);
    b.data[n] = 0xAB;
    b.data[n + 1] = 0xCD;
    ErlNifBinary c;
    enif_alloc_binary(10, &c);
    enif_release_binary(&c);
    return enif_make_binary(env, &b);
}

static ERL_NIF_TERM res_new(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    long v;
    if (!enif_get_long(env, argv[0], &v)) return enif_make_badarg(env);
    counter_t *c = enif_alloc_resource(counter_type, sizeof *c);
    c->value = v;
    pthread_mutex_lock(&dtor_lock);
    made++;
    pthread_mutex_unlock(&dtor_lock);
    ERL_NIF_TERM t = enif_make_resource(env, c);
    enif_release_resource(c);
    return t;
}

/* res_hold(N): N holders, each of a new counter whose only count is the
 * holder's (its own term is dropped here), in a list with garbage around
 * them (the heap grows during the call). */
static ERL_NIF_TERM res_hold(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    unsigned n;
    if (!enif_get_uint(env, argv[0], &n) || n > 100000) return enif_make_badarg(env);
    ERL_NIF_TERM l = enif_make_list(env, 0);
    for (unsigned i = 0; i < n; i++) {
        counter_t *c = enif_alloc_resource(counter_type, sizeof *c);
        c->value = i;
        (void)enif_make_resource(env, c); /* a term that goes with the call */
        holder_t *h = enif_alloc_resource(holder_type, sizeof *h);
        h->held = c; /* takes over the allocation's count */
        pthread_mutex_lock(&dtor_lock);
        made++;
        holders_made++;
        pthread_mutex_unlock(&dtor_lock);
        (void)enif_make_list(env, 3, enif_make_double(env, i), enif_make_uint64(env, ~(ErlNifUInt64)i), l);
        l = enif_make_list_cell(env, enif_make_resource(env, h), l);
        enif_release_resource(h);
    }
    return l;
}

/* res_held(Holder): a new term for the counter the holder keeps */
static ERL_NIF_TERM res_held(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    holder_t *h;
    if (!enif_get_resource(env, argv[0], holder_type, (void **)&h)) return enif_make_badarg(env);
    return enif_make_resource(env, h->held);
}

/* objects alive: {counters, holders} */
static ERL_NIF_TERM res_live(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    pthread_mutex_lock(&dtor_lock);
    long c = made - dtors, h = holders_made - holder_dtors;
    pthread_mutex_unlock(&dtor_lock);
    return enif_make_tuple2(env, enif_make_long(env, c), enif_make_long(env, h));
}

static ERL_NIF_TERM res_add(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    counter_t *c;
    long d;
    if (!enif_get_resource(env, argv[0], counter_type, (void **)&c) || !enif_get_long(env, argv[1], &d))
        return enif_make_badarg(env);
    c->value += d;
    return enif_make_tuple2(env, enif_make_long(env, c->value), enif_make_uint64(env, enif_sizeof_resource(c)));
}

static ERL_NIF_TERM raise_it(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ERL_NIF_TERM r;
    int before = enif_has_pending_exception(env, &r);
    ERL_NIF_TERM e = enif_raise_exception(env, argv[0]);
    int after = enif_has_pending_exception(env, &r);
    if (before || !after || !enif_is_exception(env, e) || enif_compare(r, argv[0]) != 0) return enif_make_atom(env, "bad");
    return e;
}

static ERL_NIF_TERM thread_kind(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    return enif_make_int(env, enif_thread_type());
}

typedef struct {
    ErlNifPid to;
    int n;
} send_job_t;

static void *sender(void *arg)
{
    send_job_t *j = arg;
    ErlNifEnv *e = enif_alloc_env();
    for (int i = 0; i < j->n; i++) {
        ERL_NIF_TERM bin;
        unsigned char *p = enif_make_new_binary(e, 100, &bin);
        memset(p, i, 100);
        ERL_NIF_TERM msg = enif_make_tuple3(e, enif_make_atom(e, "from_thread"), enif_make_int(e, i), bin);
        enif_send(NULL, &j->to, e, msg);
    }
    enif_free_env(e);
    return NULL;
}

static ERL_NIF_TERM send_from_thread(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    send_job_t j;
    if (!enif_get_local_pid(env, argv[0], &j.to) || !enif_get_int(env, argv[1], &j.n)) return enif_make_badarg(env);
    ErlNifTid tid;
    if (enif_thread_create("sender", &tid, sender, &j, NULL) != 0) return enif_make_atom(env, "no_thread");
    enif_thread_join(tid, NULL);
    return enif_make_atom(env, "ok");
}

static ERL_NIF_TERM send_self(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifPid me;
    enif_self(env, &me);
    ErlNifEnv *e = enif_alloc_env();
    ERL_NIF_TERM msg = enif_make_copy(e, argv[0]);
    int r = enif_send(env, &me, e, msg);
    ERL_NIF_TERM kept = enif_make_copy(e, enif_make_atom(e, "after_clear"));
    ERL_NIF_TERM back = enif_make_copy(env, kept);
    enif_free_env(e);
    return enif_make_tuple2(env, enif_make_int(env, r), back);
}

static ERL_NIF_TERM map_pairs(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifMapIterator it;
    if (!enif_map_iterator_create(env, argv[0], &it, ERL_NIF_MAP_ITERATOR_FIRST)) return enif_make_badarg(env);
    ERL_NIF_TERM l = enif_make_list(env, 0), k, v;
    while (enif_map_iterator_get_pair(env, &it, &k, &v)) {
        l = enif_make_list_cell(env, enif_make_tuple2(env, k, v), l);
        enif_map_iterator_next(env, &it);
    }
    int tail = enif_map_iterator_is_tail(env, &it);
    enif_map_iterator_destroy(env, &it);
    ERL_NIF_TERM value = enif_make_atom(env, "none");
    enif_get_map_value(env, argv[0], enif_make_atom(env, "a"), &value);
    unsigned len = 0;
    enif_get_list_length(env, l, &len);
    return enif_make_tuple4(env, enif_make_int(env, tail), value, enif_make_uint(env, len), l);
}

static ERL_NIF_TERM fmt(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    char buf[256];
    int n = enif_snprintf(buf, sizeof buf, "T=%T d=%d s=%s f=%5.2f x=%#x %%", argv[0], -42, "str", 3.14159, 255u);
    char small[8];
    int m = enif_snprintf(small, sizeof small, "%T", argv[0]);
    /* (m: erts counts a cut %T oddly) */
    return enif_make_tuple4(env, enif_make_string(env, buf, ERL_NIF_LATIN1), enif_make_int(env, n), enif_make_int(env, m > 0),
                            enif_make_string(env, small, ERL_NIF_LATIN1));
}

static ERL_NIF_TERM atom_text(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    char buf[16];
    unsigned len;
    if (!enif_get_atom_length(env, argv[0], &len, ERL_NIF_LATIN1)) return enif_make_badarg(env);
    int n = enif_get_atom(env, argv[0], buf, sizeof buf, ERL_NIF_LATIN1);
    ERL_NIF_TERM e;
    int exists = enif_make_existing_atom(env, "nif_basic_never_made_atom", &e, ERL_NIF_LATIN1);
    int exists2 = enif_make_existing_atom(env, "ok", &e, ERL_NIF_LATIN1);
    return enif_make_tuple5(env, enif_make_uint(env, len), enif_make_int(env, n),
                            n ? enif_make_string(env, buf, ERL_NIF_LATIN1) : enif_make_atom(env, "too_long"),
                            enif_make_int(env, exists), enif_make_int(env, exists2));
}

static ERL_NIF_TERM get_string(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    char buf[8];
    int n = enif_get_string(env, argv[0], buf, sizeof buf, ERL_NIF_LATIN1);
    return enif_make_tuple2(env, enif_make_int(env, n), n ? enif_make_string(env, buf, ERL_NIF_LATIN1) : enif_make_atom(env, "none"));
}

static ERL_NIF_TERM cmp(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    return enif_make_tuple2(env, enif_make_int(env, enif_compare(argv[0], argv[1])),
                            enif_make_int(env, enif_is_identical(argv[0], argv[1])));
}

static ERL_NIF_TERM sum_step(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    long n, acc;
    enif_get_long(env, argv[0], &n);
    enif_get_long(env, argv[1], &acc);
    if (n == 0) return enif_make_long(env, acc);
    ERL_NIF_TERM next[2] = {enif_make_long(env, n - 1), enif_make_long(env, acc + n)};
    return enif_schedule_nif(env, "sum_step", 0, sum_step, 2, next);
}

static ERL_NIF_TERM sum_to(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    long n;
    if (!enif_get_long(env, argv[0], &n) || n < 0 || n > 1000) return enif_make_badarg(env);
    ERL_NIF_TERM a[2] = {argv[0], enif_make_long(env, 0)};
    return enif_schedule_nif(env, "sum_step", 0, sum_step, 2, a);
}

static ERL_NIF_TERM big_list(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    /* many terms in one call: the heap grows without a collection */
    unsigned n;
    if (!enif_get_uint(env, argv[0], &n)) return enif_make_badarg(env);
    ERL_NIF_TERM l = enif_make_list(env, 0);
    for (unsigned i = 0; i < n; i++) l = enif_make_list_cell(env, enif_make_tuple2(env, enif_make_uint(env, i), enif_make_double(env, i * 0.5)), l);
    return l;
}

static ERL_NIF_TERM t2b(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifBinary b;
    if (!enif_term_to_binary(env, argv[0], &b)) return enif_make_badarg(env);
    ERL_NIF_TERM back;
    size_t used = enif_binary_to_term(env, b.data, b.size, &back, 0);
    ERL_NIF_TERM bin = enif_make_binary(env, &b);
    return enif_make_tuple3(env, bin, enif_make_uint64(env, used), back);
}

static ERL_NIF_TERM stub_only(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    return enif_make_atom(env, "from_c");
}

static ErlNifFunc funcs[] = {
    {"counts", 0, counts, 0},
    {"priv", 0, priv, 0},
    {"add", 2, add, 0},
    {"ints", 1, ints, 0},
    {"type_of", 1, type_of, 0},
    {"make_terms", 0, make_terms, 0},
    {"iolist_rev", 1, iolist_rev, 0},
    {"inspect", 1, inspect, 0},
    {"grow_bin", 1, grow_bin, 0},
    {"res_new", 1, res_new, 0},
    {"res_add", 2, res_add, 0},
    {"res_hold", 1, res_hold, 0},
    {"res_held", 1, res_held, 0},
    {"res_live", 0, res_live, 0},
    {"raise_it", 1, raise_it, 0},
    {"dirty_cpu", 0, thread_kind, ERL_NIF_DIRTY_JOB_CPU_BOUND},
    {"dirty_io", 0, thread_kind, ERL_NIF_DIRTY_JOB_IO_BOUND},
    {"send_from_thread", 2, send_from_thread, 0},
    {"send_self", 1, send_self, 0},
    {"map_pairs", 1, map_pairs, 0},
    {"fmt", 1, fmt, 0},
    {"atom_text", 1, atom_text, 0},
    {"get_string", 1, get_string, 0},
    {"cmp", 2, cmp, 0},
    {"sum_to", 1, sum_to, 0},
    {"big_list", 1, big_list, 0},
    {"t2b", 1, t2b, 0},
    {"local_stub", 0, stub_only, 0},
};

ERL_NIF_INIT(nif_basic, funcs, load, NULL, upgrade, unload)
