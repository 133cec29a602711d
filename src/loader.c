/*
 * loader.c - from .beam bytes to an ld_module_t (loader.h).
 *
 * Order of work, each step depending only on the ones before it:
 *   1. split the IFF container (beam.c) and compute the module md5 the way
 *      OTP 25's beam_file.c does (it is the uniq of every fun entry);
 *   2. the tables the code refers to: atoms (AtU8 or the old Latin-1 Atom
 *      chunk), Code header, StrT, LitT (zlib, then one external term per
 *      literal), Type, ImpT (-> export entries), FunT (-> fun entries),
 *      Line;
 *   3. the Code chunk: every generic instruction is decoded (compact terms,
 *      extended z forms) into generic operands and translated through the
 *      first ops.def variant whose operand kinds accept them; labels and
 *      line instructions become side tables, label operands are patched
 *      into code offsets once all labels are known;
 *   4. what needs code offsets: ExpT/LocT/FunT entries, which must each name
 *      a function (func_info) of the right name and arity;
 *   5. Attr and CInf (external terms), other chunks kept raw.
 *
 * Every read is bounds-checked and every index is range-checked before it
 * is used; the first problem found becomes the one-line error message.
 * Nothing global is touched before the file is known to be well-formed
 * except interning atoms and creating export/fun entries, which OTP does
 * too and which are harmless (entries without code raise undef).
 */
#include "loader.h"

#include "atom.h"
#include "beam.h"
#include "big.h"
#include "etf.h"
#include "md5.h"
#include "ops.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Generic operand, after decoding one compact term (and its extension). */
enum { G_U, G_X, G_Y, G_LABEL, G_TERM, G_FR, G_ALLOC, G_LIST };

typedef struct {
    uint8_t kind;      /* G_* */
    uint32_t type;     /* G_X/G_Y: Type chunk index + 1, 0 = none */
    uint64_t val;      /* G_U, G_X, G_Y, G_LABEL, G_FR, G_ALLOC (words) */
    term t;            /* G_TERM */
    uint32_t lstart, llen; /* G_LIST: elements in st->list */
} gop_t;

/* Upper bound on generic operands before a list: the largest arity in
 * genop.def is 8 (bs_append). */
#define MAX_GEN_OPS 8

typedef struct {
    ld_module_t *m;
    char *err;
    bool failed;
    beam_file_t bf;

    uint32_t label_count; /* Code header: labels are 0 .. label_count-1 */
    uint32_t function_count;
    bool have_types;

    uint64_t *code;
    size_t len, cap;
    uint32_t *fix; /* code positions holding a label number to patch */
    size_t nfix, capfix;
    gop_t *list; /* elements of the current instruction's list operand */
    uint32_t nlist, caplist;
    uint32_t cap_functions, cap_line_refs;

    size_t last_op_pos; /* position of the last emitted instruction */
    ops_t last_op;
    size_t label_pos;   /* code length when a label was last defined */
    uint32_t cur_function; /* index + 1 of the function being loaded, 0 = none */
} ld_state_t;

/* For each generic opcode, its variants in ops.def order. */
static uint16_t variant_start[LD_GENOP_MAX + 2];
static uint16_t variant_list[OP__COUNT];
static const char *table_error;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void do_init(void)
{
    atom_init();
    table_error = ops_check_tables();
    unsigned n = 0;
    for (unsigned g = 0; g <= LD_GENOP_MAX; g++) {
        variant_start[g] = (uint16_t)n;
        for (unsigned op = 0; op < OP__COUNT; op++)
            if (ops_info[op].genop == g && g != GENOP_none) variant_list[n++] = (uint16_t)op;
    }
    variant_start[LD_GENOP_MAX + 1] = (uint16_t)n;
}

void ld_init(void) { pthread_once(&init_once, do_init); }

/* Record the first error; later ones (consequences) are dropped. */
__attribute__((format(printf, 2, 3))) static int fail(ld_state_t *st, const char *fmt, ...)
{
    if (!st->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(st->err, LD_ERRBUF_SIZE, fmt, ap);
        va_end(ap);
        st->failed = true;
    }
    return -1;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) laser_oom("loader", n * size);
    return p;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
    void *q = realloc(p, n * size);
    if (!q) laser_oom("loader", n * size);
    return q;
}

/* Table counts are u32 but must describe data that fits in the chunk: a
 * count needing more bytes than are left is a lie, rejected before any
 * allocation sized by it. */
static bool count_fits(const beam_rd_t *r, uint32_t count, size_t bytes_each)
{
    return (uint64_t)count * bytes_each <= beam_rd_left(r);
}

/* ---- md5 (OTP 25 beam_file.c: beamfile_read) ----
 * Over AtU8 (or the old Atom chunk), Code, StrT, ImpT, ExpT, FunT, LitT and
 * Meta, in this order, as stored, except that each FunT row's OldUniq field
 * counts as zero (it came from an endian-dependent hash). Checked against
 * erl's module_info(md5) by the tests. */
static int compute_md5(ld_state_t *st)
{
    static const int order[] = {BEAM_CODE, BEAM_STRT, BEAM_IMPT, BEAM_EXPT, BEAM_FUNT, BEAM_LITT, BEAM_META};
    static const uint8_t zero[4] = {0, 0, 0, 0};
    const beam_file_t *bf = &st->bf;
    md5_ctx_t c;
    md5_init(&c);
    const beam_span_t *atoms = bf->known[BEAM_ATU8].present ? &bf->known[BEAM_ATU8] : &bf->known[BEAM_ATOM];
    if (atoms->present) md5_update(&c, atoms->data, atoms->size);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const beam_span_t *sp = &bf->known[order[i]];
        if (!sp->present) continue;
        if (order[i] != BEAM_FUNT || sp->size == 0) {
            md5_update(&c, sp->data, sp->size);
            continue;
        }
        if (sp->size < 4 || (sp->size - 4) % 24) return fail(st, "FunT: size %zu is not 4 + 24 * rows", sp->size);
        md5_update(&c, sp->data, 4);
        for (size_t off = 4; off < sp->size; off += 24) {
            md5_update(&c, sp->data + off, 20); /* Function Arity Label Index NumFree */
            md5_update(&c, zero, 4);            /* OldUniq */
        }
    }
    md5_final(&c, st->m->md5);
    return 0;
}

