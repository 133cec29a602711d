/* nif_more.c - the NIF library of tests/conformance/mods/nif_more.erl:
 * erl and laser load the same .so and must answer alike (process monitors
 * of resources and the type's down callback, iovecs, I/O queues, unique
 * integers, hashes, time). */
#include <erl_nif.h>
#include <string.h>

static ErlNifResourceType *watch_type, *plain_type, *queue_type;
static ErlNifMutex *lock;
static int watch_dtors;

typedef struct {
    ErlNifPid notify;
    int tag;
    ErlNifMonitor mon;
    int downs;
} watch_t;

typedef struct {
    ErlNifIOQueue *q;
} queue_t;

static void watch_dtor(ErlNifEnv *env, void *obj)
{
    enif_mutex_lock(lock);
    watch_dtors++;
    enif_mutex_unlock(lock);
}

/* down: tell the notify process {down, Tag, Pid, SameMonitor, MonitorTerm} */
static void watch_down(ErlNifEnv *env, void *obj, ErlNifPid *pid, ErlNifMonitor *mon)
{
    watch_t *w = obj;
    w->downs++;
    ErlNifEnv *e = enif_alloc_env();
    ERL_NIF_TERM msg = enif_make_tuple5(e, enif_make_atom(e, "down"), enif_make_int(e, w->tag), enif_make_pid(e, pid),
                                        enif_make_int(e, enif_compare_monitors(mon, &w->mon)),
                                        enif_make_monitor_term(e, mon));
    enif_send(env, &w->notify, e, msg);
    enif_free_env(e);
}

static void queue_dtor(ErlNifEnv *env, void *obj) { enif_ioq_destroy(((queue_t *)obj)->q); }

static int load(ErlNifEnv *env, void **priv, ERL_NIF_TERM info)
{
    ErlNifResourceTypeInit init = {.dtor = watch_dtor, .down = watch_down};
    watch_type = enif_open_resource_type_x(env, "watch", &init, ERL_NIF_RT_CREATE, NULL);
    plain_type = enif_open_resource_type(env, NULL, "plain", NULL, ERL_NIF_RT_CREATE, NULL);
    queue_type = enif_open_resource_type(env, NULL, "queue", queue_dtor, ERL_NIF_RT_CREATE, NULL);
    lock = enif_mutex_create("nif_more");
    return watch_type && plain_type && queue_type && lock ? 0 : 1;
}

/* watch(NotifyPid, Tag) -> resource */
static ERL_NIF_TERM watch(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifPid n;
    int tag;
    if (!enif_get_local_pid(env, argv[0], &n) || !enif_get_int(env, argv[1], &tag)) return enif_make_badarg(env);
    watch_t *w = enif_alloc_resource(watch_type, sizeof *w);
    memset(w, 0, sizeof *w);
    w->notify = n;
    w->tag = tag;
    ERL_NIF_TERM t = enif_make_resource(env, w);
    enif_release_resource(w);
    return t;
}

/* monitor(W, Pid) -> {Rc, IsRef(MonitorTerm)}: the monitor is kept in W */
static ERL_NIF_TERM monitor(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    watch_t *w;
    ErlNifPid p;
    if (!enif_get_resource(env, argv[0], watch_type, (void **)&w) || !enif_get_local_pid(env, argv[1], &p))
        return enif_make_badarg(env);
    ErlNifMonitor m;
    int rc = enif_monitor_process(env, w, &p, &m);
    if (rc == 0) w->mon = m;
    return enif_make_tuple2(env, enif_make_int(env, rc),
                            rc == 0 ? enif_make_int(env, enif_is_ref(env, enif_make_monitor_term(env, &m)))
                                    : enif_make_atom(env, "none"));
}

/* monitor_twice(W, Pid) -> {Cmp(m1, m1), Cmp(m1, m2) /= 0, Demon(m1), Demon(m1) again, Demon(m2)} */
static ERL_NIF_TERM monitor_twice(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    watch_t *w;
    ErlNifPid p;
    if (!enif_get_resource(env, argv[0], watch_type, (void **)&w) || !enif_get_local_pid(env, argv[1], &p))
        return enif_make_badarg(env);
    ErlNifMonitor a, b;
    if (enif_monitor_process(env, w, &p, &a) || enif_monitor_process(env, w, &p, &b)) return enif_make_atom(env, "failed");
    int same = enif_compare_monitors(&a, &a), differ = enif_compare_monitors(&a, &b) != 0;
    int anti = enif_compare_monitors(&a, &b) == -enif_compare_monitors(&b, &a);
    int d1 = enif_demonitor_process(env, w, &a), d2 = enif_demonitor_process(env, w, &a);
    int d3 = enif_demonitor_process(env, w, &b);
    return enif_make_list(env, 6, enif_make_int(env, same), enif_make_int(env, differ), enif_make_int(env, anti),
                          enif_make_int(env, d1), enif_make_int(env, d2), enif_make_int(env, d3));
}

