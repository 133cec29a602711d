/*
 * module.h - a loaded module (ld_module_t: what the loader builds from a
 * .beam) and the global module table (name -> current and old version, as
 * OTP keeps them for code upgrade and purge).
 *
 * A module owns everything it points at except the export and fun entries,
 * which are global (export.h, funtab.h); it holds one reference on each of
 * its fun entries. Code offsets are word indexes into `code`.
 */
#ifndef LASER_MODULE_H
#define LASER_MODULE_H

#include "export.h"
#include "funtab.h"
#include "heap.h"

#include <stdint.h>

/* A function: from its func_info instruction. */
typedef struct {
    term name;      /* atom */
    uint32_t arity;
    uint32_t info;  /* code offset of the func_info instruction */
    uint32_t entry; /* code offset of the first instruction after it */
} ld_function_t;

/* An exported or local function (ExpT / LocT row). */
typedef struct {
    term function;
    uint32_t arity;
    uint32_t label;
    uint32_t entry;     /* code offset */
    export_entry_t *ep; /* exports only: the global entry (LocT: NULL) */
    bool bif_stub;      /* its body only calls erlang:nif_error/1,2 (an OTP BIF's stub) */
} ld_export_t;

/* A lambda (FunT row). */
typedef struct {
    term function;     /* the local function implementing it */
    uint32_t arity;    /* of that function: fun arity + num_free */
    uint32_t label, entry, index, num_free, old_uniq;
    fun_entry_t *fe;   /* one reference held by the module */
} ld_lambda_t;

/* A location of the Line chunk; index 0 is "no location". */
typedef struct {
    uint32_t file; /* index into files; 0 = "<module>.erl" */
    uint32_t line;
} ld_line_t;

/* A `line` instruction: the location that applies from `offset` on. */
typedef struct {
    uint32_t offset; /* code offset of the next instruction */
    uint32_t line;   /* index into lines */
} ld_line_ref_t;

typedef struct {
    char *name; /* UTF-8, NUL-terminated */
    size_t len;
} ld_file_t;

/* A Type chunk entry (BEAM_TYPES_VERSION 1 of OTP 25: beam_types's
 * ext_type_mapping, one bit per kind of term a register may hold there;
 * the compiler's beam_validator proved them, and jit/ drops the checks
 * they make redundant, as OTP's own JIT does). */
enum {
    LD_T_ATOM = 1u << 0,
    LD_T_BITSTRING = 1u << 1,
    LD_T_BS_CONTEXT = 1u << 2, /* a match state */
    LD_T_CONS = 1u << 3,
    LD_T_FLOAT = 1u << 4,
    LD_T_FUN = 1u << 5,
    LD_T_INTEGER = 1u << 6, /* with min..max when min <= max (both smalls) */
    LD_T_MAP = 1u << 7,
    LD_T_NIL = 1u << 8,
    LD_T_PID = 1u << 9,
    LD_T_PORT = 1u << 10,
    LD_T_REFERENCE = 1u << 11,
    LD_T_TUPLE = 1u << 12,
    LD_T_ANY = (1u << 13) - 1,
};
typedef struct {
    uint16_t bits; /* union of BEAM_TYPE_* bits */
    int64_t min, max; /* integer range, min > max if none */
} ld_type_t;

/* A chunk kept as raw bytes (Dbgi, Docs, ExCk, Meta, unknown ones). */
typedef struct {
    char id[5];
    uint8_t *data;
    size_t size;
} ld_chunk_t;

typedef struct ld_module {
    term name; /* atom */

    uint64_t *code; /* internal instructions (ops.h) */
    size_t code_size; /* words */

    uint32_t *labels; /* label number -> code offset (0: undefined) */
    uint32_t num_labels;

    ld_function_t *functions; /* in code order */
    uint32_t num_functions;

    ld_export_t *exports; /* ExpT order */
    uint32_t num_exports;
    ld_export_t *locals; /* LocT order (may be empty: stripped beams) */
    uint32_t num_locals;

    export_entry_t **imports; /* ImpT order */
    uint32_t num_imports;

    ld_lambda_t *lambdas; /* FunT order */
    uint32_t num_lambdas;

    term *atoms; /* atom table; atoms[0] = [] */
    uint32_t num_atoms;

    heap_t literal_heap; /* literals, bignums and floats from the code, Attr, CInf */
    term *literals;
    uint32_t num_literals;

    uint8_t *strings; /* StrT */
    size_t strings_size;

    ld_line_t *lines; /* lines[0] = no location */
    uint32_t num_lines;
    ld_file_t *files; /* files[0] = "<module>.erl" */
    uint32_t num_files;
    ld_line_ref_t *line_refs; /* ascending offsets */
    uint32_t num_line_refs;
    uint32_t line_instr_count; /* as the Line chunk header says */

    ld_type_t *types; /* Type chunk, NULL if absent or of another version */
    uint32_t num_types;

    term attributes;   /* Attr chunk term, or NIL if absent */
    term compile_info; /* CInf chunk term, or NIL if absent */

    uint8_t md5[16]; /* module_info(md5) / beam_lib:md5 */

    ld_chunk_t *extra; /* other chunks, raw */
    uint32_t num_extra;

    uint32_t on_load; /* code offset of the on_load function's entry, or 0 */
    bool preloaded;   /* one of the erts modules loaded at start (erlang:pre_loaded/0) */

    /* Set when the interpreter threads the module (vm.c): the ops_t of the
     * instruction starting at each code offset, OPS_NONE inside operands,
     * since threaded op words are handler addresses that do not always
     * name one instruction. The JIT reads the code through it. */
    uint8_t *ops;
    void *jit; /* the JIT tier's data (jit/), NULL if none */
    void *nif; /* the NIF library erlang:load_nif loaded for it (nif.c), NULL if none */
} ld_module_t;
#define OPS_NONE 0xFF