/* ---- atoms ---- */
static int load_atoms(ld_state_t *st)
{
    const beam_file_t *bf = &st->bf;
    bool utf8 = bf->known[BEAM_ATU8].present;
    const beam_span_t *sp = utf8 ? &bf->known[BEAM_ATU8] : &bf->known[BEAM_ATOM];
    const char *cid = utf8 ? "AtU8" : "Atom";
    if (!sp->present) return fail(st, "no atom table (AtU8 chunk)");
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t raw;
    if (!beam_rd_u32(&r, &raw)) return fail(st, "%s: truncated header", cid);
    /* a negative count (OTP 28) means lengths are compact-encoded */
    bool long_counts = (int32_t)raw < 0;
    uint32_t count = long_counts ? 0u - raw : raw;
    if (count < 1) return fail(st, "%s: empty atom table (no module name)", cid);
    if (!count_fits(&r, count, 1)) return fail(st, "%s: %u atoms cannot fit in %zu bytes", cid, count, sp->size);
    ld_module_t *m = st->m;
    m->atoms = xcalloc((size_t)count + 1, sizeof(term));
    m->num_atoms = count + 1;
    m->atoms[0] = NIL; /* atom index 0 in code means [] */
    for (uint32_t i = 1; i <= count; i++) {
        size_t n;
        if (long_counts) {
            beam_compact_t c;
            if (!beam_read_compact(&r, &c) || c.tag != BEAM_TAG_U || c.big)
                return fail(st, "%s: atom %u: bad length", cid, i);
            n = (size_t)c.val;
        } else {
            uint8_t b;
            if (!beam_rd_u8(&r, &b)) return fail(st, "%s: truncated at atom %u", cid, i);
            n = b;
        }
        const uint8_t *text;
        if (!beam_rd_bytes(&r, n, &text)) return fail(st, "%s: truncated at atom %u", cid, i);
        atom_err_t e = utf8 ? atom_put_utf8(text, n, &m->atoms[i]) : atom_put_latin1(text, n, &m->atoms[i]);
        if (e != ATOM_OK)
            return fail(st, "%s: atom %u: %s", cid, i,
                        e == ATOM_ERR_BAD_UTF8 ? "invalid UTF-8" : e == ATOM_ERR_TOO_LONG ? "longer than 255 characters"
                                                                                          : "atom table full");
    }
    m->name = m->atoms[1];
    return 0;
}

/* ---- Code header ---- */
static int load_code_header(ld_state_t *st, beam_rd_t *code)
{
    const beam_span_t *sp = &st->bf.known[BEAM_CODE];
    if (!sp->present) return fail(st, "no Code chunk");
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t head = 0, version = 0, opmax = 0, labels = 0, functions = 0;
    if (!beam_rd_u32(&r, &head)) return fail(st, "Code: truncated header");
    /* the sub-header holds at least the four fields we read; a longer one
     * (a future format) is skipped as OTP does */
    if (head < 16 || head > beam_rd_left(&r))
        return fail(st, "Code: sub-header size %u (need 16..%zu)", head, beam_rd_left(&r));
    beam_rd_u32(&r, &version);
    beam_rd_u32(&r, &opmax);
    beam_rd_u32(&r, &labels);
    beam_rd_u32(&r, &functions);
    if (version != 0) return fail(st, "Code: instruction set version %u (only 0 is known)", version);
    if (opmax > LD_GENOP_MAX)
        return fail(st, "Code: compiled for a newer VM: uses opcodes up to %u, this VM knows up to %d", opmax,
                    LD_GENOP_MAX);
    /* each label needs a label instruction (2 bytes at least) */
    if (labels > sp->size || functions > sp->size)
        return fail(st, "Code: %u labels, %u functions cannot fit in %zu bytes", labels, functions, sp->size);
    st->label_count = labels;
    st->function_count = functions;
    beam_rd_init(code, sp->data + 4 + head, sp->size - 4 - head);
    return 0;
}

/* ---- StrT ---- */
static void load_strings(ld_state_t *st)
{
    const beam_span_t *sp = &st->bf.known[BEAM_STRT];
    ld_module_t *m = st->m;
    m->strings_size = sp->present ? sp->size : 0;
    m->strings = xcalloc(m->strings_size, 1);
    if (m->strings_size) memcpy(m->strings, sp->data, m->strings_size);
}

/* ---- LitT ---- */

/* Inflate exactly `want` bytes. The buffer grows with the output actually
 * produced rather than being sized by the header's claim, so a lying header
 * costs nothing. Returns NULL or what went wrong. */
static const char *inflate_all(const uint8_t *in, size_t inlen, size_t want, uint8_t **out, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) return "inflateInit failed";
    size_t cap = want < inlen * 4 + 4096 ? want : inlen * 4 + 4096;
    uint8_t *buf = xcalloc(cap, 1);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)(inlen > UINT32_MAX ? UINT32_MAX : inlen);
    int zr;
    size_t have = 0;
    bool too_much = false;
    for (;;) {
        if (have == cap && cap < want) {
            cap = cap * 2 < want ? cap * 2 : want;
            buf = xrealloc(buf, cap, 1);
        }
        /* with the announced size reached, one more byte of room shows
         * whether the stream really ends there */
        uint8_t scratch;
        bool probe = have == cap;
        z.next_out = probe ? &scratch : buf + have;
        z.avail_out = probe ? 1 : (uInt)(cap - have);
        zr = inflate(&z, Z_NO_FLUSH);
        if (probe) {
            if (z.avail_out == 0) {
                too_much = true;
                break;
            }
        } else {
            have = cap - z.avail_out;
        }
        /* each round makes progress or stops: inflate returns Z_BUF_ERROR
         * when it cannot move */
        if (zr != Z_OK) break;
    }
    inflateEnd(&z);
    *out = buf;
    *outlen = have;
    if (too_much) return "more data than announced";
    if (zr != Z_STREAM_END) return zr == Z_DATA_ERROR ? "corrupt deflate stream" : "truncated deflate stream";
    if (have != want) return "size mismatch";
    return NULL;
}
static int load_literals(ld_state_t *st)
{
    const beam_span_t *sp = &st->bf.known[BEAM_LITT];
    if (!sp->present) return 0;
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t usize;
    if (!beam_rd_u32(&r, &usize)) return fail(st, "LitT: truncated header");
    /* deflate expands at most ~1032:1; a larger claim is corrupt */
    if ((uint64_t)usize > (uint64_t)beam_rd_left(&r) * 1032 + 64)
        return fail(st, "LitT: uncompressed size %u impossible for %zu compressed bytes", usize, beam_rd_left(&r));
    size_t got = 0;
    uint8_t *buf = NULL;
    const char *zerr = inflate_all(r.p, beam_rd_left(&r), usize, &buf, &got);
    if (zerr) {
        free(buf);
        return fail(st, "LitT: bad zlib data (%s)", zerr);
    }
    beam_rd_t d;
    beam_rd_init(&d, buf, got);
    uint32_t count;
    int rc = 0;
    if (!beam_rd_u32(&d, &count) || !count_fits(&d, count, 4)) {
        rc = fail(st, "LitT: bad literal count");
        goto out;
    }
    ld_module_t *m = st->m;
    m->literals = xcalloc(count, sizeof(term));
    m->num_literals = count;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t sz;
        const uint8_t *ext;
        if (!beam_rd_u32(&d, &sz) || !beam_rd_bytes(&d, sz, &ext)) {
            rc = fail(st, "LitT: literal %u truncated", i);
            goto out;
        }
        size_t used = 0;
        if (etf_decode(ext, sz, &m->literal_heap, false, &m->literals[i], &used) != ETF_OK || used != sz) {
            rc = fail(st, "LitT: literal %u is not a valid external term", i);
            goto out;
        }
    }
out:
    free(buf);
    return rc;
}

