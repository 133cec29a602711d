/*
 * ops.c - the instruction tables of ops.h, expanded from genop.def and
 * ops.def, and the helpers that read them: instruction lengths, the table
 * self-check, and, for loaded code, the disassembler (laser --dis) and the
 * validator that checks the loader's output against the signatures.
 */
#include "ops.h"

#include "atom.h"
#include "big.h"
#include "bin.h"
#include "map.h"
#include "module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ops_genop_info_t ops_genop[LD_GENOP_MAX + 1] = {
#define GENOP(num, nm, ar, kd) [num] = {.name = #nm, .arity = ar, .kind = kd},
#include "genop.def"
#undef GENOP
};

const ops_info_t ops_info[OP__COUNT] = {
#define OP(nm, gen, sg) {.name = #nm, .sig = sg, .genop = GENOP_##gen, .noperands = sizeof(sg) - 1},
#include "ops.def"
#undef OP
};

size_t ops_insn_words(ops_t op, const uint64_t *code, size_t pos, size_t len)
{
    if ((unsigned)op >= OP__COUNT || pos >= len) return 0;
    size_t p = pos + 1;
    for (const char *k = ops_info[op].sig; *k; k++) {
        if (p >= len) return 0;
        if (!ops_kind_is_var(*k)) {
            p++;
            continue;
        }
        uint64_t n = code[p++];
        uint64_t per = (*k == 't' || *k == 'T') ? 2 : 1;
        if (n > (len - p) / per) return 0;
        p += (size_t)(n * per);
    }
    return p - pos;
}

/* Does every operand that kind a accepts also fit kind b? (The acceptance
 * rules are the loader's; this mirrors them for the table check.) */
static bool kind_within(char a, char b)
{
    if (a == b) return true;
    switch (a) {
    case 'x': case 'y': return strchr("rds", b) != NULL;
    case 'r': case 'd': return strchr("rds", b) != NULL;
    case 'a': return strchr("Ics", b) != NULL;
    case 'I': return strchr("cs", b) != NULL;
    case 'c': return b == 's';
    case 'e': case 'F': case 'S': case 'L': return strchr("ih", b) != NULL;
    case 'i': return b == 'h';
    case 'j': return b == 'f';
    case 'Y': return b == 'v';
    }
    return false;
}

const char *ops_check_tables(void)
{
    static char msg[160];
    bool has_variant[LD_GENOP_MAX + 1] = {false};
    for (int i = 1; i <= LD_GENOP_MAX; i++)
        if (!ops_genop[i].name) {
            snprintf(msg, sizeof msg, "generic opcode %d missing from genop.def", i);
            return msg;
        }
    for (int op = 0; op < OP__COUNT; op++) {
        const ops_info_t *oi = &ops_info[op];
        size_t n = strlen(oi->sig);
        for (size_t j = 0; j < n; j++) {
            if (!strchr("xyrdscIaihfjeFLlStTvYb", oi->sig[j])) {
                snprintf(msg, sizeof msg, "%s: unknown operand kind '%c'", oi->name, oi->sig[j]);
                return msg;
            }
            if (ops_kind_is_var(oi->sig[j]) && j + 1 != n) {
                snprintf(msg, sizeof msg, "%s: variable operand not last", oi->name);
                return msg;
            }
        }
        if (oi->genop == GENOP_none) continue;
        if (ops_genop[oi->genop].arity != n) {
            snprintf(msg, sizeof msg, "%s: %zu operands but %s/%d", oi->name, n, ops_genop[oi->genop].name,
                     ops_genop[oi->genop].arity);
            return msg;
        }
        if (ops_genop[oi->genop].kind != LD_G_TABLE) {
            snprintf(msg, sizeof msg, "%s: translates %s, which is not table-driven", oi->name,
                     ops_genop[oi->genop].name);
            return msg;
        }
        has_variant[oi->genop] = true;
    }
    /* a variant that accepts nothing an earlier one of the same generic
     * instruction does not could never be chosen: the specialised forms
     * must come first */
    for (int later = 0; later < OP__COUNT; later++)
        for (int earlier = 0; earlier < later; earlier++) {
            const ops_info_t *l = &ops_info[later], *e = &ops_info[earlier];
            if (l->genop == GENOP_none || l->genop != e->genop) continue;
            bool shadowed = true;
            for (size_t j = 0; l->sig[j] && shadowed; j++) shadowed = kind_within(l->sig[j], e->sig[j]);
            if (shadowed) {
                snprintf(msg, sizeof msg, "%s can never be chosen: %s comes first and accepts all it does", l->name,
                         e->name);
                return msg;
            }
        }
    for (int i = 1; i <= LD_GENOP_MAX; i++)
        if (ops_genop[i].kind == LD_G_TABLE && !has_variant[i]) {
            snprintf(msg, sizeof msg, "generic %s/%d has no internal instruction", ops_genop[i].name,
                     ops_genop[i].arity);
            return msg;
        }
    return NULL;
}

