/*
 * ets.c - the BIFs of the ets module (ets.def) on the tables of
 * runtime/ets.c. ets.erl from the OTP install runs unchanged: its exported
 * stubs are these BIFs; foldl/foldr, tab2list, delete_all_objects,
 * select_delete ... are Erlang over them.
 *
 * Errors are badarg with OTP 25's error_info cause where erl gives one:
 * id (no such table), access (protection), badkey, keypos, position,
 * already_exists, owner (give_away to oneself), table_type, type.
 */
#include "bif.h"
#include "copy.h"
#include "arith.h"
#include "cmp.h"
#include "ets.h"
#include "ms.h"
#include "scheduler.h"
#include "timer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Atoms not in atoms.def, interned once. */
static struct {
    term set, ordered_set, bag, duplicate_bag, public_, protected_, private_, named_table, keypos, heir,
        write_concurrency, read_concurrency, decentralized_counters, compressed, id, owner, protection,
        fixed, safe_fixed, safe_fixed_monotonic_time, stats, node, end_of_table, access, already_exists,
        position, auto_, table_type, type, first_, cont_tag;
} A;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;
static void atoms_init(void)
{
    A.set = atom_from_cstr("set");
    A.ordered_set = atom_from_cstr("ordered_set");
    A.bag = atom_from_cstr("bag");
    A.duplicate_bag = atom_from_cstr("duplicate_bag");
    A.public_ = atom_from_cstr("public");
    A.protected_ = atom_from_cstr("protected");
    A.private_ = atom_from_cstr("private");
    A.named_table = atom_from_cstr("named_table");
    A.keypos = atom_from_cstr("keypos");
    A.heir = atom_from_cstr("heir");
    A.write_concurrency = atom_from_cstr("write_concurrency");
    A.read_concurrency = atom_from_cstr("read_concurrency");
    A.decentralized_counters = atom_from_cstr("decentralized_counters");
    A.compressed = atom_from_cstr("compressed");
    A.id = atom_from_cstr("id");
    A.owner = atom_from_cstr("owner");
    A.protection = atom_from_cstr("protection");
    A.fixed = atom_from_cstr("fixed");
    A.safe_fixed = atom_from_cstr("safe_fixed");
    A.safe_fixed_monotonic_time = atom_from_cstr("safe_fixed_monotonic_time");
    A.stats = atom_from_cstr("stats");
    A.node = atom_from_cstr("node");
    A.end_of_table = atom_from_cstr("$end_of_table");
    A.access = atom_from_cstr("access");
    A.already_exists = atom_from_cstr("already_exists");
    A.position = atom_from_cstr("position");
    A.auto_ = atom_from_cstr("auto");
    A.table_type = atom_from_cstr("table_type");
    A.type = atom_from_cstr("type");
    A.first_ = atom_from_cstr("$first");
    A.cont_tag = atom_from_cstr("$ets_select");
}
#define ATOMS() pthread_once(&atoms_once, atoms_init)

static term badarg_cause(proc_t *p, term cause)
{
    proc_raise(p, EXC_ERROR, ATOM(badarg));
    if (cause != NIL) p->finfo = cause;
    return THE_NON_VALUE;
}

enum { NEED_READ, NEED_WRITE, NEED_OWNER };

/* The table id names, with a reference, if p may use it so; else NULL
 * with badarg raised. */
static ets_tab_t *tab_get(proc_t *p, term id, int need)
{
    ATOMS();
    ets_tab_t *t = ets_get(id);
    if (!t) {
        badarg_cause(p, A.id);
        return NULL;
    }
    term owner = atomic_load(&t->owner);
    bool ok = need == NEED_OWNER ? owner == p->id
            : need == NEED_WRITE ? t->access == ETS_PUBLIC || owner == p->id
                                 : t->access != ETS_PRIVATE || owner == p->id;
    if (!ok) {
        ets_put(t);
        badarg_cause(p, A.access);
        return NULL;
    }
    return t;
}

static inline bool obj_ok(const ets_tab_t *t, term o)
{
    return term_is_tuple(o) && term_tuple_arity(o) >= t->keypos;
}

/* ---------------------------------------------------------------------
 * new, delete, rename, whereis, all, give_away, setopts
 * ------------------------------------------------------------------- */
static bool heir_opt(term o, term *heir, term *data)
{
    const term *e = term_tuple_elems(o);
    if (term_tuple_arity(o) == 2 && e[1] == ATOM(none)) {
        *heir = ATOM(none);
        return true;
    }
    if (term_tuple_arity(o) != 3 || !term_is_local_pid(e[1])) return false;
    *heir = e[1];
    *data = e[2];
    return true;
}

term bif_ets_new_2(proc_t *p, const term *args)
{
    ATOMS();
    term name = args[0];
    if (!term_is_atom(name)) BIF_BADARG(p);
    ets_opts_t o = {ETS_SET, ETS_PROTECTED, false, false, false, false, ATOM(false), 1, ATOM(none), NIL};
    bool dc_given = false;
    term l = args[1];
    for (; term_is_list(l); l = term_cdr(l)) {
        term x = term_car(l);
        if (x == A.set) o.type = ETS_SET;
        else if (x == A.ordered_set) o.type = ETS_ORDERED_SET;
        else if (x == A.bag) o.type = ETS_BAG;
        else if (x == A.duplicate_bag) o.type = ETS_DBAG;
        else if (x == A.public_) o.access = ETS_PUBLIC;
        else if (x == A.protected_) o.access = ETS_PROTECTED;
        else if (x == A.private_) o.access = ETS_PRIVATE;
        else if (x == A.named_table) o.named = true;
        else if (x == A.compressed) o.compressed = true;
        else if (term_is_tuple(x) && term_tuple_arity(x) >= 2) {
            const term *e = term_tuple_elems(x);
            bool two = term_tuple_arity(x) == 2, boolv = e[1] == ATOM(true) || e[1] == ATOM(false);
            if (e[0] == A.keypos && two && term_is_small(e[1]) && term_to_small(e[1]) >= 1)
                o.keypos = (uint32_t)term_to_small(e[1]);
            else if (e[0] == A.write_concurrency && two && (boolv || e[1] == A.auto_)) o.wc = e[1];
            else if (e[0] == A.read_concurrency && two && boolv) o.rc = e[1] == ATOM(true);
            else if (e[0] == A.decentralized_counters && two && boolv) {
                o.dc = e[1] == ATOM(true);
                dc_given = true;
            } else if (e[0] == A.heir && heir_opt(x, &o.heir, &o.heir_data)) {
            } else BIF_BADARG(p);
        } else BIF_BADARG(p);
    }
    if (!term_is_nil(l)) BIF_BADARG(p);
    if (!dc_given) o.dc = o.wc == A.auto_ || (o.type == ETS_ORDERED_SET && o.wc == ATOM(true));
    if (o.wc == ATOM(false)) o.dc = false; /* as erts: counters only matter with write_concurrency */
    if (o.access == ETS_PRIVATE) o.rc = o.dc = false, o.wc = ATOM(false); /* one process: no locks to tune */
    if (o.heir != ATOM(none) && o.heir == p->id) o.heir = ATOM(none);
    ets_tab_t *t = ets_new(name, p->id, &o);
    if (!t) return badarg_cause(p, A.already_exists);
    return ets_tid(proc_heap(p), t);
}