/* ---- Type (OTP 25: version 1, entries of 18 bytes) ---- */
#define LD_TYPES_VERSION 1
static int load_types(ld_state_t *st)
{
    const beam_span_t *sp = &st->bf.known[BEAM_TYPE];
    if (!sp->present) return 0;
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t version, count;
    if (!beam_rd_u32(&r, &version)) return fail(st, "Type: truncated header");
    if (version != LD_TYPES_VERSION) return 0; /* another format: ignored, as OTP does */
    if (!beam_rd_u32(&r, &count) || count < 1 || !count_fits(&r, count, 18))
        return fail(st, "Type: bad entry count");
    ld_module_t *m = st->m;
    m->types = xcalloc(count, sizeof(ld_type_t));
    m->num_types = count;
    for (uint32_t i = 0; i < count; i++) {
        uint16_t bits = 0;
        uint32_t a = 0, b = 0, c = 0, d = 0;
        beam_rd_u16(&r, &bits);
        beam_rd_u32(&r, &a);
        beam_rd_u32(&r, &b);
        beam_rd_u32(&r, &c);
        beam_rd_u32(&r, &d);
        if (bits == 0 || (bits & ~LD_T_ANY)) return fail(st, "Type: entry %u: bad type bits 0x%x", i, bits);
        ld_type_t *t = &m->types[i];
        t->bits = bits;
        t->min = (int64_t)((uint64_t)a << 32 | b);
        t->max = (int64_t)((uint64_t)c << 32 | d);
        /* OTP encodes a range only when both ends are smalls; anything
         * else is taken as "no range", never trusted */
        if (t->min > t->max || !small_fits(t->min) || !small_fits(t->max)) {
            t->min = 1; /* canonical "no range" */
            t->max = 0;
        }
    }
    if (m->types[0].bits != LD_T_ANY || m->types[0].min <= m->types[0].max)
        return fail(st, "Type: entry 0 is not the 'any' type");
    st->have_types = true;
    return 0;
}

static int atom_at(ld_state_t *st, const char *what, uint32_t idx, term *out)
{
    if (idx == 0 || idx >= st->m->num_atoms)
        return fail(st, "%s: atom index %u out of range (1..%u)", what, idx, st->m->num_atoms - 1);
    *out = st->m->atoms[idx];
    return 0;
}

/* ---- ImpT ---- */
static int load_imports(ld_state_t *st)
{
    const beam_span_t *sp = &st->bf.known[BEAM_IMPT];
    if (!sp->present) return fail(st, "no import table (ImpT chunk)");
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t count;
    if (!beam_rd_u32(&r, &count) || !count_fits(&r, count, 12)) return fail(st, "ImpT: bad count");
    ld_module_t *m = st->m;
    m->imports = xcalloc(count, sizeof *m->imports);
    m->num_imports = count;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t mi = 0, fi = 0, ar = 0;
        term mod = NIL, fn = NIL;
        beam_rd_u32(&r, &mi);
        beam_rd_u32(&r, &fi);
        beam_rd_u32(&r, &ar);
        if (atom_at(st, "ImpT", mi, &mod) || atom_at(st, "ImpT", fi, &fn)) return -1;
        if (ar > LD_MAX_ARITY) return fail(st, "ImpT: import %u: arity %u > %d", i, ar, LD_MAX_ARITY);
        m->imports[i] = export_put(mod, fn, ar);
    }
    return 0;
}

/* ---- ExpT / LocT rows (labels resolved later) ---- */
static int load_export_table(ld_state_t *st, int slot, ld_export_t **out, uint32_t *nout)
{
    const beam_span_t *sp = &st->bf.known[slot];
    const char *cid = beam_chunk_ids[slot];
    if (!sp->present) {
        if (slot == BEAM_EXPT) return fail(st, "no export table (ExpT chunk)");
        return 0;
    }
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t count;
    if (!beam_rd_u32(&r, &count) || !count_fits(&r, count, 12)) return fail(st, "%s: bad count", cid);
    *out = xcalloc(count, sizeof(ld_export_t));
    *nout = count;
    for (uint32_t i = 0; i < count; i++) {
        ld_export_t *e = &(*out)[i];
        uint32_t fi = 0;
        beam_rd_u32(&r, &fi);
        beam_rd_u32(&r, &e->arity);
        beam_rd_u32(&r, &e->label);
        if (atom_at(st, cid, fi, &e->function)) return -1;
        if (e->arity > LD_MAX_ARITY) return fail(st, "%s: entry %u: arity %u > %d", cid, i, e->arity, LD_MAX_ARITY);
        if (e->label == 0 || e->label >= st->label_count)
            return fail(st, "%s: entry %u: label %u out of range (1..%u)", cid, i, e->label, st->label_count - 1);
    }
    return 0;
}

/* ---- FunT: fun entries are created here (they need the md5, not code) ---- */
static int load_lambdas(ld_state_t *st)
{
    const beam_span_t *sp = &st->bf.known[BEAM_FUNT];
    if (!sp->present) return 0;
    beam_rd_t r;
    beam_rd_init(&r, sp->data, sp->size);
    uint32_t count;
    if (!beam_rd_u32(&r, &count) || !count_fits(&r, count, 24)) return fail(st, "FunT: bad count");
    ld_module_t *m = st->m;
    m->lambdas = xcalloc(count, sizeof(ld_lambda_t));
    m->num_lambdas = count;
    for (uint32_t i = 0; i < count; i++) {
        ld_lambda_t *l = &m->lambdas[i];
        uint32_t fi = 0;
        beam_rd_u32(&r, &fi);
        beam_rd_u32(&r, &l->arity);
        beam_rd_u32(&r, &l->label);
        beam_rd_u32(&r, &l->index);
        beam_rd_u32(&r, &l->num_free);
        beam_rd_u32(&r, &l->old_uniq);
        if (atom_at(st, "FunT", fi, &l->function)) return -1;
        if (l->arity > LD_MAX_ARITY || l->num_free > l->arity)
            return fail(st, "FunT: lambda %u: arity %u with %u free variables", i, l->arity, l->num_free);
        if (l->label == 0 || l->label >= st->label_count)
            return fail(st, "FunT: lambda %u: label %u out of range", i, l->label);
        /* OTP 25: fun entry (module, index, md5), old_index = the row */
        l->fe = funtab_get(m->name, l->index, m->md5, i, l->old_uniq, l->arity, l->num_free);
    }
    return 0;
}

/* ---- Line ---- */

/* File names are checked as UTF-8 but not interned: an atom would refuse
 * names over 255 characters, which paths may have. */
