/*
 * ops.c - the instruction tables of ops.h, expanded from genop.def and
 * ops.def, and the helpers that read them.
 */
#include "ops.h"

#include <stdio.h>
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
            if (!strchr("xyrdscIaihfjeFLlStTvY", oi->sig[j])) {
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
    for (int i = 1; i <= LD_GENOP_MAX; i++)
        if (ops_genop[i].kind == LD_G_TABLE && !has_variant[i]) {
            snprintf(msg, sizeof msg, "generic %s/%d has no internal instruction", ops_genop[i].name,
                     ops_genop[i].arity);
            return msg;
        }
    return NULL;
}