term bif_ets_delete_1(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    ets_delete_table(t);
    ets_put(t);
    return ATOM(true);
}

term bif_ets_rename_2(proc_t *p, const term *args)
{
    ATOMS();
    if (!term_is_atom(args[1])) BIF_BADARG(p);
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE); /* erl: a public table's any writer */
    if (!t) return THE_NON_VALUE;
    bool ok = ets_rename(t, args[1]);
    ets_put(t);
    if (!ok) return badarg_cause(p, A.already_exists);
    return args[1];
}

term bif_ets_whereis_1(proc_t *p, const term *args)
{
    if (!term_is_atom(args[0])) BIF_BADARG(p);
    ets_tab_t *t = ets_get(args[0]);
    if (!t) return ATOM(undefined);
    term r = ets_ref(proc_heap(p), t);
    ets_put(t);
    return r;
}

/* ets:all/0 collects one message per scheduler: all tables in the first. */
term bif_ets_internal_request_all_0(proc_t *p, const term *args)
{
    (void)args;
    heap_t h;
    heap_init(&h);
    uint32_t r[3];
    sched_ref_numbers(r);
    term ref = sched_make_ref(&h, r);
    unsigned n = sched_nthreads ? sched_nthreads : 1;
    for (unsigned i = 0; i < n; i++) {
        term e[2] = {ref, i == 0 ? ets_all(&h) : NIL};
        sched_send(p, p->id, heap_make_tuple(&h, 2, e));
    }
    term out = copy_term(proc_heap(p), ref);
    heap_free(&h);
    return out;
}

term bif_ets_give_away_3(proc_t *p, const term *args)
{
    ATOMS();
    ets_tab_t *t = tab_get(p, args[0], NEED_OWNER); /* erl: access when not the owner */
    if (!t) return THE_NON_VALUE;
    term to = args[1];
    term cause = NIL;
    if (!term_is_local_pid(to) || !sched_alive(to)) cause = NIL;
    else if (to == p->id) cause = A.owner;
    else {
        ets_transfer(t, p, to, args[2]);
        ets_put(t);
        return ATOM(true);
    }
    ets_put(t);
    return badarg_cause(p, cause);
}

term bif_ets_setopts_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_OWNER);
    if (!t) return THE_NON_VALUE;
    term l = args[1], one[1];
    if (!term_is_list(l) && !term_is_nil(l)) one[0] = l, l = heap_make_list(proc_heap(p), one, 1, NIL);
    term heir = THE_NON_VALUE, data = NIL;
    bool ok = true;
    for (; ok && term_is_list(l); l = term_cdr(l)) {
        term x = term_car(l);
        if (term_is_tuple(x) && term_tuple_arity(x) >= 2 && term_tuple_elems(x)[0] == A.heir)
            ok = heir_opt(x, &heir, &data);
        else ok = false;
    }
    if (!ok || !term_is_nil(l)) {
        ets_put(t);
        BIF_BADARG(p);
    }
    if (term_is_value(heir)) {
        ets_lock_all(t, true);
        ets_set_heir(t, heir == p->id ? ATOM(none) : heir, data);
        ets_unlock_all(t, true);
    }
    ets_put(t);
    return ATOM(true);
}

term bif_ets_safe_fixtable_2(proc_t *p, const term *args)
{
    if (args[1] != ATOM(true) && args[1] != ATOM(false)) BIF_BADARG(p);
    ets_tab_t *t = tab_get(p, args[0], NEED_READ);
    if (!t) return THE_NON_VALUE;
    ets_fix(t, p->id, args[1] == ATOM(true));
    ets_put(t);
    return ATOM(true);
}

/* ---------------------------------------------------------------------
 * insert, lookup, delete
 * ------------------------------------------------------------------- */
static term insert(proc_t *p, const term *args, bool new_only)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    term x = args[1];
    if (term_is_tuple(x)) {
        if (!obj_ok(t, x)) goto bad;
        ets_obj_t *o = ets_obj_for(t, x);
        uint32_t h = o->hash; /* o is freed if it does not go in */
        ets_lock_key(t, ets_obj_key(t, o), h, true);
        bool ok = ets_insert_obj(t, o, new_only);
        ets_unlock_key(t, h, true);
        ets_maybe_resize(t);
        ets_put(t);
        return ok ? ATOM(true) : ATOM(false);
    }
    term l = x;
    for (; term_is_list(l); l = term_cdr(l))
        if (!obj_ok(t, term_car(l))) goto bad;
    if (!term_is_nil(l)) goto bad;
    /* a list goes in atomically, all or (insert_new) nothing */
    ets_lock_all(t, true);
    bool ok = true;
    if (new_only)
        for (l = x; ok && term_is_list(l); l = term_cdr(l)) {
            term k = term_tuple_elems(term_car(l))[t->keypos - 1];
            ok = !ets_find(t, k, ets_hash_key(k));
        }
    if (ok && t->type == ETS_BAG) {
        /* erts puts a list into a bag last element first (what lookups
         * then show) */
        size_t n = 0;
        for (l = x; term_is_list(l); l = term_cdr(l)) n++;
        term *v = malloc(n * sizeof(term));
        if (!v) laser_oom("ets insert", n);
        n = 0;
        for (l = x; term_is_list(l); l = term_cdr(l)) v[n++] = term_car(l);
        while (n--) {
            ets_insert_obj(t, ets_obj_for(t, v[n]), false);
            ets_resize_held(t);
        }
        free(v);
    } else
        for (l = x; ok && term_is_list(l); l = term_cdr(l)) {
            ets_insert_obj(t, ets_obj_for(t, term_car(l)), false);
            ets_resize_held(t); /* erts grows after each object */
        }
    ets_unlock_all(t, true);
    ets_maybe_resize(t);
    ets_put(t);
    return ok ? ATOM(true) : ATOM(false);