static bool utf8_valid(const uint8_t *s, size_t n)
{
    size_t k = 0;
    while (k < n) {
        uint8_t b = s[k];
        size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || k + len > n) return false;
        for (size_t j = 1; j < len; j++)
            if ((s[k + j] & 0xC0) != 0x80) return false;
        k += len;
    }
    return true;
}
static int load_lines(ld_state_t *st)
{
    const beam_span_t *sp = &st->bf.known[BEAM_LINE];
    ld_module_t *m = st->m;
    if (sp->present) {
        beam_rd_t r;
        beam_rd_init(&r, sp->data, sp->size);
        uint32_t version, flags, icount, items, names;
        if (!beam_rd_u32(&r, &version)) return fail(st, "Line: truncated header");
        if (version == 0) {
            if (!beam_rd_u32(&r, &flags) || !beam_rd_u32(&r, &icount) || !beam_rd_u32(&r, &items) ||
                !beam_rd_u32(&r, &names))
                return fail(st, "Line: truncated header");
            /* every item takes a byte, every name two */
            if (!count_fits(&r, items, 1) || !count_fits(&r, names, 2))
                return fail(st, "Line: %u items and %u names cannot fit in %zu bytes", items, names, sp->size);
            m->line_instr_count = icount;
            m->lines = xcalloc((size_t)items + 1, sizeof(ld_line_t));
            m->num_lines = items + 1; /* lines[0]: no location */
            m->files = xcalloc((size_t)names + 1, sizeof(ld_file_t));
            m->num_files = names + 1;
            uint32_t file = 0;
            for (uint32_t i = 1; i <= items;) {
                beam_compact_t c;
                if (!beam_read_compact(&r, &c)) return fail(st, "Line: truncated item %u", i);
                if (c.tag == BEAM_TAG_A) {
                    if (c.big || (uint64_t)c.val > names)
                        return fail(st, "Line: file index %lld out of range (0..%u)", (long long)c.val, names);
                    file = (uint32_t)c.val;
                } else if (c.tag == BEAM_TAG_I) {
                    if (c.big || c.val < 0 || c.val > UINT32_MAX)
                        return fail(st, "Line: item %u: bad line number", i);
                    m->lines[i].file = file;
                    m->lines[i].line = (uint32_t)c.val;
                    i++;
                } else {
                    return fail(st, "Line: item %u: unexpected tag %u", i, c.tag);
                }
            }
            for (uint32_t i = 1; i <= names; i++) {
                uint16_t n;
                const uint8_t *text;
                if (!beam_rd_u16(&r, &n) || !beam_rd_bytes(&r, n, &text))
                    return fail(st, "Line: truncated file name %u", i);
                if (!utf8_valid(text, n)) return fail(st, "Line: file name %u is not UTF-8", i);
                m->files[i].name = xcalloc((size_t)n + 1, 1);
                memcpy(m->files[i].name, text, n);
                m->files[i].len = n;
            }
        }
    }
    if (!m->files) {
        m->files = xcalloc(1, sizeof(ld_file_t));
        m->num_files = 1;
    }
    if (!m->lines) {
        m->lines = xcalloc(1, sizeof(ld_line_t));
        m->num_lines = 1;
    }
    /* files[0] is "<module>.erl", as OTP's implicit first name */
    size_t alen;
    const uint8_t *atext = atom_text(m->name, &alen);
    m->files[0].name = xcalloc(alen + 5, 1);
    memcpy(m->files[0].name, atext, alen);
    memcpy(m->files[0].name + alen, ".erl", 5);
    m->files[0].len = alen + 4;
    return 0;
}

/* ---- code emission ---- */
static void emit(ld_state_t *st, uint64_t w)
{
    if (st->len == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 1024;
        st->code = xrealloc(st->code, st->cap, sizeof(uint64_t));
    }
    st->code[st->len++] = w;
}

static void emit_label(ld_state_t *st, uint64_t label)
{
    if (st->nfix == st->capfix) {
        st->capfix = st->capfix ? st->capfix * 2 : 512;
        st->fix = xrealloc(st->fix, st->capfix, sizeof(uint32_t));
    }
    st->fix[st->nfix++] = (uint32_t)st->len;
    emit(st, label);
}

/* ---- compact operand decoding ---- */

/* Build an integer term from big-endian two's complement bytes. */
static term int_from_be_bytes(ld_state_t *st, const uint8_t *b, size_t n)
{
    bool neg = b[0] & 0x80;
    uint8_t *le = xcalloc(n, 1);
    unsigned carry = 1;
    for (size_t i = 0; i < n; i++) {
        uint8_t v = b[n - 1 - i];
        if (neg) {
            unsigned x = (uint8_t)~v + carry;
            le[i] = (uint8_t)x;
            carry = x >> 8;
        } else {
            le[i] = v;
        }
    }
    term t = big_from_bytes_le(&st->m->literal_heap, le, n, neg);
    free(le);
    return t;
}

static int read_operand(ld_state_t *st, beam_rd_t *r, gop_t *o, bool in_list);

static int read_reg(ld_state_t *st, const beam_compact_t *c, gop_t *o)
{
    if (c->big || (uint64_t)c->val >= LD_MAX_REG)
        return fail(st, "Code: %c register number out of range (max %d)", c->tag == BEAM_TAG_X ? 'x' : 'y',
                    LD_MAX_REG - 1);
    o->kind = c->tag == BEAM_TAG_X ? G_X : G_Y;
    o->val = (uint64_t)c->val;
    o->type = 0;
    return 0;
}

static int read_u(ld_state_t *st, beam_rd_t *r, const char *what, uint64_t *v)
{
    beam_compact_t c;
    if (!beam_read_compact(r, &c)) return fail(st, "Code: truncated %s", what);
    if (c.tag != BEAM_TAG_U || c.big) return fail(st, "Code: %s is not an unsigned number", what);
    *v = (uint64_t)c.val;
    return 0;
}

static int read_list(ld_state_t *st, beam_rd_t *r, gop_t *o)
{
    uint64_t n;
    if (read_u(st, r, "list length", &n)) return -1;
    /* each element takes at least one byte */
    if (n > beam_rd_left(r)) return fail(st, "Code: list of %llu elements exceeds the code", (unsigned long long)n);
    if (st->nlist + n > st->caplist) {
        while (st->nlist + n > st->caplist) st->caplist = st->caplist ? st->caplist * 2 : 64;
        st->list = xrealloc(st->list, st->caplist, sizeof(gop_t));
    }
    o->kind = G_LIST;
    o->lstart = st->nlist;
    o->llen = (uint32_t)n;
    st->nlist += (uint32_t)n;
    for (uint32_t i = 0; i < n; i++)
        if (read_operand(st, r, &st->list[o->lstart + i], true)) return -1;
    return 0;
}

static int read_alloc_list(ld_state_t *st, beam_rd_t *r, gop_t *o)
{
    uint64_t n, sum = 0;
    if (read_u(st, r, "allocation list length", &n)) return -1;
    if (n > 3) return fail(st, "Code: allocation list of %llu entries", (unsigned long long)n);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t kind, count;
        if (read_u(st, r, "allocation kind", &kind) || read_u(st, r, "allocation count", &count)) return -1;
        static const uint64_t words[] = {1, 2 /* float: header + double */, FUN_WORDS};
        if (kind > 2) return fail(st, "Code: allocation list: unknown kind %llu", (unsigned long long)kind);
        if (count > UINT32_MAX) return fail(st, "Code: allocation list: count too large");
        sum += count * words[kind];
    }
    if (sum > UINT32_MAX) return fail(st, "Code: allocation list total too large");
    o->kind = G_ALLOC;
    o->val = sum;
    return 0;
}