/* Called by module_free before a module with JIT data is freed (jit/ sets
 * it; the native code of a purged module is freed there). True: a
 * compilation of m is in progress, and the JIT calls module_free(m)
 * again when it ends (the caller does not wait for it). */
extern bool (*module_jit_free_hook)(ld_module_t *m);

/* Free a module that is not installed (or after module_purge). */
void module_free(ld_module_t *m);
/* Free a module whose code ran, except its literals (processes may hold
 * terms in them): those stay for the VM's life. */
void module_retire(ld_module_t *m);

/* Function whose code contains offset `pos`, or NULL. */
const ld_function_t *module_function_at(const ld_module_t *m, size_t pos);
/* Location index (into m->lines) that applies at code offset pos, or 0. */
uint32_t module_line_at(const ld_module_t *m, size_t pos);
/* Look up a raw extra chunk by id, NULL if absent. */
const ld_chunk_t *module_chunk(const ld_module_t *m, const char id[4]);

/* ---- the module table ---- */
typedef enum {
    MODULE_OK = 0,
    MODULE_NOT_PURGED, /* an old version exists: purge it first (OTP: not_purged) */
    MODULE_UNKNOWN,    /* never loaded */
} module_err_t;

/* Make m the current version of its module: the previous current version
 * becomes old, exports are bound to m's code. */
module_err_t module_install(ld_module_t *m);
/* on_load (OTP's finish_loading / finish_after_on_load): a module with an
 * on_load function is first installed as pending - its funs bound, its
 * exports not, the current version left as it is - and becomes current
 * only once that function returned ok. MODULE_NOT_PURGED if a version is
 * already pending or an old version is in the way. */
module_err_t module_install_pending(ld_module_t *m);
/* The pending version, or NULL. */
ld_module_t *module_pending(term name);
/* End the pending state: keep (install as current; NULL returned) or drop
 * it (the module is returned for the caller to free). */
ld_module_t *module_finish_on_load(term name, bool keep);
/* erlang:finish_after_on_load/2: keep makes the pending version current
 * (the current one becomes old); otherwise it stays, unbound, until
 * module_purge_prepare(name, true) makes it the old version to purge.
 * -1 if no on_load is pending. */
int module_on_load_done(term name, bool keep);
/* erts_internal:purge_module/2, one module at a time: prepare returns 1
 * if there is old code to purge (on_load: the failed on_load version), 0
 * if none, -1 if a purge is under way; end (complete or abort) returns 1
 * if old code was freed, 0 if not, -1 if name is not being purged. */
int module_purge_prepare(term name, bool on_load);
int module_purge_end(term name, bool complete);
/* Does pc point into the old version of name (check_process_code)? */
bool module_old_contains(term name, const void *pc);
/* Current / old version, or NULL. */
ld_module_t *module_current(term name);
ld_module_t *module_old(term name);
/* Free the old version (false if none; its literals stay). */
bool module_purge(term name);
/* Make the current version (if any) old, unbinding its exports
 * (erlang:delete_module): MODULE_UNKNOWN for a module never loaded,
 * MODULE_NOT_PURGED while an old version is there. */
module_err_t module_delete(term name);
/* The installed module (current or old version) whose code contains the
 * address pc, or NULL (stack traces, the interpreter's function lookups). */
ld_module_t *module_by_code(const void *pc);
/* Number of modules with a current version. */
size_t module_count(void);
/* The names of the modules with current or old code (erlang:loaded/0), in
 * table order: up to cap of them go to out; returns how many there are. */
size_t module_current_names(term *out, size_t cap);
/* Bytes of loaded code, current and old versions (erlang:memory(code)). */
size_t module_memory(void);

#endif