bad:
    ets_put(t);
    BIF_BADARG(p);
}

term bif_ets_insert_2(proc_t *p, const term *args) { return insert(p, args, false); }
term bif_ets_insert_new_2(proc_t *p, const term *args) { return insert(p, args, true); }

/* The objects of key as a list on p's heap (lock held). */
static term objects_of(proc_t *p, ets_tab_t *t, ets_obj_t *o)
{
    /* back to front, as erts conses them */
    heap_t *h = proc_heap(p);
    term l = NIL;
    for (; o; o = ets_same_next(t, o)) l = heap_make_cons(h, ets_obj_copy(o, h), l);
    return l;
}

term bif_ets_lookup_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_READ);
    if (!t) return THE_NON_VALUE;
    uint32_t h = ets_hash_key(args[1]);
    ets_lock_key(t, args[1], h, false);
    term r = objects_of(p, t, ets_find(t, args[1], h));
    ets_unlock_key(t, h, false);
    ets_put(t);
    return r;
}

term bif_ets_member_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_READ);
    if (!t) return THE_NON_VALUE;
    uint32_t h = ets_hash_key(args[1]);
    ets_lock_key(t, args[1], h, false);
    bool r = ets_find(t, args[1], h) != NULL;
    ets_unlock_key(t, h, false);
    ets_put(t);
    return r ? ATOM(true) : ATOM(false);
}

term bif_ets_lookup_element_3(proc_t *p, const term *args)
{
    ATOMS();
    if (!term_is_small(args[2]) || term_to_small(args[2]) < 1) BIF_BADARG(p);
    uint64_t pos = (uint64_t)term_to_small(args[2]);
    ets_tab_t *t = tab_get(p, args[0], NEED_READ);
    if (!t) return THE_NON_VALUE;
    uint32_t h = ets_hash_key(args[1]);
    ets_lock_key(t, args[1], h, false);
    ets_obj_t *o = ets_find(t, args[1], h);
    term r = THE_NON_VALUE, cause = NIL;
    heap_t scratch; /* compressed objects are read from a decoded copy */
    heap_init(&scratch);
    if (!o) cause = ATOM(badkey);
    else if (t->type == ETS_SET || t->type == ETS_ORDERED_SET) {
        if (pos <= term_tuple_arity(o->val))
            r = copy_term(proc_heap(p), term_tuple_elems(ets_obj_view(o, &scratch))[pos - 1]);
    } else {
        bool ok = true;
        for (ets_obj_t *x = o; x; x = ets_same_next(t, x)) ok = ok && pos <= term_tuple_arity(x->val);
        if (ok) {
            heap_t *hp = proc_heap(p);
            r = NIL;
            for (ets_obj_t *x = o; x; x = ets_same_next(t, x))
                r = heap_make_cons(hp, copy_term(hp, term_tuple_elems(ets_obj_view(x, &scratch))[pos - 1]), r);
        }
    }
    heap_free(&scratch);
    ets_unlock_key(t, h, false);
    ets_put(t);
    return term_is_value(r) ? r : badarg_cause(p, cause);
}

term bif_ets_delete_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    uint32_t h = ets_hash_key(args[1]);
    ets_lock_key(t, args[1], h, true);
    ets_delete_key(t, args[1], h);
    ets_unlock_key(t, h, true);
    ets_maybe_resize(t);
    ets_put(t);
    return ATOM(true);
}

term bif_ets_delete_object_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    if (!obj_ok(t, args[1])) {
        ets_put(t);
        BIF_BADARG(p);
    }
    uint32_t h = ets_hash_key(term_tuple_elems(args[1])[t->keypos - 1]);
    ets_lock_key(t, term_tuple_elems(args[1])[t->keypos - 1], h, true);
    ets_delete_matching(t, args[1], h);
    ets_unlock_key(t, h, true);
    ets_maybe_resize(t);
    ets_put(t);
    return ATOM(true);
}

term bif_ets_take_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    uint32_t h = ets_hash_key(args[1]);
    ets_lock_key(t, args[1], h, true);
    term r = objects_of(p, t, ets_find(t, args[1], h));
    ets_delete_key(t, args[1], h);
    ets_unlock_key(t, h, true);
    ets_maybe_resize(t);
    ets_put(t);
    return r;
}

term bif_ets_internal_delete_all_2(proc_t *p, const term *args)
{
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    ets_lock_all(t, true);
    uint64_t n = atomic_load(&t->size);
    ets_delete_all(t);
    ets_unlock_all(t, true);
    ets_maybe_resize(t);
    ets_put(t);
    return term_from_small((int64_t)n);
}

/* ---------------------------------------------------------------------
 * update_counter, update_element
 * ------------------------------------------------------------------- */
/* One {Pos, Incr[, Threshold, SetValue]}: checks only (pos against
 * arity is checked on the object). */
typedef struct {
    uint64_t pos;
    term incr, thr, setv;
} uc_op_t;

static bool uc_parse(term x, term defpos, uc_op_t *op)
{
    op->thr = THE_NON_VALUE;
    if (term_is_integer(x)) {
        op->pos = (uint64_t)term_to_small(defpos);
        op->incr = x;
        return true;
    }
    if (!term_is_tuple(x)) return false;
    const term *e = term_tuple_elems(x);
    uint64_t n = term_tuple_arity(x);
    if (n != 2 && n != 4) return false;
    if (!term_is_small(e[0]) || term_to_small(e[0]) < 1 || !term_is_integer(e[1])) return false;
    op->pos = (uint64_t)term_to_small(e[0]);
    op->incr = e[1];
    if (n == 4) {
        if (!term_is_integer(e[2]) || !term_is_integer(e[3])) return false;
        op->thr = e[2];
        op->setv = e[3];
    }
    return true;
}