static int read_operand(ld_state_t *st, beam_rd_t *r, gop_t *o, bool in_list)
{
    beam_compact_t c;
    ld_module_t *m = st->m;
    if (!beam_read_compact(r, &c)) return fail(st, "Code: truncated or malformed operand");
    o->type = 0;
    switch (c.tag) {
    case BEAM_TAG_U:
        if (c.big) return fail(st, "Code: unsigned operand too large");
        o->kind = G_U;
        o->val = (uint64_t)c.val;
        return 0;
    case BEAM_TAG_I:
        o->kind = G_TERM;
        if (c.big) o->t = int_from_be_bytes(st, c.bytes, c.nbytes);
        else if (small_fits(c.val)) o->t = term_from_small(c.val);
        else o->t = big_from_int64(&m->literal_heap, c.val);
        return 0;
    case BEAM_TAG_A:
        if (c.big || (uint64_t)c.val >= m->num_atoms)
            return fail(st, "Code: atom index out of range (max %u)", m->num_atoms - 1);
        o->kind = G_TERM;
        o->t = m->atoms[c.val]; /* index 0 is [] */
        return 0;
    case BEAM_TAG_X:
    case BEAM_TAG_Y:
        return read_reg(st, &c, o);
    case BEAM_TAG_F:
        if (c.big || (uint64_t)c.val >= st->label_count)
            return fail(st, "Code: label %lld out of range (Code header: %u labels)", c.big ? -1LL : (long long)c.val,
                        st->label_count);
        o->kind = G_LABEL;
        o->val = (uint64_t)c.val;
        return 0;
    case BEAM_TAG_H:
        if (c.big || c.val > 0x10FFFF) return fail(st, "Code: character operand out of range");
        o->kind = G_TERM;
        o->t = term_from_small(c.val);
        return 0;
    case BEAM_TAG_Z:
        break;
    default:
        return fail(st, "Code: unknown operand tag %u", c.tag);
    }
    if (c.big) return fail(st, "Code: unknown extended operand");
    switch (c.val) {
    case 0: { /* float literal (before R16): 8 bytes, big-endian IEEE */
        const uint8_t *b;
        if (!beam_rd_bytes(r, 8, &b)) return fail(st, "Code: truncated float literal");
        uint64_t u = 0;
        for (int i = 0; i < 8; i++) u = u << 8 | b[i];
        double d;
        memcpy(&d, &u, sizeof d);
        if (d != d || d - d != 0) return fail(st, "Code: float literal is not finite");
        o->kind = G_TERM;
        o->t = heap_make_float(&m->literal_heap, d);
        return 0;
    }
    case 1: /* list */
        if (in_list) return fail(st, "Code: nested list operand");
        return read_list(st, r, o);
    case 2: { /* float register */
        uint64_t v;
        if (read_u(st, r, "float register", &v)) return -1;
        if (v >= LD_MAX_REG) return fail(st, "Code: float register %llu out of range", (unsigned long long)v);
        o->kind = G_FR;
        o->val = v;
        return 0;
    }
    case 3:
        return read_alloc_list(st, r, o);
    case 4: { /* literal */
        uint64_t v;
        if (read_u(st, r, "literal index", &v)) return -1;
        if (v >= m->num_literals)
            return fail(st, "Code: literal index %llu out of range (%u literals)", (unsigned long long)v,
                        m->num_literals);
        o->kind = G_TERM;
        o->t = m->literals[v];
        return 0;
    }
    case 5: { /* register with a type from the Type chunk */
        beam_compact_t rc;
        if (!beam_read_compact(r, &rc)) return fail(st, "Code: truncated typed register");
        if (rc.tag != BEAM_TAG_X && rc.tag != BEAM_TAG_Y) return fail(st, "Code: typed register is not x or y");
        if (read_reg(st, &rc, o)) return -1;
        uint64_t ti;
        if (read_u(st, r, "type index", &ti)) return -1;
        /* without a usable Type chunk (stripped, other version) the type is
         * dropped, as OTP does */
        if (st->have_types) {
            if (ti >= m->num_types)
                return fail(st, "Code: type index %llu out of range (%u types)", (unsigned long long)ti, m->num_types);
            o->type = (uint32_t)ti + 1;
        }
        return 0;
    }
    default:
        return fail(st, "Code: unknown extended operand z%lld", (long long)c.val);
    }
}

/* ---- operand kinds (ops.h) ---- */

static bool is_reg(const gop_t *o) { return o->kind == G_X || o->kind == G_Y; }
static uint64_t reg_word(const gop_t *o) { return ld_reg_word(o->kind == G_Y, (uint32_t)o->val, o->type); }
/* list elements of kind v: registers, constants, and unsigned numbers
 * (bs_create_bin's segment descriptions) as small integers */
static bool v_ok(const gop_t *o) { return is_reg(o) || o->kind == G_TERM || (o->kind == G_U && o->val <= MAX_SMALL); }
static uint64_t v_word(const gop_t *o)
{
    if (is_reg(o)) return reg_word(o);
    if (o->kind == G_U) return term_from_small((int64_t)o->val);
    return o->t;
}

/* Does operand o fit kind k? If not and why != NULL, say why. */
static bool accepts(ld_state_t *st, char k, const gop_t *o, char *why, size_t whylen)
{
    const ld_module_t *m = st->m;
    const char *w = NULL;
    switch (k) {
    case 'x': if (o->kind != G_X) w = "x register expected"; break;
    case 'y': if (o->kind != G_Y) w = "y register expected"; break;
    case 'r': case 'd': if (!is_reg(o)) w = "register expected"; break;
    case 's': if (!is_reg(o) && o->kind != G_TERM) w = "register or constant expected"; break;
    case 'c': if (o->kind != G_TERM) w = "constant expected"; break;
    case 'I': if (o->kind != G_TERM || !term_is_immed(o->t)) w = "immediate expected"; break;
    case 'a': if (o->kind != G_TERM || !term_is_atom(o->t)) w = "atom expected"; break;
    case 'i': if (o->kind != G_U) w = "unsigned number expected"; break;
    case 'h': if (o->kind != G_U && o->kind != G_ALLOC) w = "heap size expected"; break;
    case 'f': if (o->kind != G_LABEL) w = "label expected"; break;
    case 'j': if (o->kind != G_LABEL || o->val == 0) w = "non-zero label expected"; break;
    case 'l': if (o->kind != G_FR) w = "float register expected"; break;
    case 'e':
        if (o->kind != G_U) w = "import index expected";
        else if (o->val >= m->num_imports) w = "import index out of range";
        break;
    case 'F':
        if (o->kind != G_U) w = "lambda index expected";
        else if (o->val >= m->num_lambdas) w = "lambda index out of range";
        break;
    case 'L':
        if (o->kind != G_U || o->val >= m->num_lines) w = "line index out of range";
        break;
    case 'S':
        if (o->kind != G_U) w = "string offset expected";
        else if (o->val > m->strings_size) w = "string offset out of range";
        break;
    case 't': case 'T':
        if (o->kind != G_LIST || o->llen % 2) {
            w = "list of value/label pairs expected";
            break;
        }
        for (uint32_t i = 0; i < o->llen && !w; i += 2) {
            const gop_t *v = &st->list[o->lstart + i], *l = v + 1;
            if (k == 't' ? v->kind != G_TERM : v->kind != G_U) w = k == 't' ? "select value is not a constant" : "tuple arity expected";
            else if (l->kind != G_LABEL || l->val == 0) w = "select target is not a label";
        }
        break;
    case 'v':
        if (o->kind != G_LIST) {
            w = "list expected";
            break;
        }
        for (uint32_t i = 0; i < o->llen && !w; i++)
            if (!v_ok(&st->list[o->lstart + i])) w = "list element is not a register or constant";
        break;
    case 'Y':
        if (o->kind != G_LIST) {
            w = "list expected";
            break;
        }
        for (uint32_t i = 0; i < o->llen && !w; i++)
            if (st->list[o->lstart + i].kind != G_Y) w = "list element is not a y register";
        break;
    default:
        w = "unknown operand kind";
    }
    if (w && why) snprintf(why, whylen, "%s", w);
    return !w;
}

