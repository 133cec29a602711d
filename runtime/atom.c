/*
 * atom.c - the global atom table: open addressing over an array of indexes,
 * entries in fixed chunks so that their addresses never move (lock-free
 * readers), a mutex for inserts.
 */
#include "atom.h"

#include "crash.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    const uint8_t *text;
    uint32_t len;     /* bytes */
    uint32_t chars;   /* code points */
    uint32_t hash;
    bool latin1;
} atom_entry_t;

#define CHUNK_BITS 12
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define NCHUNKS ((ATOM_LIMIT_MAX >> CHUNK_BITS) + 1)

static atom_entry_t *_Atomic chunks[NCHUNKS];
static _Atomic uint32_t natoms;
static uint32_t limit = ATOM_LIMIT; /* changed under lock */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* hash index: slots hold atom index + 1, 0 = empty; replaced whole on growth */
typedef struct atom_index {
    struct atom_index *retired; /* the index this one replaced */
    uint32_t mask;
    _Atomic uint32_t slots[];
} atom_index_t;
static atom_index_t *_Atomic index_tab;
static _Atomic size_t text_bytes; /* atom texts (erlang:memory(atom)) */

static uint32_t hash_bytes(const uint8_t *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

static atom_entry_t *entry(uint32_t i) { return &chunks[i >> CHUNK_BITS][i & (CHUNK_SIZE - 1)]; }

/* Validate UTF-8 and count code points; -1 if invalid. */
static long utf8_chars(const uint8_t *s, size_t n, bool *latin1)
{
    long chars = 0;
    *latin1 = true;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        uint32_t cp;
        size_t k;
        if (c < 0x80) { cp = c; k = 1; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; k = 2; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; k = 3; }
        else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; k = 4; }
        else return -1;
        if (i + k > n) return -1;
        for (size_t j = 1; j < k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        if (cp > 0xFF) *latin1 = false;
        chars++;
        i += k;
    }
    return chars;
}

static long find(atom_index_t *ix, const uint8_t *s, size_t n, uint32_t h)
{
    for (uint32_t p = h & ix->mask;; p = (p + 1) & ix->mask) {
        uint32_t v = atomic_load_explicit(&ix->slots[p], memory_order_acquire);
        if (v == 0) return -1;
        atom_entry_t *e = entry(v - 1);
        if (e->hash == h && e->len == n && memcmp(e->text, s, n) == 0) return (long)(v - 1);
    }
}

static void index_insert(atom_index_t *ix, uint32_t h, uint32_t idx)
{
    uint32_t p = h & ix->mask;
    while (atomic_load_explicit(&ix->slots[p], memory_order_relaxed) != 0)
        p = (p + 1) & ix->mask;
    atomic_store_explicit(&ix->slots[p], idx + 1, memory_order_release);
}

static atom_index_t *index_new(uint64_t size)
{
    atom_index_t *ix = calloc(1, sizeof *ix + size * sizeof(uint32_t));
    if (!ix) { fprintf(stderr, "laser: out of memory allocating the atom index\n"); abort(); }
    ix->mask = (uint32_t)(size - 1);
    return ix;
}

static atom_err_t put_raw(const uint8_t *s, size_t n, term *out, bool create)
{
    bool latin1;
    long chars = utf8_chars(s, n, &latin1);
    if (chars < 0) return ATOM_ERR_BAD_UTF8;
    if (chars > ATOM_MAX_CHARS) return create ? ATOM_ERR_TOO_LONG : ATOM_ERR_NOT_FOUND;
    uint32_t h = hash_bytes(s, n);
    long i = find(atomic_load_explicit(&index_tab, memory_order_acquire), s, n, h);
    if (i >= 0) { *out = term_from_atom_index((uint32_t)i); return ATOM_OK; }
    if (!create) return ATOM_ERR_NOT_FOUND;

    pthread_mutex_lock(&lock);
    atom_index_t *ix = atomic_load_explicit(&index_tab, memory_order_relaxed);
    i = find(ix, s, n, h);
    if (i >= 0) { pthread_mutex_unlock(&lock); *out = term_from_atom_index((uint32_t)i); return ATOM_OK; }
    uint32_t idx = atomic_load_explicit(&natoms, memory_order_relaxed);
    if (idx >= limit) crash_dump_exit("no more index entries in atom_tab (max=%u)", limit);
    if (!chunks[idx >> CHUNK_BITS]) {
        atom_entry_t *c = calloc(CHUNK_SIZE, sizeof *c);
        if (!c) { fprintf(stderr, "laser: out of memory allocating atoms\n"); abort(); }
        atomic_store_explicit(&chunks[idx >> CHUNK_BITS], c, memory_order_release);
    }
    uint8_t *text = malloc(n ? n : 1);
    if (!text) { fprintf(stderr, "laser: out of memory allocating an atom\n"); abort(); }
    memcpy(text, s, n);
    atomic_fetch_add_explicit(&text_bytes, n ? n : 1, memory_order_relaxed);
    atom_entry_t *e = entry(idx);
    e->text = text; e->len = (uint32_t)n; e->chars = (uint32_t)chars; e->hash = h; e->latin1 = latin1;
    /* grow the index at 50% load; the old one is kept (chained from the new
     * one, never freed) because a lock-free reader may still be probing it;
     * all retired ones together are smaller than the current one */
    if ((uint64_t)(idx + 1) * 2 > (uint64_t)ix->mask + 1) {
        atom_index_t *nx = index_new(((uint64_t)ix->mask + 1) * 2);
        nx->retired = ix;
        for (uint32_t k = 0; k < idx; k++)
            index_insert(nx, entry(k)->hash, k);
        index_insert(nx, h, idx);
        atomic_store_explicit(&natoms, idx + 1, memory_order_release);
        atomic_store_explicit(&index_tab, nx, memory_order_release);
    } else {
        atomic_store_explicit(&natoms, idx + 1, memory_order_release);
        index_insert(ix, h, idx);
    }
    pthread_mutex_unlock(&lock);
    *out = term_from_atom_index(idx);
    return ATOM_OK;
}