/* Apply ops to a copy of obj's elements (els, arity n); results into res. */
static term uc_apply(proc_t *p, term *els, uint64_t n, const uc_op_t *ops, size_t nops, term *res, ets_tab_t *t)
{
    ATOMS();
    heap_t *h = proc_heap(p);
    for (size_t i = 0; i < nops; i++) {
        if (ops[i].pos == t->keypos) return A.keypos;
        if (ops[i].pos > n) return A.position;
        term v = els[ops[i].pos - 1];
        if (!term_is_integer(v)) return NIL;
        term reason;
        term s = arith_add(h, v, ops[i].incr, &reason);
        if (!term_is_value(s)) return NIL;
        if (term_is_value(ops[i].thr)) {
            bool up = cmp_terms(ops[i].incr, term_from_small(0)) >= 0;
            int c = cmp_terms(s, ops[i].thr);
            if ((up && c > 0) || (!up && c < 0)) s = ops[i].setv;
        }
        els[ops[i].pos - 1] = s;
        res[i] = s;
    }
    return THE_NON_VALUE;
}

static term update_counter(proc_t *p, const term *args, term def)
{
    ATOMS();
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    term key = args[1], x = args[2], cause = NIL;
    term defpos = term_from_small(t->keypos + 1);
    bool list = term_is_list(x) || term_is_nil(x);
    size_t nops = 0;
    for (term l = x; term_is_list(l); l = term_cdr(l)) nops++;
    if (!list) nops = 1;
    uc_op_t *ops = malloc((nops ? nops : 1) * sizeof *ops);
    term *res = malloc((nops ? nops : 1) * sizeof *res);
    bool ok = ops && res;
    if (t->type != ETS_SET && t->type != ETS_ORDERED_SET) ok = false, cause = A.table_type;
    size_t i = 0;
    if (list) {
        term l = x;
        for (; ok && term_is_list(l); l = term_cdr(l)) ok = uc_parse(term_car(l), defpos, &ops[i++]);
        ok = ok && term_is_nil(l);
    } else ok = ok && uc_parse(x, defpos, &ops[0]);
    if (ok && term_is_value(def) && !obj_ok(t, def)) ok = false;
    term r = THE_NON_VALUE;
    if (ok) {
        uint32_t h = ets_hash_key(key);
        ets_lock_key(t, key, h, true);
        ets_obj_t *o = ets_find(t, key, h);
        term src = o ? ets_obj_copy(o, proc_heap(p)) : def;
        if (!term_is_value(src)) cause = ATOM(badkey);
        else {
            uint64_t n = term_tuple_arity(src);
            term nt = copy_term(proc_heap(p), src);
            term *els = term_tuple_elems(nt);
            if (!o) els[t->keypos - 1] = key;
            cause = uc_apply(p, els, n, ops, nops, res, t);
            if (!term_is_value(cause)) {
                ets_obj_t *no = ets_obj_for(t, nt);
                if (o) ets_replace_obj(t, o, no);
                else ets_insert_obj(t, no, false);
                r = list ? heap_make_list(proc_heap(p), res, nops, NIL) : res[0];
            }
        }
        ets_unlock_key(t, h, true);
        ets_maybe_resize(t);
    }
    free(ops);
    free(res);
    ets_put(t);
    return term_is_value(r) ? r : badarg_cause(p, cause);
}

term bif_ets_update_counter_3(proc_t *p, const term *args) { return update_counter(p, args, THE_NON_VALUE); }
term bif_ets_update_counter_4(proc_t *p, const term *args) { return update_counter(p, args, args[3]); }

term bif_ets_update_element_3(proc_t *p, const term *args)
{
    ATOMS();
    ets_tab_t *t = tab_get(p, args[0], NEED_WRITE);
    if (!t) return THE_NON_VALUE;
    term x = args[2], one[1], cause = NIL, r = THE_NON_VALUE;
    if (term_is_tuple(x)) one[0] = x, x = heap_make_list(proc_heap(p), one, 1, NIL);
    bool ok = (t->type == ETS_SET || t->type == ETS_ORDERED_SET) && term_is_list(x);
    term l = x;
    for (; ok && term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        ok = term_is_tuple(e) && term_tuple_arity(e) == 2 && term_is_small(term_tuple_elems(e)[0]) &&
             term_to_small(term_tuple_elems(e)[0]) >= 1;
    }
    ok = ok && term_is_nil(l);
    if (ok) {
        uint32_t h = ets_hash_key(args[1]);
        ets_lock_key(t, args[1], h, true);
        ets_obj_t *o = ets_find(t, args[1], h);
        if (!o) r = ATOM(false);
        else {
            uint64_t n = term_tuple_arity(o->val);
            for (l = x; term_is_list(l) && cause == NIL; l = term_cdr(l)) {
                uint64_t pos = (uint64_t)term_to_small(term_tuple_elems(term_car(l))[0]);
                if (pos == t->keypos) cause = A.keypos;
                else if (pos > n) cause = ATOM(badarg); /* no cause, as erl */
            }
            if (cause == NIL) {
                term nt = ets_obj_copy(o, proc_heap(p));
                for (l = x; term_is_list(l); l = term_cdr(l)) {
                    const term *e = term_tuple_elems(term_car(l));
                    term_tuple_elems(nt)[term_to_small(e[0]) - 1] = e[1];
                }
                ets_replace_obj(t, o, ets_obj_for(t, nt));
                r = ATOM(true);
            }
        }
        ets_unlock_key(t, h, true);
    }
    ets_put(t);
    return term_is_value(r) ? r : badarg_cause(p, cause == ATOM(badarg) ? NIL : cause);
}

/* ---------------------------------------------------------------------
 * Traversal: first, next, last, prev, slot
 * ------------------------------------------------------------------- */