typedef struct {
    uint64_t key;
    uint64_t label;
} pair_t;

static int cmp_pair(const void *a, const void *b)
{
    uint64_t x = ((const pair_t *)a)->key, y = ((const pair_t *)b)->key;
    return x < y ? -1 : x > y;
}

static int emit_table(ld_state_t *st, const gop_t *o, char k, const char *name)
{
    uint32_t n = o->llen / 2;
    pair_t *p = xcalloc(n, sizeof *p);
    for (uint32_t i = 0; i < n; i++) {
        const gop_t *v = &st->list[o->lstart + 2 * i];
        p[i].key = k == 't' ? v->t : v->val;
        p[i].label = v[1].val;
    }
    qsort(p, n, sizeof *p, cmp_pair);
    for (uint32_t i = 1; i < n; i++)
        if (p[i].key == p[i - 1].key) {
            free(p);
            return fail(st, "Code: %s: duplicate value in jump table", name);
        }
    emit(st, n);
    for (uint32_t i = 0; i < n; i++) emit(st, p[i].key);
    for (uint32_t i = 0; i < n; i++) emit_label(st, p[i].label);
    free(p);
    return 0;
}

static int emit_operand(ld_state_t *st, char k, const gop_t *o, const char *name)
{
    ld_module_t *m = st->m;
    switch (k) {
    case 'x': case 'y': case 'l': case 'i': case 'h': case 'L': case 'S':
        emit(st, o->val);
        return 0;
    case 'r': case 'd':
        emit(st, reg_word(o));
        return 0;
    case 's':
        emit(st, is_reg(o) ? reg_word(o) : o->t);
        return 0;
    case 'c': case 'I': case 'a':
        emit(st, o->t);
        return 0;
    case 'f': case 'j':
        emit_label(st, o->val);
        return 0;
    case 'e':
        emit(st, (uint64_t)(uintptr_t)m->imports[o->val]);
        return 0;
    case 'F':
        emit(st, (uint64_t)(uintptr_t)m->lambdas[o->val].fe);
        return 0;
    case 't': case 'T':
        return emit_table(st, o, k, name);
    case 'v': case 'Y':
        emit(st, o->llen);
        for (uint32_t i = 0; i < o->llen; i++) {
            const gop_t *e = &st->list[o->lstart + i];
            emit(st, k == 'Y' ? e->val : v_word(e));
        }
        return 0;
    }
    return fail(st, "Code: %s: unknown operand kind '%c'", name, k);
}

/* Checks that are about one generic instruction's meaning rather than its
 * operand kinds: string lengths, BIF and call arities. */
static int check_semantics(ld_state_t *st, unsigned g, const gop_t *a)
{
    ld_module_t *m = st->m;
    const char *name = ops_genop[g].name;
    switch (g) {
    case GENOP_bs_put_string:
    case GENOP_bs_match_string: {
        /* a[0]: length (bytes for put, bits for match), a[1]: offset */
        uint64_t bytes = g == GENOP_bs_put_string ? a[0].val : (a[0].val + 7) / 8;
        if (a[0].kind == G_U && a[1].kind == G_U &&
            (a[1].val > m->strings_size || bytes > m->strings_size - a[1].val))
            return fail(st, "Code: %s: string (offset %llu, %llu bytes) outside StrT (%zu bytes)", name,
                        (unsigned long long)a[1].val, (unsigned long long)bytes, m->strings_size);
        return 0;
    }
    case GENOP_bif0: case GENOP_bif1: case GENOP_bif2:
    case GENOP_gc_bif1: case GENOP_gc_bif2: case GENOP_gc_bif3: {
        unsigned want = g == GENOP_bif0 ? 0 : g == GENOP_bif1 || g == GENOP_gc_bif1 ? 1 : g == GENOP_bif2 || g == GENOP_gc_bif2 ? 2 : 3;
        const gop_t *imp = &a[g == GENOP_bif0 ? 0 : g <= GENOP_bif2 ? 1 : 2];
        if (imp->kind == G_U && imp->val < m->num_imports && m->imports[imp->val]->arity != want)
            return fail(st, "Code: %s: import %llu has arity %u", name, (unsigned long long)imp->val,
                        m->imports[imp->val]->arity);
        return 0;
    }
    case GENOP_call_ext: case GENOP_call_ext_last: case GENOP_call_ext_only:
        if (a[0].kind == G_U && a[1].kind == G_U && a[1].val < m->num_imports &&
            m->imports[a[1].val]->arity != a[0].val)
            return fail(st, "Code: %s: arity %llu but import %llu has arity %u", name, (unsigned long long)a[0].val,
                        (unsigned long long)a[1].val, m->imports[a[1].val]->arity);
        return 0;
    case GENOP_call_fun2:
        /* a lambda-index tag promises the fun: its arity must agree */
        if (a[0].kind == G_U && a[0].val < m->num_lambdas && a[1].kind == G_U &&
            m->lambdas[a[0].val].arity - m->lambdas[a[0].val].num_free != a[1].val)
            return fail(st, "Code: call_fun2: arity %llu but lambda %llu takes %u", (unsigned long long)a[1].val,
                        (unsigned long long)a[0].val, m->lambdas[a[0].val].arity - m->lambdas[a[0].val].num_free);
        __attribute__((fallthrough)); /* to the arity limit */
    case GENOP_call: case GENOP_call_last: case GENOP_call_only:
    case GENOP_apply: case GENOP_apply_last: case GENOP_call_fun: {
        const gop_t *ar = &a[g == GENOP_call_fun2 ? 1 : 0];
        if (ar->kind == G_U && ar->val > LD_MAX_ARITY)
            return fail(st, "Code: %s: arity %llu > %d", name, (unsigned long long)ar->val, LD_MAX_ARITY);
        return 0;
    }
    }
    return 0;
}