/* ---- reading loaded code: disassembler and validator ---- */

static void print_atom(FILE *out, term a)
{
    size_t n;
    const uint8_t *s = atom_text(a, &n);
    bool plain = n > 0 && s[0] >= 'a' && s[0] <= 'z';
    for (size_t i = 0; i < n && plain; i++)
        plain = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
                s[i] == '_' || s[i] == '@';
    if (plain) fprintf(out, "%.*s", (int)n, (const char *)s);
    else fprintf(out, "'%.*s'", (int)n, (const char *)s);
}

/* A short rendering of a literal (depth and width limited: literals can be
 * large, and --dis is for reading code). */
static void print_term(FILE *out, term t, int depth)
{
    if (depth > 5) {
        fputs("...", out);
        return;
    }
    if (term_is_small(t)) {
        fprintf(out, "%lld", (long long)term_to_small(t));
    } else if (term_is_atom(t)) {
        print_atom(out, t);
    } else if (term_is_nil(t)) {
        fputs("[]", out);
    } else if (term_is_list(t)) {
        fputc('[', out);
        int n = 0;
        for (;;) {
            if (n++ == 12) {
                fputs("...", out);
                break;
            }
            print_term(out, term_car(t), depth + 1);
            t = term_cdr(t);
            if (term_is_nil(t)) break;
            if (!term_is_list(t)) {
                fputc('|', out);
                print_term(out, t, depth + 1);
                break;
            }
            fputc(',', out);
        }
        fputc(']', out);
    } else if (term_is_tuple(t)) {
        uint64_t n = term_tuple_arity(t);
        fputc('{', out);
        for (uint64_t i = 0; i < n; i++) {
            if (i == 12) {
                fputs(",...", out);
                break;
            }
            if (i) fputc(',', out);
            print_term(out, term_tuple_elems(t)[i], depth + 1);
        }
        fputc('}', out);
    } else if (term_is_big(t)) {
        char *s = int_to_text(t, 10);
        fputs(s, out);
        free(s);
    } else if (term_is_float(t)) {
        fprintf(out, "%.17g", term_float_val(t));
    } else if (term_is_bitstring(t)) {
        bin_view_t v;
        bin_view(t, &v);
        fprintf(out, "<<%llu bits>>", (unsigned long long)v.bitsize);
    } else if (term_is_map(t)) {
        fprintf(out, "#{%zu keys}", map_size(t));
    } else if (term_is_export(t)) {
        const export_entry_t *e = ((const term_export_t *)term_boxed_ptr(t))->ep;
        fputs("fun ", out);
        print_atom(out, e->module);
        fputc(':', out);
        print_atom(out, e->function);
        fprintf(out, "/%u", e->arity);
    } else {
        fprintf(out, "#term<0x%llx>", (unsigned long long)t);
    }
}

static void print_reg(FILE *out, uint64_t w)
{
    fprintf(out, "%c%u", ld_reg_is_y(w) ? 'y' : 'x', ld_reg_index(w));
    if (ld_reg_type(w)) fprintf(out, "/t%u", ld_reg_type(w) - 1);
}

static void print_src(FILE *out, uint64_t w)
{
    if (ld_is_reg(w)) print_reg(out, w);
    else print_term(out, w, 0);
}

static void print_string(FILE *out, const ld_module_t *m, uint64_t off, uint64_t n)
{
    fputc('"', out);
    for (uint64_t i = 0; i < n && off + i < m->strings_size; i++) {
        uint8_t c = m->strings[off + i];
        if (c >= 32 && c < 127 && c != '"' && c != '\\') fputc(c, out);
        else fprintf(out, "\\x%02x", c);
    }
    fputc('"', out);
}

