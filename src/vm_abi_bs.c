/*
 * vm_abi_bs.c - the bit-syntax entry points of include/laser/abi.h: native
 * code's slow paths for the bs_* instructions (jit/jit_emit_bs.inc). Each
 * runs the interpreter's own code (src/vm_bits.c) on native code's state:
 * terms are built in the process's BIF window from st->HTOP (heap
 * fragments when the heap is full, so nothing moves), and only abi_bs_init
 * and abi_bs_append collect, as the interpreter's NEED before them does.
 */
#include <laser/abi.h>

#include "bin.h"
#include "proc.h"
#include "vm.h"
#include "vm_bits.h"

/* Native code's E/HTOP into the process, for the BIF window ... */
static proc_t *enter(abi_state_t *st)
{
    proc_t *p = st->proc;
    p->mem.stop = st->E;
    p->mem.htop = st->HTOP;
    return p;
}
/* ... and back, with what was built; gc_force as at a native entry. */
static term leave(abi_state_t *st, proc_t *p, term r)
{
    proc_heap_close(p);
    st->E = p->mem.stop;
    st->HTOP = p->mem.htop;
    st->gc_force = gc_should_collect(&p->mem);
    return r;
}

/* Terms native code builds go straight into its free heap [HTOP, E)
 * through a heap_t over it, when `words` (an upper bound) fit there and no
 * collection is pending; else through the BIF window (enter/leave). */
static bool fast_open(abi_state_t *st, heap_t *h, size_t words)
{
    if (st->gc_force || (size_t)(st->E - st->HTOP) < words) return false;
    *h = (heap_t){.top = st->HTOP, .limit = st->E};
    return true;
}
/* ... and the heap top moved past them; refc binaries made there join the
 * process's off-heap list (and virtual binary heap: gc_force as leave). */
static term fast_close(abi_state_t *st, heap_t *h, term r)
{
    st->HTOP = h->top;
    if (h->offheap) {
        proc_t *p = st->proc;
        for (term_offheap_hdr_t *o = h->offheap, *next; o; o = next) {
            next = o->next;
            gc_link_offheap(&p->mem, o);
        }
        st->gc_force = gc_should_collect(&p->mem);
    }
    return r;
}

/* Words of a sub binary or of the heap binary that copies a short one. */
#define SUB_WORDS (SUBBIN_WORDS > heap_bin_words(HEAP_BIN_LIMIT) ? SUBBIN_WORDS : heap_bin_words(HEAP_BIN_LIMIT))

term abi_bs_start_match(abi_state_t *st, term bin)
{
    heap_t h;
    if (fast_open(st, &h, 4)) return fast_close(st, &h, vm_bs_start_match(&h, bin));
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_start_match(proc_heap(p), bin));
}

term abi_bs_get_integer(abi_state_t *st, term ms, term size, uint64_t unit, uint64_t flags)
{
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_get_integer2(p, ms, size, unit, (unsigned)flags));
}

term abi_bs_get_float(abi_state_t *st, term ms, term size, uint64_t unit, uint64_t flags)
{
    heap_t h;
    if (fast_open(st, &h, 2)) return fast_close(st, &h, vm_bs_get_float2(&h, ms, size, unit, (unsigned)flags));
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_get_float2(proc_heap(p), ms, size, unit, (unsigned)flags));
}

term abi_bs_get_binary(abi_state_t *st, term ms, term size, uint64_t unit)
{
    heap_t h;
    if (fast_open(st, &h, SUB_WORDS)) return fast_close(st, &h, vm_bs_get_binary2(&h, ms, size, unit));
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_get_binary2(proc_heap(p), ms, size, unit));
}

term abi_bs_get_tail(abi_state_t *st, term ms)
{
    heap_t h;
    if (fast_open(st, &h, SUB_WORDS)) return fast_close(st, &h, vm_bs_get_tail(&h, ms));
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_get_tail(proc_heap(p), ms));
}

int64_t abi_bs_skip_bits(term ms, term size, uint64_t unit) { return vm_bs_skip_bits2(ms, size, unit); }

int64_t abi_bs_match_string(term ms, uint64_t bits, const uint8_t *str) { return vm_bs_match_string(ms, bits, str); }

term abi_bs_get_utf(term ms, uint64_t kind, uint64_t flags, uint64_t skip)
{
    return vm_bs_get_utf(ms, (int)kind, (unsigned)flags, skip != 0);
}