static void add_line_ref(ld_state_t *st, uint32_t line)
{
    ld_module_t *m = st->m;
    /* two line instructions in a row: the later one describes the code */
    if (m->num_line_refs && m->line_refs[m->num_line_refs - 1].offset == st->len) {
        m->line_refs[m->num_line_refs - 1].line = line;
        return;
    }
    if (m->num_line_refs == st->cap_line_refs) {
        st->cap_line_refs = st->cap_line_refs ? st->cap_line_refs * 2 : 256;
        m->line_refs = xrealloc(m->line_refs, st->cap_line_refs, sizeof(ld_line_ref_t));
    }
    m->line_refs[m->num_line_refs++] = (ld_line_ref_t){.offset = (uint32_t)st->len, .line = line};
}

static int translate(ld_state_t *st, unsigned g, gop_t *a)
{
    ld_module_t *m = st->m;
    const ops_genop_info_t *gi = &ops_genop[g];
    switch (gi->kind) {
    case LD_G_LABEL: {
        if (a[0].kind != G_U) return fail(st, "Code: label operand is not a number");
        uint64_t l = a[0].val;
        if (l == 0 || l >= st->label_count)
            return fail(st, "Code: label %llu out of range (1..%u)", (unsigned long long)l, st->label_count - 1);
        if (m->labels[l]) return fail(st, "Code: label %llu defined twice", (unsigned long long)l);
        m->labels[l] = (uint32_t)st->len;
        st->label_pos = st->len;
        /* the function's entry label (just after func_info): the tiering
         * hook every call runs first */
        if (st->cur_function && m->functions[st->cur_function - 1].entry == st->len &&
            st->last_op == OP_func_info) {
            st->last_op_pos = st->len;
            st->last_op = OP_i_func_entry;
            emit(st, OP_i_func_entry);
            emit(st, 0);
            emit(st, 0);
        }
        return 0;
    }
    case LD_G_LINE:
        if (a[0].kind != G_U) return fail(st, "Code: line operand is not a number");
        /* without a Line chunk (stripped) line instructions mean nothing */
        if (m->num_lines > 1) {
            if (a[0].val >= m->num_lines)
                return fail(st, "Code: line index %llu out of range (%u items)", (unsigned long long)a[0].val,
                            m->num_lines - 1);
            add_line_ref(st, (uint32_t)a[0].val);
        }
        return 0;
    case LD_G_OBSOLETE:
        return fail(st, "Code: obsolete instruction %s/%u: please recompile this module", gi->name, gi->arity);
    }
    if (check_semantics(st, g, a)) return -1;

    /* pick the first variant accepting every operand */
    int chosen = -1;
    for (unsigned v = variant_start[g]; v < variant_start[g + 1] && chosen < 0; v++) {
        const char *sig = ops_info[variant_list[v]].sig;
        unsigned j = 0;
        while (sig[j] && accepts(st, sig[j], &a[j], NULL, 0)) j++;
        if (!sig[j]) chosen = variant_list[v];
    }
    if (chosen < 0) {
        /* explain with the last (most general) variant */
        const char *sig = ops_info[variant_list[variant_start[g + 1] - 1]].sig;
        char why[80] = "no variant";
        unsigned j = 0;
        while (sig[j] && accepts(st, sig[j], &a[j], why, sizeof why)) j++;
        return fail(st, "Code: %s/%u: operand %u: %s", gi->name, gi->arity, j + 1, why);
    }

    /* peephole: deallocate N; return -> deallocate_return N (no label or
     * line location may fall between them) */
    if (chosen == OP_return && st->last_op == OP_deallocate && st->label_pos != st->len &&
        !(m->num_line_refs && m->line_refs[m->num_line_refs - 1].offset == st->len)) {
        st->code[st->last_op_pos] = OP_deallocate_return;
        st->last_op = OP_deallocate_return;
        return 0;
    }

    size_t pos = st->len;
    if (chosen == OP_func_info) {
        if (a[0].t != m->name) return fail(st, "Code: func_info names another module");
        if (a[2].val > LD_MAX_ARITY) return fail(st, "Code: func_info: arity %llu", (unsigned long long)a[2].val);
        if (m->num_functions >= st->function_count)
            return fail(st, "Code: more functions than the %u the header declares", st->function_count);
    }
    if (chosen == OP_on_load) {
        if (!st->cur_function) return fail(st, "Code: on_load outside a function");
        if (m->on_load) return fail(st, "Code: more than one on_load instruction");
        m->on_load = m->functions[st->cur_function - 1].entry;
    }
    emit(st, (uint64_t)chosen);
    const char *sig = ops_info[chosen].sig;
    for (unsigned j = 0; sig[j]; j++)
        if (emit_operand(st, sig[j], &a[j], gi->name)) return -1;
    if (chosen == OP_func_info) {
        if (m->num_functions == st->cap_functions) {
            st->cap_functions = st->cap_functions ? st->cap_functions * 2 : 64;
            m->functions = xrealloc(m->functions, st->cap_functions, sizeof(ld_function_t));
        }
        m->functions[m->num_functions++] = (ld_function_t){
            .name = a[1].t, .arity = (uint32_t)a[2].val, .info = (uint32_t)pos, .entry = (uint32_t)st->len};
        st->cur_function = m->num_functions;
    }
    st->last_op_pos = pos;
    st->last_op = (ops_t)chosen;
    return 0;
}

static int load_code(ld_state_t *st, beam_rd_t *r)
{
    ld_module_t *m = st->m;
    m->labels = xcalloc(st->label_count, sizeof(uint32_t));
    m->num_labels = st->label_count;
    st->cap = beam_rd_left(r) + 64; /* a generic operand rarely takes more than one word */
    st->code = xcalloc(st->cap, sizeof(uint64_t));
    emit(st, OP_code_start);
    st->last_op = OP_code_start;
    st->label_pos = SIZE_MAX;
    gop_t a[MAX_GEN_OPS + 1];
    for (;;) {
        uint8_t opc;
        if (!beam_rd_u8(r, &opc)) return fail(st, "Code: ends without int_code_end");
        if (opc == 0 || opc > LD_GENOP_MAX) return fail(st, "Code: unknown opcode %u", opc);
        const ops_genop_info_t *gi = &ops_genop[opc];
        if (gi->kind == LD_G_OBSOLETE)
            return fail(st, "Code: obsolete instruction %s/%u: please recompile this module", gi->name, gi->arity);
        st->nlist = 0;
        for (unsigned i = 0; i < gi->arity; i++) {
            if (read_operand(st, r, &a[i], false)) return -1;
            if (a[i].kind == G_LIST && i + 1 != gi->arity) return fail(st, "Code: %s: list operand not last", gi->name);
        }
        if (translate(st, opc, a)) return -1;
        if (opc == GENOP_int_code_end) break;
    }
    if (m->num_functions != st->function_count)
        return fail(st, "Code: header declares %u functions, code has %u", st->function_count, m->num_functions);
    /* resolve labels */
    for (size_t i = 0; i < st->nfix; i++) {
        uint64_t l = st->code[st->fix[i]];
        if (l == 0) continue; /* "no fail label" */
        if (!m->labels[l]) return fail(st, "Code: label %llu used but not defined", (unsigned long long)l);
        st->code[st->fix[i]] = m->labels[l];
    }
    /* the buffer was sized for the worst case: give back the rest */
    m->code = xrealloc(st->code, st->len, sizeof(uint64_t));
    m->code_size = st->len;
    st->code = NULL;
    return 0;
}