size_t ops_dis(FILE *out, const ld_module_t *m, size_t pos)
{
    const uint64_t *code = m->code;
    if (pos >= m->code_size || code[pos] >= OP__COUNT) return 0;
    ops_t op = (ops_t)code[pos];
    size_t words = ops_insn_words(op, code, pos, m->code_size);
    if (!words) return 0;
    const ops_info_t *oi = &ops_info[op];
    fprintf(out, "%8zu  %s", pos, oi->name);
    size_t p = pos + 1;
    uint64_t last_i = 0;
    for (const char *k = oi->sig; *k; k++) {
        fputs(k == oi->sig ? " " : ", ", out);
        uint64_t w = code[p++];
        switch (*k) {
        case 'x': fprintf(out, "x%llu", (unsigned long long)w); break;
        case 'y': fprintf(out, "y%llu", (unsigned long long)w); break;
        case 'l': fprintf(out, "fr%llu", (unsigned long long)w); break;
        case 'r': case 'd': print_reg(out, w); break;
        case 's': print_src(out, w); break;
        case 'c': case 'I': case 'a': print_term(out, w, 0); break;
        case 'i': case 'h': fprintf(out, "%llu", (unsigned long long)w); last_i = w; break;
        case 'f': case 'j':
            if (w) fprintf(out, "@%llu", (unsigned long long)w);
            else fputs("-", out);
            break;
        case 'e': {
            const export_entry_t *e = (const export_entry_t *)(uintptr_t)w;
            print_atom(out, e->module);
            fputc(':', out);
            print_atom(out, e->function);
            fprintf(out, "/%u", e->arity);
            break;
        }
        case 'F': {
            const fun_entry_t *f = (const fun_entry_t *)(uintptr_t)w;
            fprintf(out, "fun#%u(", f->index);
            for (uint32_t i = 0; i < m->num_lambdas; i++)
                if (m->lambdas[i].fe == f) {
                    print_atom(out, m->lambdas[i].function);
                    fprintf(out, "/%u", m->lambdas[i].arity);
                }
            fputc(')', out);
            break;
        }
        case 'L': fprintf(out, "line#%llu", (unsigned long long)w); break;
        case 'S':
            print_string(out, m, w, oi->genop == GENOP_bs_match_string ? (last_i + 7) / 8 : last_i);
            break;
        case 't': case 'T': {
            uint64_t n = w;
            fputc('[', out);
            for (uint64_t i = 0; i < n; i++) {
                if (i) fputs(", ", out);
                if (*k == 't') print_term(out, code[p + i], 0);
                else fprintf(out, "%llu", (unsigned long long)code[p + i]);
                fprintf(out, " => @%llu", (unsigned long long)code[p + n + i]);
            }
            fputc(']', out);
            p += 2 * n;
            break;
        }
        case 'v': case 'Y': {
            uint64_t n = w;
            fputc('[', out);
            for (uint64_t i = 0; i < n; i++) {
                if (i) fputs(", ", out);
                if (*k == 'v') print_src(out, code[p + i]);
                else fprintf(out, "y%llu", (unsigned long long)code[p + i]);
            }
            fputc(']', out);
            p += n;
            break;
        }
        }
    }
    fputc('\n', out);
    return words;
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

static bool reg_ok(const ld_module_t *m, uint64_t w)
{
    return ld_is_reg(w) && ld_reg_index(w) < LD_MAX_REG && ld_reg_type(w) <= m->num_types;
}

const char *ops_validate(const ld_module_t *m)
{
    static _Thread_local char msg[200];
    const uint64_t *code = m->code;
    size_t len = m->code_size;
    if (!code || len == 0 || code[0] != OP_code_start) return "code does not start with code_start";
    uint8_t *start = calloc(len + 1, 1);
    uintptr_t *imps = calloc(m->num_imports + 1, sizeof *imps);
    if (!start || !imps) laser_oom("ops_validate", len);
    for (uint32_t i = 0; i < m->num_imports; i++) imps[i] = (uintptr_t)m->imports[i];
    qsort(imps, m->num_imports, sizeof *imps, cmp_ptr);
    const char *err = NULL;
#define BAD(...) do { snprintf(msg, sizeof msg, __VA_ARGS__); err = msg; goto out; } while (0)
    for (size_t pos = 0; pos < len;) {
        if (code[pos] >= OP__COUNT) BAD("@%zu: unknown op %llu", pos, (unsigned long long)code[pos]);
        size_t n = ops_insn_words((ops_t)code[pos], code, pos, len);
        if (!n) BAD("@%zu: %s runs past the end", pos, ops_info[code[pos]].name);
        start[pos] = 1;
        pos += n;
    }
    start[len] = 1; /* the end: a valid line_refs offset */
    for (size_t pos = 0; pos < len;) {
        ops_t op = (ops_t)code[pos];
        const ops_info_t *oi = &ops_info[op];
        size_t p = pos + 1;
        uint64_t last_i = 0;
        for (const char *k = oi->sig; *k; k++) {
            uint64_t w = code[p++];
            switch (*k) {
            case 'x': case 'y': case 'l':
                if (w >= LD_MAX_REG) BAD("@%zu %s: register %llu", pos, oi->name, (unsigned long long)w);
                break;
            case 'r': case 'd':
                if (!reg_ok(m, w)) BAD("@%zu %s: bad register word", pos, oi->name);
                break;
            case 's':
                if (ld_is_reg(w) ? !reg_ok(m, w) : w == THE_NON_VALUE) BAD("@%zu %s: bad source", pos, oi->name);
                break;
            case 'c': if (w == THE_NON_VALUE || ld_is_reg(w)) BAD("@%zu %s: bad constant", pos, oi->name); break;
            case 'I': if (!term_is_immed(w)) BAD("@%zu %s: not an immediate", pos, oi->name); break;
            case 'a': if (!term_is_atom(w)) BAD("@%zu %s: not an atom", pos, oi->name); break;
            case 'i': case 'h': last_i = w; break;
            case 'f': case 'j':
                if ((*k == 'j' && !w) || w >= len || (w && !start[w]))
                    BAD("@%zu %s: label operand @%llu is not an instruction", pos, oi->name, (unsigned long long)w);
                break;
            case 'e':
                if (!bsearch(&w, imps, m->num_imports, sizeof *imps, cmp_ptr))
                    BAD("@%zu %s: not one of the module's imports", pos, oi->name);
                break;
            case 'F': {
                bool found = false;
                for (uint32_t i = 0; i < m->num_lambdas && !found; i++) found = (uintptr_t)m->lambdas[i].fe == w;
                if (!found) BAD("@%zu %s: not one of the module's lambdas", pos, oi->name);
                break;
            }
            case 'L': if (w >= m->num_lines) BAD("@%zu %s: line index", pos, oi->name); break;
            case 'S': {
                uint64_t bytes = oi->genop == GENOP_bs_match_string ? (last_i + 7) / 8 : last_i;
                if (w > m->strings_size || bytes > m->strings_size - w) BAD("@%zu %s: string outside StrT", pos, oi->name);
                break;
            }
            case 't': case 'T':
                for (uint64_t i = 0; i < w; i++) {
                    if (i && code[p + i] <= code[p + i - 1]) BAD("@%zu %s: table not ascending", pos, oi->name);
                    uint64_t l = code[p + w + i];
                    if (!l || l >= len || !start[l]) BAD("@%zu %s: table label is not an instruction", pos, oi->name);
                }
                p += 2 * w;
                break;
            case 'v':
                for (uint64_t i = 0; i < w; i++)
                    if (ld_is_reg(code[p + i]) ? !reg_ok(m, code[p + i]) : code[p + i] == THE_NON_VALUE)
                        BAD("@%zu %s: bad list element", pos, oi->name);
                p += w;
                break;
            case 'Y':
                for (uint64_t i = 0; i < w; i++)
                    if (code[p + i] >= LD_MAX_REG) BAD("@%zu %s: bad y register", pos, oi->name);
                p += w;
                break;
            }
        }
        pos = p;
    }
    for (uint32_t i = 0; i < m->num_functions; i++) {
        const ld_function_t *f = &m->functions[i];
        if (f->info >= len || !start[f->info] || code[f->info] != OP_func_info || f->entry > len || !start[f->entry] ||
            (i && f->info <= m->functions[i - 1].info))
            BAD("function %u: bad offsets", i);
    }
    for (uint32_t i = 0; i < m->num_line_refs; i++)
        if (m->line_refs[i].offset > len || !start[m->line_refs[i].offset] || m->line_refs[i].line >= m->num_lines ||
            (i && m->line_refs[i].offset <= m->line_refs[i - 1].offset))
            BAD("line ref %u: bad offset or index", i);
    for (uint32_t i = 0; i < m->num_exports; i++)
        if (m->exports[i].entry >= len || !start[m->exports[i].entry]) BAD("export %u: bad entry", i);
    for (uint32_t i = 0; i < m->num_lambdas; i++)
        if (m->lambdas[i].entry >= len || !start[m->lambdas[i].entry]) BAD("lambda %u: bad entry", i);
#undef BAD
out:
    free(start);
    free(imps);
    return err;
}