static void do_init(void)
{
    atomic_store(&index_tab, index_new(4096));
    static const char *const names[] = {
#define X(c, s) s,
#include "atoms.def"
#undef X
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        term t;
        if (put_raw((const uint8_t *)names[k], strlen(names[k]), &t, true) != ATOM_OK || term_atom_index(t) != k) {
            fprintf(stderr, "laser: atoms.def: duplicate atom '%s'\n", names[k]);
            abort();
        }
    }
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
void atom_init(void) { pthread_once(&init_once, do_init); }

bool atom_set_limit(uint64_t n)
{
    atom_init();
    if (n < ATOM_LIMIT_MIN || n > ATOM_LIMIT_MAX) return false;
    pthread_mutex_lock(&lock);
    bool ok = n >= atomic_load_explicit(&natoms, memory_order_relaxed);
    if (ok) limit = (uint32_t)n;
    pthread_mutex_unlock(&lock);
    return ok;
}

static atom_err_t put(const uint8_t *s, size_t n, term *out, bool create)
{
    atom_init();
    return put_raw(s, n, out, create);
}

atom_err_t atom_put_utf8(const uint8_t *s, size_t len, term *out) { return put(s, len, out, true); }
atom_err_t atom_get_utf8(const uint8_t *s, size_t len, term *out) { return put(s, len, out, false); }

static atom_err_t latin1_op(const uint8_t *s, size_t len, term *out, bool create)
{
    if (len > ATOM_MAX_CHARS) return create ? ATOM_ERR_TOO_LONG : ATOM_ERR_NOT_FOUND;
    uint8_t buf[2 * ATOM_MAX_CHARS];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x80) buf[n++] = s[i];
        else { buf[n++] = (uint8_t)(0xC0 | (s[i] >> 6)); buf[n++] = (uint8_t)(0x80 | (s[i] & 0x3F)); }
    }
    return put(buf, n, out, create);
}
atom_err_t atom_put_latin1(const uint8_t *s, size_t len, term *out) { return latin1_op(s, len, out, true); }
atom_err_t atom_get_latin1(const uint8_t *s, size_t len, term *out) { return latin1_op(s, len, out, false); }

term atom_from_cstr(const char *s)
{
    term t;
    if (atom_put_utf8((const uint8_t *)s, strlen(s), &t) != ATOM_OK) {
        fprintf(stderr, "laser: atom_from_cstr: cannot intern '%s'\n", s);
        abort();
    }
    return t;
}

const uint8_t *atom_text(term a, size_t *len)
{
    atom_entry_t *e = entry(term_atom_index(a));
    *len = e->len;
    return e->text;
}
size_t atom_chars(term a) { return entry(term_atom_index(a))->chars; }
bool atom_is_latin1(term a) { return entry(term_atom_index(a))->latin1; }
size_t atom_count(void) { atom_init(); return atomic_load(&natoms); }

size_t atom_memory(size_t *used)
{
    atom_init();
    size_t n = atomic_load(&natoms), text = atomic_load_explicit(&text_bytes, memory_order_relaxed);
    size_t chunks_bytes = ((n + CHUNK_SIZE - 1) >> CHUNK_BITS) * CHUNK_SIZE * sizeof(atom_entry_t);
    /* the index is kept at most half full (retired ones are smaller) */
    size_t index_bytes = 2 * 2 * n * sizeof(uint32_t);
    *used = n * sizeof(atom_entry_t) + text + n * sizeof(uint32_t);
    return chunks_bytes + index_bytes + text;
}

int atom_compare(term a, term b)
{
    if (a == b) return 0;
    atom_entry_t *x = entry(term_atom_index(a)), *y = entry(term_atom_index(b));
    /* UTF-8 byte order equals code point order */
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c) return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len ? 1 : 0;
}