static ERL_NIF_TERM demonitor(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    watch_t *w;
    if (!enif_get_resource(env, argv[0], watch_type, (void **)&w)) return enif_make_badarg(env);
    return enif_make_int(env, enif_demonitor_process(env, w, &w->mon));
}

static ERL_NIF_TERM downs(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    watch_t *w;
    if (!enif_get_resource(env, argv[0], watch_type, (void **)&w)) return enif_make_badarg(env);
    return enif_make_int(env, w->downs);
}

static ERL_NIF_TERM watch_dtor_count(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    enif_mutex_lock(lock);
    int n = watch_dtors;
    enif_mutex_unlock(lock);
    return enif_make_int(env, n);
}

/* monitor_plain(Pid): a type without down -> its rc (< 0) */
static ERL_NIF_TERM monitor_plain(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifPid p;
    if (!enif_get_local_pid(env, argv[0], &p)) return enif_make_badarg(env);
    void *o = enif_alloc_resource(plain_type, 8);
    int rc = enif_monitor_process(env, o, &p, NULL);
    enif_release_resource(o);
    return enif_make_int(env, rc < 0 ? -1 : rc);
}

static ERL_NIF_TERM iov_list(ErlNifEnv *env, ErlNifIOVec *v)
{
    ERL_NIF_TERM l = enif_make_list(env, 0);
    for (int i = v->iovcnt - 1; i >= 0; i--) {
        ERL_NIF_TERM b;
        unsigned char *p = enif_make_new_binary(env, v->iov[i].iov_len, &b);
        memcpy(p, v->iov[i].iov_base, v->iov[i].iov_len);
        l = enif_make_list_cell(env, b, l);
    }
    return l;
}

/* iovec(List, Max) -> {Count, Size, Binaries, Tail} | badarg, three ways:
 * allocated with the env, the caller's struct, no env (freed here) */
static ERL_NIF_TERM iovec(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    unsigned max;
    if (!enif_get_uint(env, argv[1], &max)) return enif_make_badarg(env);
    ErlNifIOVec *a = NULL, mine, *b = &mine, *c = NULL;
    ERL_NIF_TERM ta, tb, tc;
    if (!enif_inspect_iovec(env, max, argv[0], &ta, &a)) return enif_make_atom(env, "not_iovec");
    if (!enif_inspect_iovec(env, max, argv[0], &tb, &b)) return enif_make_atom(env, "second_failed");
    if (!enif_inspect_iovec(NULL, max, argv[0], &tc, &c)) return enif_make_atom(env, "no_env_failed");
    int same = a->iovcnt == b->iovcnt && b->iovcnt == c->iovcnt && a->size == c->size &&
               enif_is_identical(ta, tb) && enif_is_identical(ta, tc);
    ERL_NIF_TERM r = enif_make_tuple5(env, enif_make_int(env, a->iovcnt), enif_make_uint64(env, a->size),
                                      iov_list(env, c), ta, enif_make_int(env, same));
    enif_free_iovec(c);
    return r;
}

static ERL_NIF_TERM q_new(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    queue_t *q = enif_alloc_resource(queue_type, sizeof *q);
    q->q = enif_ioq_create(ERL_NIF_IOQ_NORMAL);
    ERL_NIF_TERM t = enif_make_resource(env, q);
    enif_release_resource(q);
    return t;
}

static queue_t *get_q(ErlNifEnv *env, ERL_NIF_TERM t)
{
    queue_t *q;
    return enif_get_resource(env, t, queue_type, (void **)&q) ? q : NULL;
}

/* q_enqv(Q, Binaries, Skip) -> true | false */
static ERL_NIF_TERM q_enqv(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    queue_t *q = get_q(env, argv[0]);
    unsigned skip;
    ErlNifIOVec *v = NULL;
    ERL_NIF_TERM tail;
    if (!q || !enif_get_uint(env, argv[2], &skip) || !enif_inspect_iovec(env, 64, argv[1], &tail, &v))
        return enif_make_badarg(env);
    return enif_make_atom(env, enif_ioq_enqv(q->q, v, skip) ? "true" : "false");
}

/* q_enq_bin(Q, Binary, Skip): an owned copy (enif_alloc_binary) */
static ERL_NIF_TERM q_enq_bin(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    queue_t *q = get_q(env, argv[0]);
    ErlNifBinary in, b;
    unsigned skip;
    if (!q || !enif_inspect_binary(env, argv[1], &in) || !enif_get_uint(env, argv[2], &skip)) return enif_make_badarg(env);
    enif_alloc_binary(in.size, &b);
    memcpy(b.data, in.data, in.size);
    int ok = enif_ioq_enq_binary(q->q, &b, skip); /* b is the queue's either way */
    return enif_make_atom(env, ok ? "true" : "false");
}