static term step(proc_t *p, const term *args, int how)
{
    ATOMS();
    ets_tab_t *t = tab_get(p, args[0], NEED_READ);
    if (!t) return THE_NON_VALUE;
    ets_lock_all(t, false);
    bool missing = false;
    ets_obj_t *o = how == 0 ? ets_first(t) : how == 1 ? ets_last(t)
                 : how == 2 ? ets_next(t, args[1], &missing) : ets_prev(t, args[1], &missing);
    term r = missing ? THE_NON_VALUE : o ? copy_term(proc_heap(p), ets_obj_key(t, o)) : A.end_of_table;
    ets_unlock_all(t, false);
    ets_put(t);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

term bif_ets_first_1(proc_t *p, const term *args) { return step(p, args, 0); }
term bif_ets_last_1(proc_t *p, const term *args) { return step(p, args, 1); }
term bif_ets_next_2(proc_t *p, const term *args) { return step(p, args, 2); }
term bif_ets_prev_2(proc_t *p, const term *args) { return step(p, args, 3); }

term bif_ets_slot_2(proc_t *p, const term *args)
{
    ATOMS();
    if (!term_is_small(args[1]) || term_to_small(args[1]) < 0) BIF_BADARG(p);
    uint64_t i = (uint64_t)term_to_small(args[1]);
    ets_tab_t *t = tab_get(p, args[0], NEED_READ);
    if (!t) return THE_NON_VALUE;
    ets_lock_all(t, false);
    term r = THE_NON_VALUE;
    heap_t *h = proc_heap(p);
    if (t->type == ETS_ORDERED_SET) {
        uint64_t n = atomic_load(&t->size);
        if (i < n) {
            ets_obj_t *o = ets_first(t);
            for (uint64_t k = 0; k < i; k++) o = ets_succ(t, o);
            r = heap_make_cons(h, ets_obj_copy(o, h), NIL);
        } else if (i == n) r = A.end_of_table;
    } else if (i < ets_nslots(t)) {
        /* consed in chain order, as erts */
        r = NIL;
        for (ets_obj_t *o = ets_slot_chain(t, i); o; o = o->fwd[0])
            if (!o->dead) r = heap_make_cons(h, ets_obj_copy(o, h), r);
    } else if (i == ets_nslots(t)) r = A.end_of_table;
    ets_unlock_all(t, false);
    ets_put(t);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

/* ---------------------------------------------------------------------
 * info
 * ------------------------------------------------------------------- */
static term stats(heap_t *h, ets_tab_t *t)
{
    if (t->type == ETS_ORDERED_SET) {
        term e[3] = {term_from_small(0), term_from_small(ets_sl_levels(t)), term_from_small(0)};
        return heap_make_tuple(h, 3, e);
    }
    /* erts' db_calc_stats_hash, in its float arithmetic */
    size_t n = ets_nslots(t), ix = 0;
    int sum = 0, sq = 0, kept = 0, mn = INT32_MAX, mx = 0;
    do {
        int len = 0;
        for (ets_obj_t *o = ets_slot_chain(t, ix); o; o = o->fwd[0]) len++, kept += o->dead;
        sum += len, sq += len * len;
        if (len < mn) mn = len;
        if (len > mx) mx = len;
    } while ((ix = ets_next_slot(t, ix)));
    float avg = (float)sum / (float)n;
    float std = (float)__builtin_sqrt((double)(((float)sq - avg * (float)sum) / (float)n));
    float exp = (float)__builtin_sqrt((double)avg * (1 - 1.0 / (double)n));
    term e[8] = {term_from_small((int64_t)n), heap_make_float(h, avg), heap_make_float(h, std),
                 heap_make_float(h, exp), term_from_small(mn), term_from_small(mx),
                 term_from_small(kept), term_from_small(t->nlocks)};
    return heap_make_tuple(h, 8, e);
}

/* One info item, or THE_NON_VALUE if item is none. */
static term info_item(proc_t *p, ets_tab_t *t, term item)
{
    heap_t *h = proc_heap(p);
    if (item == A.id) return ets_ref(h, t);
    if (item == ATOM(name)) return ets_name(t);
    if (item == ATOM(size)) return term_from_small((int64_t)atomic_load(&t->size));
    if (item == ATOM(type)) {
        term ty[] = {A.set, A.ordered_set, A.bag, A.duplicate_bag};
        return ty[t->type];
    }
    if (item == A.owner) return atomic_load(&t->owner);
    if (item == A.heir) { /* setopts changes it under the table lock */
        ets_lock_all(t, false);
        term h2 = t->heir;
        ets_unlock_all(t, false);
        return h2;
    }
    if (item == A.protection) {
        term pr[] = {A.private_, A.protected_, A.public_};
        return pr[t->access];
    }
    if (item == A.keypos) return term_from_small(t->keypos);
    if (item == A.named_table) return t->named ? ATOM(true) : ATOM(false);
    if (item == ATOM(memory)) {
        int64_t w = atomic_load(&t->words) + (int64_t)(sizeof(ets_tab_t) / sizeof(term)) +
                    (t->type == ETS_ORDERED_SET ? 0 : (int64_t)ets_nslots(t));
        return term_from_small(w);
    }
    if (item == A.node) return ATOM(nonode_at_nohost);
    if (item == A.compressed) return t->compressed ? ATOM(true) : ATOM(false);
    if (item == A.read_concurrency) return t->rc ? ATOM(true) : ATOM(false);
    if (item == A.write_concurrency) return t->wc;
    if (item == A.decentralized_counters) return t->dc ? ATOM(true) : ATOM(false);
    if (item == A.fixed) return atomic_load(&t->fixcount) ? ATOM(true) : ATOM(false);
    if (item == A.safe_fixed || item == A.safe_fixed_monotonic_time)
        return ets_fix_info(h, t, item == A.safe_fixed_monotonic_time);
    if (item == A.stats) {
        ets_lock_all(t, false);
        term s = stats(h, t);
        ets_unlock_all(t, false);
        return s;
    }
    return THE_NON_VALUE;
}

term bif_ets_info_1(proc_t *p, const term *args)
{
    ATOMS();
    if (!term_is_atom(args[0]) && !term_is_ref(args[0])) return badarg_cause(p, A.type);
    ets_tab_t *t = ets_get(args[0]);
    if (!t) return ATOM(undefined);
    term items[] = {A.id, A.decentralized_counters, A.read_concurrency, A.write_concurrency, A.compressed,
                    ATOM(memory), A.owner, A.heir, ATOM(name), ATOM(size), A.node, A.named_table,
                    ATOM(type), A.keypos, A.protection};
    size_t n = sizeof items / sizeof items[0];
    term l = NIL;
    heap_t *h = proc_heap(p);
    for (size_t i = n; i-- > 0;) {
        term e[2] = {items[i], info_item(p, t, items[i])};
        l = heap_make_cons(h, heap_make_tuple(h, 2, e), l);
    }
    ets_put(t);
    return l;
}

term bif_ets_info_2(proc_t *p, const term *args)
{
    ATOMS();
    if (!term_is_atom(args[0]) && !term_is_ref(args[0])) return badarg_cause(p, A.type);
    ets_tab_t *t = ets_get(args[0]);
    if (!t) return ATOM(undefined);
    term r = term_is_atom(args[1]) ? info_item(p, t, args[1]) : THE_NON_VALUE;
    ets_put(t);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

/* ---------------------------------------------------------------------
 * match and select (match specifications: runtime/ms.h)
 *
 * One traversal serves every form: it runs the program on each object
 * (or, when every clause's head has a ground key, only on those keys'
 * objects) and lists, counts, deletes or replaces. With a limit it stops
 * after `limit` results and returns a continuation
 *   {'$ets_select', Tid, Pos, Skip, Limit, Spec, Reverse}
 * Pos is the next bucket (hash tables; Skip live objects of it are done)
 * or {LastKey} / '$first' (ordered_set, resumed by key, as OTP's).
 * ------------------------------------------------------------------- */
enum { SEL_LIST, SEL_COUNT, SEL_DELETE, SEL_REPLACE };

typedef struct {
    term *v;
    size_t n, cap;
} sel_acc_t;

static void acc_push(sel_acc_t *a, term x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->v = realloc(a->v, a->cap * sizeof(term));
        if (!a->v) laser_oom("ets select", a->cap);
    }
    a->v[a->n++] = x;
}

typedef struct {
    proc_t *p;
    ets_tab_t *t;
    ms_prog_t *prog;
    int mode;
    sel_acc_t acc;
    uint64_t count;
    bool bad; /* select_replace made no object */
} sel_t;

/* Run the program on o; act on a match. */
static void sel_one(sel_t *s, ets_obj_t *o)
{
    term r;
    heap_t *h = proc_heap(s->p);
    heap_t scratch; /* a compressed object is matched in a decoded copy */
    heap_init(&scratch);
    ms_result_t m = ms_run(s->prog, s->p, h, ets_obj_view(o, &scratch), &r, NULL);
    heap_free(&scratch);
    if (m != MS_MATCH) return;
    switch (s->mode) {
    case SEL_LIST: acc_push(&s->acc, r); break;
    case SEL_COUNT: s->count += r == ATOM(true); break;
    case SEL_DELETE:
        if (r == ATOM(true)) acc_push(&s->acc, (term)(uintptr_t)o);
        break;
    case SEL_REPLACE:
        /* ms_keeps_key vouched for the key; the shape is checked still */
        if (!obj_ok(s->t, r)) {
            s->bad = true;
            break;
        }
        acc_push(&s->acc, (term)(uintptr_t)o);
        acc_push(&s->acc, r);
        break;
    }
}

/* Deletions and replacements are made after the traversal. */
static void sel_finish(sel_t *s)
{
    if (s->mode == SEL_DELETE) {
        for (size_t i = 0; i < s->acc.n; i++) ets_delete_one(s->t, (ets_obj_t *)(uintptr_t)s->acc.v[i]);
        s->count = s->acc.n;
    } else if (s->mode == SEL_REPLACE && !s->bad) {
        for (size_t i = 0; i < s->acc.n; i += 2) {
            ets_obj_t *o = (ets_obj_t *)(uintptr_t)s->acc.v[i];
            heap_t scratch;
            heap_init(&scratch);
            bool same = cmp_eq_exact(ets_obj_view(o, &scratch), s->acc.v[i + 1]);
            heap_free(&scratch);
            if (!same) ets_replace_obj(s->t, o, ets_obj_for(s->t, s->acc.v[i + 1]));
        }
        s->count = s->acc.n / 2;
    }
}

static int key_order(const void *a, const void *b) { return cmp_terms(*(const term *)a, *(const term *)b); }

static void sel_scan(sel_t *s, bool rev);

/* The whole table (or the ground keys' objects), no limit. erts conses a
 * hash table's results in traversal order: so do we. */
static void sel_all(sel_t *s, bool rev)
{
    sel_scan(s, rev);
    if (s->t->type != ETS_ORDERED_SET && s->mode == SEL_LIST)
        for (size_t i = 0, j = s->acc.n; i + 1 < j; i++, j--) {
            term x = s->acc.v[i];
            s->acc.v[i] = s->acc.v[j - 1];
            s->acc.v[j - 1] = x;
        }
}

/* The slots erts searches for a spec whose every clause names its key:
 * each key's slot once, in clause order (a table without stripes only
 * where the key is). */
static size_t key_slots(ets_tab_t *t, const term *keys, size_t nk, size_t *slots)
{
    size_t ns = 0;
    for (size_t i = 0; i < nk; i++) {
        uint32_t h = ets_hash_key(keys[i]);
        size_t ix = ets_slot_of(t, h), j = 0;
        if (!t->stripes && !ets_find(t, keys[i], h)) continue;
        while (j < ns && slots[j] != ix) j++;
        if (j == ns) slots[ns++] = ix;
    }
    return ns;
}

static void sel_chain(sel_t *s, size_t ix)
{
    for (ets_obj_t *o = ets_slot_chain(s->t, ix); o; o = o->fwd[0])
        if (!o->dead) sel_one(s, o);
}

static void sel_scan(sel_t *s, bool rev)
{
    ets_tab_t *t = s->t;
    size_t nk = ms_clause_count(s->prog);
    term *keys = malloc((nk ? nk : 1) * (sizeof(term) + sizeof(size_t)));
    if (keys && ms_ground_keys(s->prog, t->keypos, keys)) {
        if (t->type != ETS_ORDERED_SET) {
            size_t *slots = (size_t *)(keys + nk), ns = key_slots(t, keys, nk, slots);
            for (size_t i = 0; i < ns; i++) sel_chain(s, slots[i]);
            free(keys);
            return;
        }
        qsort(keys, nk, sizeof(term), key_order);
        for (size_t i = 0; i < nk; i++) {
            size_t k = rev ? nk - 1 - i : i;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = cmp_eq(keys[rev ? nk - 1 - j : j], keys[k]);
            if (seen) continue;
            for (ets_obj_t *o = ets_find(t, keys[k], 0); o; o = ets_same_next(t, o)) sel_one(s, o);
        }
        free(keys);
        return;
    }
    free(keys);
    if (rev && t->type == ETS_ORDERED_SET) {
        bool missing;
        for (ets_obj_t *o = ets_last(t); o; o = ets_prev(t, ets_obj_key(t, o), &missing)) sel_one(s, o);
        return;
    }
    size_t b = 0;
    for (ets_obj_t *o = ets_iter(t, NULL, &b); o; o = ets_iter(t, o, &b)) sel_one(s, o);
}

/* ordered_set: a chunk of at most limit results after pos ('$first' or
 * {LastKey}); the next position goes to npos (THE_NON_VALUE: the end). */
static void sel_chunk_tree(sel_t *s, bool rev, uint64_t limit, term pos, term *npos)
{
    ets_tab_t *t = s->t;
    heap_t *h = proc_heap(s->p);
    *npos = THE_NON_VALUE;
    bool missing;
    ets_obj_t *o;
    if (pos == A.first_) o = rev ? ets_last(t) : ets_first(t);
    else {
        term k = term_tuple_elems(pos)[0];
        o = rev ? ets_prev(t, k, &missing) : ets_next(t, k, &missing);
    }
    for (; o; o = rev ? ets_prev(t, ets_obj_key(t, o), &missing) : ets_succ(t, o)) {
        sel_one(s, o);
        if (s->acc.n >= limit) {
            term k = copy_term(h, ets_obj_key(t, o));
            *npos = heap_make_tuple(h, 1, &k);
            return;
        }
    }
}

/* Hash tables, as erts' select chunks: whole slots from slot (-1: the
 * end) until at least limit results, counting the rest list a previous
 * chunk left over (results newest first). Returns the next slot. */
static int64_t sel_chunk_hash(sel_t *s, uint64_t limit, int64_t slot, uint64_t nrest)
{
    ets_tab_t *t = s->t;
    if (slot < 0 || nrest >= limit) return slot;
    if (slot == 0) { /* a first call: erts' key shortcut applies */
        size_t nk = ms_clause_count(s->prog);
        term *keys = malloc((nk ? nk : 1) * (sizeof(term) + sizeof(size_t)));
        bool given = keys && ms_ground_keys(s->prog, t->keypos, keys);
        if (given) {
            size_t *slots = (size_t *)(keys + nk), ns = key_slots(t, keys, nk, slots);
            for (size_t i = 0; i < ns; i++) sel_chain(s, slots[i]);
        }
        free(keys);
        if (given) return -1;
    }
    if ((uint64_t)slot >= ets_nslots(t)) return -1;
    for (size_t ix = (size_t)slot;;) {
        sel_chain(s, ix);
        if (!(ix = ets_next_slot(t, ix))) return -1;
        if (nrest + s->acc.n >= limit) return (int64_t)ix;
    }
}

/* select/match in every form. limit < 0: none. A chunk resumes at pos
 * (ordered_set: '$first' or {LastKey}; hash: a slot) with rest, the
 * results a hash chunk left over. */
static term select_gen(proc_t *p, term tid, term spec, int64_t limit, term pos, term rest, bool rev, int mode,
                       int need)
{
    ATOMS();
    ets_tab_t *t = tab_get(p, tid, need);
    if (!t) return THE_NON_VALUE;
    bool hash = t->type != ETS_ORDERED_SET;
    uint64_t nrest = 0;
    term l = rest;
    for (; term_is_list(l); l = term_cdr(l)) nrest++;
    /* a continuation's position must suit the table it names */
    bool pos_ok = limit < 0 || (!hash ? pos == A.first_ || (term_is_tuple(pos) && term_tuple_arity(pos) == 1)
                                      : term_is_small(pos) && term_to_small(pos) >= -1 && term_is_nil(l));
    /* select_replace: a spec that could change a key is refused before
     * it runs, as erts' analyze_pattern does */
    if (mode == SEL_REPLACE && !ms_keeps_key(spec, t->keypos)) pos_ok = false;
    ms_prog_t *prog = pos_ok ? ms_compile(spec, MS_TABLE, NULL, NULL) : NULL;
    if (!prog) {
        ets_put(t);
        BIF_BADARG(p);
    }
    sel_t s = {p, t, prog, mode, {NULL, 0, 0}, 0, false};
    bool write = mode == SEL_DELETE || mode == SEL_REPLACE;
    term npos = THE_NON_VALUE;
    ets_lock_all(t, write);
    if (limit < 0) sel_all(&s, rev);
    else if (!hash) sel_chunk_tree(&s, rev, (uint64_t)limit, pos, &npos);
    else npos = term_from_small(sel_chunk_hash(&s, (uint64_t)limit, term_to_small(pos), nrest));
    sel_finish(&s);
    ets_unlock_all(t, write);
    if (write) ets_maybe_resize(t);
    ms_release(prog);
    term r;
    heap_t *h = proc_heap(p);
    if (s.bad) r = THE_NON_VALUE;
    else if (mode != SEL_LIST) r = term_from_small((int64_t)s.count);
    else if (limit < 0) r = heap_make_list(h, s.acc.v, s.acc.n, NIL);
    else if (hash) {
        /* newest first: this call's results, then the rest; what passes
         * the limit (the newest) waits for the next call */
        uint64_t got = s.acc.n + nrest, over = got > (uint64_t)limit ? got - (uint64_t)limit : 0;
        term res = rest;
        for (size_t i = 0; i < s.acc.n; i++) res = heap_make_cons(h, s.acc.v[i], res);
        term nrest_l = NIL, *tail = &nrest_l;
        /* a first call keeps their order, a continuation reverses it */
        bool first = pos == term_from_small(0);
        for (uint64_t i = 0; i < over; i++, res = term_cdr(res)) {
            term c = heap_make_cons(h, term_car(res), first ? NIL : nrest_l);
            if (!first) nrest_l = c;
            else *tail = c, tail = term_list_ptr(c) + 1;
        }
        int64_t slot = term_to_small(npos);
        if (nrest_l != NIL || slot >= 0) {
            term e[7] = {A.cont_tag, tid, npos, nrest_l, term_from_small(limit), spec, rev ? ATOM(true) : ATOM(false)};
            term c = heap_make_tuple(h, 7, e);
            term e2[2] = {res, c};
            r = heap_make_tuple(h, 2, e2);
        } else if (res != NIL) {
            term e2[2] = {res, A.end_of_table};
            r = heap_make_tuple(h, 2, e2);
        } else r = A.end_of_table;
    } else if (s.acc.n == 0) r = A.end_of_table;
    else {
        term cont = A.end_of_table;
        if (term_is_value(npos)) {
            term e[7] = {A.cont_tag, tid, npos, term_from_small(0), term_from_small(limit), spec,
                         rev ? ATOM(true) : ATOM(false)};
            cont = heap_make_tuple(h, 7, e);
        }
        term e[2] = {heap_make_list(h, s.acc.v, s.acc.n, NIL), cont};
        r = heap_make_tuple(h, 2, e);
    }
    free(s.acc.v);
    ets_put(t);
    if (!term_is_value(r)) BIF_BADARG(p);
    return r;
}

static bool limit_ok(term l) { return term_is_small(l) && term_to_small(l) > 0; }

static term select_limit(proc_t *p, term tid, term spec, term limit, bool rev)
{
    ATOMS();
    if (!limit_ok(limit)) BIF_BADARG(p);
    ets_tab_t *t = ets_get(tid);
    term pos = t && t->type != ETS_ORDERED_SET ? term_from_small(0) : A.first_;
    if (t) ets_put(t);
    return select_gen(p, tid, spec, term_to_small(limit), pos, NIL, rev, SEL_LIST, NEED_READ);
}

static term select_cont(proc_t *p, term c)
{
    ATOMS();
    if (c == A.end_of_table) return c;
    /* not a continuation: the table it names is unknown (erl's cause) */
    if (!term_is_tuple(c) || term_tuple_arity(c) != 7 || term_tuple_elems(c)[0] != A.cont_tag)
        return badarg_cause(p, A.id);
    const term *e = term_tuple_elems(c);
    if (!limit_ok(e[4]) || !(term_is_list(e[3]) || term_is_nil(e[3]) || e[3] == term_from_small(0)))
        return badarg_cause(p, A.id);
    return select_gen(p, e[1], e[5], term_to_small(e[4]), e[2], term_is_small(e[3]) ? NIL : e[3], e[6] == ATOM(true),
                      SEL_LIST, NEED_READ);
}

/* [{Pattern, [], [Body]}] for match and match_object. */
static term pattern_spec(proc_t *p, term pattern, bool object)
{
    heap_t *h = proc_heap(p);
    term body = heap_make_cons(h, atom_from_cstr(object ? "$_" : "$$"), NIL);
    term cl[3] = {pattern, NIL, body};
    return heap_make_cons(h, heap_make_tuple(h, 3, cl), NIL);
}

term bif_ets_select_2(proc_t *p, const term *args)
{
    return select_gen(p, args[0], args[1], -1, NIL, NIL, false, SEL_LIST, NEED_READ);
}
term bif_ets_select_3(proc_t *p, const term *args) { return select_limit(p, args[0], args[1], args[2], false); }
term bif_ets_select_1(proc_t *p, const term *args) { return select_cont(p, args[0]); }
term bif_ets_select_reverse_2(proc_t *p, const term *args)
{
    return select_gen(p, args[0], args[1], -1, NIL, NIL, true, SEL_LIST, NEED_READ);
}
term bif_ets_select_reverse_3(proc_t *p, const term *args) { return select_limit(p, args[0], args[1], args[2], true); }
term bif_ets_select_reverse_1(proc_t *p, const term *args) { return select_cont(p, args[0]); }
term bif_ets_select_count_2(proc_t *p, const term *args)
{
    return select_gen(p, args[0], args[1], -1, NIL, NIL, false, SEL_COUNT, NEED_READ);
}
term bif_ets_internal_select_delete_2(proc_t *p, const term *args)
{
    return select_gen(p, args[0], args[1], -1, NIL, NIL, false, SEL_DELETE, NEED_WRITE);
}
term bif_ets_select_replace_2(proc_t *p, const term *args)
{
    ATOMS();
    ets_tab_t *t = ets_get(args[0]);
    bool bag = t && t->type == ETS_BAG; /* as erts: bags only, not duplicate bags */
    if (t) ets_put(t);
    if (bag) return badarg_cause(p, A.table_type);
    return select_gen(p, args[0], args[1], -1, NIL, NIL, false, SEL_REPLACE, NEED_WRITE);
}

term bif_ets_match_2(proc_t *p, const term *args)
{
    return select_gen(p, args[0], pattern_spec(p, args[1], false), -1, NIL, NIL, false, SEL_LIST, NEED_READ);
}
term bif_ets_match_3(proc_t *p, const term *args)
{
    return select_limit(p, args[0], pattern_spec(p, args[1], false), args[2], false);
}
term bif_ets_match_1(proc_t *p, const term *args) { return select_cont(p, args[0]); }
term bif_ets_match_object_2(proc_t *p, const term *args)
{
    return select_gen(p, args[0], pattern_spec(p, args[1], true), -1, NIL, NIL, false, SEL_LIST, NEED_READ);
}
term bif_ets_match_object_3(proc_t *p, const term *args)
{
    return select_limit(p, args[0], pattern_spec(p, args[1], true), args[2], false);
}
term bif_ets_match_object_1(proc_t *p, const term *args) { return select_cont(p, args[0]); }