term abi_bs_create_bin(abi_state_t *st, const term *seg, uint64_t n)
{
    proc_t *p = enter(st);
    term cause = NIL;
    term r = leave(st, p, vm_bs_create_bin(p, seg, n / 6, &cause));
    /* the interpreter's GC_AFTER_BIF: native code exits after it */
    if (gc_desired(&p->mem)) st->gc_force = 2;
    return r;
}

term abi_bs_create_alloc(abi_state_t *st, term base, uint64_t total)
{
    heap_t h;
    term r;
    /* an append in place: a sub binary and nothing else (no GC wanted) */
    if (base != NIL && fast_open(st, &h, SUBBIN_WORDS)) {
        r = vm_bs_append_in_place(&h, base, total, &st->bw);
        if (term_is_value(r)) {
            st->HTOP = h.top;
            return r;
        }
    }
    uint64_t add = base == NIL ? 0 : total - bin_bit_size(base);
    size_t words = base == NIL ? vm_bs_init_words(total) : vm_bs_append_words(base, add);
    if (fast_open(st, &h, words)) {
        r = base == NIL ? vm_bs_init(&h, total, &st->bw) : vm_bs_append(&h, base, add, &st->bw);
        r = fast_close(st, &h, r);
    } else {
        proc_t *p = enter(st);
        r = base == NIL ? vm_bs_init(proc_heap(p), total, &st->bw) : vm_bs_append(proc_heap(p), base, add, &st->bw);
        r = leave(st, p, r);
    }
    /* the interpreter's GC_AFTER_BIF: native code exits after it */
    if (gc_desired(&((proc_t *)st->proc)->mem)) st->gc_force = 2;
    return r;
}

int64_t abi_bs_bit_size(term t) { return term_is_bitstring(t) ? (int64_t)bin_bit_size(t) : -1; }

/* Room for `words` (the interpreter's NEED), collecting with x[0..live-1]
 * live; false: no heap (max_heap_size), nothing done. */
static bool need(abi_state_t *st, size_t words, uint64_t live)
{
    if ((size_t)(st->E - st->HTOP) >= words && !st->gc_force) return true;
    return abi_gc(st, words, live) == 0;
}

term abi_bs_init(abi_state_t *st, uint64_t nbits, uint64_t extra, uint64_t live)
{
    if (!need(st, vm_bs_init_words(nbits) + extra, live)) return NIL;
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_init(proc_heap(p), nbits, &st->bw));
}

term abi_bs_append(abi_state_t *st, term size, term bin, uint64_t extra, uint64_t live, uint64_t unit)
{
    uint64_t add;
    if (vm_bs_append_check(size, bin, unit, &add) != NIL) return THE_NON_VALUE;
    /* Bin need not be among the live registers: x[live] across the
     * collection, as the interpreter keeps it */
    st->x[live] = bin;
    if (!need(st, extra + vm_bs_append_words(bin, add), live + 1)) return NIL;
    bin = st->x[live];
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_append(proc_heap(p), bin, add, &st->bw));
}

term abi_bs_private_append(abi_state_t *st, term size, term bin, uint64_t unit)
{
    uint64_t add;
    if (vm_bs_append_check(size, bin, unit, &add) != NIL) return THE_NON_VALUE;
    proc_t *p = enter(st);
    return leave(st, p, vm_bs_append(proc_heap(p), bin, add, &st->bw));
}

term abi_bs_init_writable(abi_state_t *st)
{
    proc_t *p = enter(st);
    return leave(st, p, bin_make(proc_heap(p), NULL, 0, NULL));
}

int64_t abi_bs_put_integer(abi_state_t *st, term v, term size, uint64_t unit, uint64_t flags)
{
    return vm_bs_put_integer2(&st->bw, v, size, unit, (unsigned)flags);
}

int64_t abi_bs_put_float(abi_state_t *st, term v, term size, uint64_t unit, uint64_t flags)
{
    return vm_bs_put_float2(&st->bw, v, size, unit, (unsigned)flags);
}

int64_t abi_bs_put_binary(abi_state_t *st, term v, term size, uint64_t unit)
{
    return vm_bs_put_bits(&st->bw, v, size, unit);
}

int64_t abi_bs_put_utf(abi_state_t *st, term v, uint64_t kind, uint64_t flags)
{
    return vm_bs_put_utf(&st->bw, v, (int)kind, (unsigned)flags);
}

void abi_bs_put_string(abi_state_t *st, const uint8_t *str, uint64_t nbytes) { vm_bs_put_bytes(&st->bw, str, nbytes); }