/* q_deq(Q, N) -> {Ok, SizeLeft} */
static ERL_NIF_TERM q_deq(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    queue_t *q = get_q(env, argv[0]);
    unsigned n;
    if (!q || !enif_get_uint(env, argv[1], &n)) return enif_make_badarg(env);
    size_t left = 12345;
    int ok = enif_ioq_deq(q->q, n, &left);
    return enif_make_tuple2(env, enif_make_int(env, ok), enif_make_uint64(env, ok ? left : enif_ioq_size(q->q)));
}

/* q_peek(Q) -> {Size, Segments, Head | empty} */
static ERL_NIF_TERM q_peek(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    queue_t *q = get_q(env, argv[0]);
    if (!q) return enif_make_badarg(env);
    int n;
    SysIOVec *iov = enif_ioq_peek(q->q, &n);
    ERL_NIF_TERM l = enif_make_list(env, 0);
    for (int i = n - 1; i >= 0; i--) {
        ERL_NIF_TERM b;
        unsigned char *p = enif_make_new_binary(env, iov[i].iov_len, &b);
        memcpy(p, iov[i].iov_base, iov[i].iov_len);
        l = enif_make_list_cell(env, b, l);
    }
    size_t hs;
    ERL_NIF_TERM head;
    ERL_NIF_TERM h = enif_ioq_peek_head(env, q->q, &hs, &head) ? enif_make_tuple2(env, enif_make_uint64(env, hs), head)
                                                               : enif_make_atom(env, "empty");
    return enif_make_tuple3(env, enif_make_uint64(env, enif_ioq_size(q->q)), l, h);
}

static ERL_NIF_TERM unique(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    int props;
    if (!enif_get_int(env, argv[0], &props)) return enif_make_badarg(env);
    return enif_make_unique_integer(env, (ErlNifUniqueInteger)props);
}

/* hash(Term, Salt) -> {Internal, Phash2, Phash2Salted} */
static ERL_NIF_TERM hash(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    ErlNifUInt64 salt;
    if (!enif_get_uint64(env, argv[1], &salt)) return enif_make_badarg(env);
    return enif_make_tuple3(env, enif_make_uint64(env, enif_hash(ERL_NIF_INTERNAL_HASH, argv[0], salt)),
                            enif_make_uint64(env, enif_hash(ERL_NIF_PHASH2, argv[0], 0)),
                            enif_make_uint64(env, enif_hash(ERL_NIF_PHASH2, argv[0], salt)));
}

/* times() -> {Monotonic ns, TimeOffset ns, CpuTime, BadUnit} */
static ERL_NIF_TERM times(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    return enif_make_tuple4(env, enif_make_int64(env, enif_monotonic_time(ERL_NIF_NSEC)),
                            enif_make_int64(env, enif_time_offset(ERL_NIF_NSEC)), enif_cpu_time(env),
                            enif_make_int(env, enif_time_offset((ErlNifTimeUnit)99) == ERL_NIF_TIME_ERROR));
}

static void *named(void *arg)
{
    char *n = enif_thread_name(enif_thread_self());
    strncpy(arg, n ? n : "(null)", 63);
    return NULL;
}

/* thread_names() -> {NameSeenInside, NameSeenByCreator, UnknownIsNull} */
static ERL_NIF_TERM thread_names(ErlNifEnv *env, int argc, const ERL_NIF_TERM argv[])
{
    char inside[64] = {0};
    ErlNifTid tid;
    if (enif_thread_create("nif_more_worker", &tid, named, inside, NULL) != 0) return enif_make_atom(env, "no_thread");
    char *outside = enif_thread_name(tid);
    ERL_NIF_TERM o = enif_make_string(env, outside ? outside : "(null)", ERL_NIF_LATIN1);
    enif_thread_join(tid, NULL);
    return enif_make_tuple2(env, enif_make_string(env, inside, ERL_NIF_LATIN1), o);
}

static ErlNifFunc funcs[] = {
    {"thread_names", 0, thread_names, 0},
    {"watch", 2, watch, 0},
    {"monitor", 2, monitor, 0},
    {"monitor_twice", 2, monitor_twice, 0},
    {"demonitor", 1, demonitor, 0},
    {"downs", 1, downs, 0},
    {"watch_dtors", 0, watch_dtor_count, 0},
    {"monitor_plain", 1, monitor_plain, 0},
    {"iovec", 2, iovec, 0},
    {"q_new", 0, q_new, 0},
    {"q_enqv", 3, q_enqv, 0},
    {"q_enq_bin", 3, q_enq_bin, 0},
    {"q_deq", 2, q_deq, 0},
    {"q_peek", 1, q_peek, 0},
    {"unique", 1, unique, 0},
    {"hash", 2, hash, 0},
    {"times", 0, times, 0},
};

ERL_NIF_INIT(nif_more, funcs, load, NULL, NULL, NULL)