/* The function whose entry is at the given label, or NULL. */
static const ld_function_t *function_at_label(const ld_module_t *m, uint32_t label)
{
    if (label == 0 || label >= m->num_labels || !m->labels[label]) return NULL;
    const ld_function_t *f = module_function_at(m, m->labels[label]);
    return f && f->entry == m->labels[label] ? f : NULL;
}

/* Does f's body only call erlang:nif_error/1,2 (after moving its
 * arguments)? OTP's erts modules export such a stub for each BIF, which
 * the emulator replaces at load; module.c leaves the stubs of the BIFs
 * Laser lacks unbound, so that calling one is undef, not a nif_error. */
static bool is_bif_stub(const ld_module_t *m, const ld_function_t *f)
{
    static term nif_error;
    if (!nif_error) nif_error = atom_from_cstr("nif_error");
    size_t pos = f->entry;
    for (int n = 0; n < 4 && pos < m->code_size; n++) {
        ops_t op = (ops_t)m->code[pos];
        if (op == OP_call_ext_only || op == OP_call_ext_last) {
            const export_entry_t *ep = (const export_entry_t *)(uintptr_t)m->code[pos + 2];
            return ep->module == ATOM(erlang) && ep->function == nif_error && (ep->arity == 1 || ep->arity == 2);
        }
        if ((unsigned)op >= OP__COUNT || (ops_info[op].genop != GENOP_move && op != OP_i_func_entry)) return false;
        size_t w = ops_insn_words(op, m->code, pos, m->code_size);
        if (!w) return false;
        pos += w;
    }
    return false;
}

static int bind_entries(ld_state_t *st)
{
    ld_module_t *m = st->m;
    for (int pass = 0; pass < 2; pass++) {
        ld_export_t *tab = pass ? m->locals : m->exports;
        uint32_t n = pass ? m->num_locals : m->num_exports;
        for (uint32_t i = 0; i < n; i++) {
            ld_export_t *e = &tab[i];
            const ld_function_t *f = function_at_label(m, e->label);
            if (!f || f->name != e->function || f->arity != e->arity)
                return fail(st, "%s: entry %u: label %u is not the function of that name and arity",
                            pass ? "LocT" : "ExpT", i, e->label);
            e->entry = f->entry;
            if (!pass) {
                e->ep = export_put(m->name, e->function, e->arity);
                e->bif_stub = is_bif_stub(m, f);
            }
        }
    }
    for (uint32_t i = 0; i < m->num_lambdas; i++) {
        ld_lambda_t *l = &m->lambdas[i];
        const ld_function_t *f = function_at_label(m, l->label);
        if (!f || f->name != l->function || f->arity != l->arity)
            return fail(st, "FunT: lambda %u: label %u is not the function of that name and arity", i, l->label);
        l->entry = f->entry;
    }
    return 0;
}

static int load_term_chunk(ld_state_t *st, int slot, term *out)
{
    const beam_span_t *sp = &st->bf.known[slot];
    *out = NIL;
    if (!sp->present) return 0;
    size_t used = 0;
    if (etf_decode(sp->data, sp->size, &st->m->literal_heap, false, out, &used) != ETF_OK || used != sp->size) {
        *out = NIL;
        return fail(st, "%s: not a valid external term", beam_chunk_ids[slot]);
    }
    return 0;
}

static void keep_extra(ld_state_t *st)
{
    const beam_file_t *bf = &st->bf;
    ld_module_t *m = st->m;
    uint32_t n = bf->num_other + (bf->known[BEAM_META].present ? 1 : 0);
    if (!n) return;
    m->extra = xcalloc(n, sizeof(ld_chunk_t));
    for (uint32_t i = 0; i <= bf->num_other; i++) {
        const char *id;
        const beam_span_t *sp;
        if (i < bf->num_other) {
            id = bf->other[i].id;
            sp = &bf->other[i].span;
        } else if (bf->known[BEAM_META].present) {
            id = "Meta";
            sp = &bf->known[BEAM_META];
        } else {
            break;
        }
        ld_chunk_t *c = &m->extra[m->num_extra++];
        memcpy(c->id, id, 4);
        c->id[4] = 0;
        c->size = sp->size;
        c->data = xcalloc(sp->size, 1);
        if (sp->size) memcpy(c->data, sp->data, sp->size);
    }
}

/* Keep the reason on one printable line: it may quote bytes of the file
 * (chunk ids, atom text). */
static int one_line(char *errbuf)
{
    for (char *p = errbuf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F) *p = '?';
    return -1;
}

int ld_load_binary(term name_hint, const uint8_t *bytes, size_t len, ld_module_t **out, char *errbuf)
{
    ld_init();
    *out = NULL;
    errbuf[0] = 0;
    if (table_error) {
        snprintf(errbuf, LD_ERRBUF_SIZE, "instruction tables are inconsistent: %s", table_error);
        return -1;
    }
    ld_state_t st = {.err = errbuf};
    if (beam_parse(bytes, len, &st.bf, errbuf, LD_ERRBUF_SIZE)) return one_line(errbuf);
    ld_module_t *m = xcalloc(1, sizeof *m);
    st.m = m;
    heap_init(&m->literal_heap);
    m->attributes = NIL;
    m->compile_info = NIL;
    beam_rd_t code;
    int rc = -1;
    if (load_atoms(&st)) goto out;
    if (name_hint != THE_NON_VALUE && name_hint != m->name) {
        size_t n1, n2;
        const uint8_t *t1 = atom_text(m->name, &n1), *t2 = atom_text(name_hint, &n2);
        fail(&st, "module name in object code is %.*s, expected %.*s", (int)n1, (const char *)t1, (int)n2,
             (const char *)t2);
        goto out;
    }
    if (compute_md5(&st) || load_code_header(&st, &code)) goto out;
    load_strings(&st);
    if (load_literals(&st) || load_types(&st) || load_imports(&st) || load_lambdas(&st) || load_lines(&st)) goto out;
    if (load_export_table(&st, BEAM_EXPT, &m->exports, &m->num_exports) ||
        load_export_table(&st, BEAM_LOCT, &m->locals, &m->num_locals))
        goto out;
    if (load_code(&st, &code) || bind_entries(&st)) goto out;
    if (load_term_chunk(&st, BEAM_ATTR, &m->attributes) || load_term_chunk(&st, BEAM_CINF, &m->compile_info)) goto out;
    keep_extra(&st);
    rc = 0;
out:
    free(st.code);
    free(st.fix);
    free(st.list);
    if (rc) {
        module_free(m);
        return one_line(errbuf);
    }
    *out = m;
    return 0;
}

int ld_load_file(const char *path, term name_hint, ld_module_t **out, char *errbuf)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(errbuf, LD_ERRBUF_SIZE, "cannot open: %s", strerror(errno));
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = xrealloc(buf, cap, 1);
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        snprintf(errbuf, LD_ERRBUF_SIZE, "read error");
        return -1;
    }
    int rc = ld_load_binary(name_hint, buf, len, out, errbuf);
    free(buf);
    return rc;
}
