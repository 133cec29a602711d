/*
 * test_loader.c - the BEAM loader (src/loader.c) and the `laser` command line.
 *
 *   - every .beam of the OTP and Elixir installs loads, and the loader's
 *     output passes ops_validate;
 *   - modules compiled here with erlc (the .erl files of tests/data/loader)
 *     have the
 *     the expected exports, functions, lambdas, line table, literals,
 *     types, attributes and on_load entry, and the md5 erl reports;
 *   - thousands of mutated files (every truncation, bit flips, chunk sizes)
 *     load or fail with a one-line reason, never crash (run under ASan);
 *   - hand-assembled files with one defect each fail with the right reason;
 *   - `laser --check-load`, `--dis`, `--version` and the usage exit code.
 */
#include <criterion/criterion.h>
#include <ftw.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atom.h"
#include "bin.h"
#include "big.h"
#include "cmp.h"
#include "map.h"
#include "../src/loader.h"
#include "../src/ops.h"
#include "support/oracle.h"

TestSuite(loader, .init = ld_init);

/* Criterion's parallel runner leaks 48 bytes of its own when long tests
 * overlap; that is not ours, so LeakSanitizer is told to ignore it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libcriterion.so\n"; }

/* ---- helpers ---- */

static ld_module_t *load_bytes(const uint8_t *b, size_t n, char *err)
{
    ld_module_t *m = NULL;
    int rc = ld_load_binary(THE_NON_VALUE, b, n, &m, err);
    if (rc == 0) {
        cr_assert_not_null(m);
        const char *bad = ops_validate(m);
        cr_assert_null(bad, "loaded code fails validation: %s", bad ? bad : "");
    } else {
        cr_assert_eq(rc, -1);
        cr_assert_null(m);
        cr_assert_gt(strlen(err), 0, "a failed load must give a reason");
        cr_assert_null(strchr(err, '\n'), "the reason is one line: %s", err);
    }
    return m;
}

static bool atom_is(term a, const char *s)
{
    size_t n;
    const uint8_t *p = atom_text(a, &n);
    return n == strlen(s) && memcmp(p, s, n) == 0;
}

/* Compile tests/data/loader/NAME.erl with erlc (once per build tree: into a
 * private directory, then renamed into place, since tests run in parallel)
 * and return the path of the .beam. */
static const char *fixture(const char *name)
{
    static char path[8192];
    char src[4096], dir[2048], tmp[4096], cmd[12288];
    snprintf(src, sizeof src, "%s/tests/data/loader/%s.erl", LASER_SOURCE_DIR, name);
    snprintf(dir, sizeof dir, "%s/loader", LASER_BINARY_DIR);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/%s.beam", dir, name);
    struct stat s_src, s_beam;
    cr_assert_eq(stat(src, &s_src), 0, "missing fixture %s", src);
    if (stat(path, &s_beam) == 0 && s_beam.st_mtime >= s_src.st_mtime) return path;
    snprintf(tmp, sizeof tmp, "%s/tmp.%d", dir, (int)getpid());
    mkdir(tmp, 0777);
    snprintf(cmd, sizeof cmd, "erlc -o '%s' '%s'", tmp, src);
    cr_assert_eq(system(cmd), 0, "erlc failed: %s", cmd);
    char built[8192];
    snprintf(built, sizeof built, "%s/%s.beam", tmp, name);
    cr_assert_eq(rename(built, path), 0, "cannot move %s", built);
    rmdir(tmp);
    return path;
}

static ld_module_t *load_fixture(const char *name)
{
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = NULL;
    int rc = ld_load_file(fixture(name), THE_NON_VALUE, &m, err);
    cr_assert_eq(rc, 0, "%s: %s", name, err);
    const char *bad = ops_validate(m);
    cr_assert_null(bad, "%s: %s", name, bad ? bad : "");
    return m;
}

static const ld_function_t *find_function(const ld_module_t *m, const char *name, uint32_t arity)
{
    for (uint32_t i = 0; i < m->num_functions; i++)
        if (atom_is(m->functions[i].name, name) && m->functions[i].arity == arity) return &m->functions[i];
    cr_assert_fail("function %s/%u not found", name, arity);
    return NULL;
}

/* Offset of a function's first instruction after the i_func_entry that the
 * loader puts at every entry label. */
static uint32_t fn_body(const ld_module_t *m, const ld_function_t *f)
{
    cr_assert_eq(m->code[f->entry], OP_i_func_entry, "no i_func_entry at the entry");
    return f->entry + 3;
}

/* The constant loaded by the first instruction of a function of the form
 * `move Literal, x0; return`. */
static term first_move_constant(const ld_module_t *m, const char *name, uint32_t arity)
{
    const ld_function_t *f = find_function(m, name, arity);
    cr_assert_eq(m->code[fn_body(m, f)], OP_move_c_x, "%s/%u does not start with move_c_x", name, arity);
    return m->code[fn_body(m, f) + 1];
}

/* All .beam files of the OTP and Elixir installs. */
static glob_t all_beams(void)
{
    glob_t g;
    cr_assert_eq(glob("/usr/lib/erlang/lib/*/ebin/*.beam", 0, NULL, &g), 0);
    cr_assert_eq(glob("/usr/lib/elixir/lib/*/ebin/*.beam", GLOB_APPEND, NULL, &g), 0);
    return g;
}

/* ---- the tables ---- */

Test(loader, instruction_tables_are_consistent)
{
    const char *e = ops_check_tables();
    cr_assert_null(e, "%s", e ? e : "");
    /* the binary construction of OTP-24-compiled Elixir beams must load */
    static const int old_ops[] = {GENOP_bs_init2, GENOP_bs_init_bits, GENOP_bs_add, GENOP_bs_append,
                                  GENOP_bs_private_append, GENOP_bs_put_integer, GENOP_bs_put_binary,
                                  GENOP_bs_put_float, GENOP_bs_put_string, GENOP_bs_utf8_size, GENOP_bs_put_utf8};
    for (size_t i = 0; i < sizeof old_ops / sizeof old_ops[0]; i++)
        cr_assert_eq(ops_genop[old_ops[i]].kind, LD_G_TABLE, "%s", ops_genop[old_ops[i]].name);
    /* and what OTP 25 refuses, we refuse */
    cr_assert_eq(ops_genop[GENOP_m_plus].kind, LD_G_OBSOLETE);
    cr_assert_eq(ops_genop[GENOP_bs_start_match].kind, LD_G_OBSOLETE);
}

/* ---- every installed .beam ---- */

/* beam_lib:md5/1 of every installed module, from erl: "HEX PATH" lines in
 * glob order (tests/data/loader/md5.escript). */
static char **md5_oracle(size_t n)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "escript '%s/tests/data/loader/md5.escript' /usr/lib/erlang/lib /usr/lib/elixir/lib",
             LASER_SOURCE_DIR);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char **lines = calloc(n + 1, sizeof *lines);
    char buf[8192];
    size_t i = 0;
    while (fgets(buf, sizeof buf, p)) {
        cr_assert_lt(i, n, "md5.escript lists more files than glob");
        buf[strcspn(buf, "\n")] = 0;
        lines[i++] = strdup(buf);
    }
    cr_assert_eq(pclose(p), 0, "md5.escript failed");
    cr_assert_eq(i, n, "md5.escript listed %zu files, glob %zu", i, n);
    return lines;
}

Test(loader, every_otp_and_elixir_beam_loads_with_erls_md5, .timeout = 600)
{
    glob_t g = all_beams();
    char **want = md5_oracle(g.gl_pathc);
    size_t ok = 0, elixir = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        char err[LD_ERRBUF_SIZE];
        ld_module_t *m = NULL;
        if (ld_load_file(g.gl_pathv[i], THE_NON_VALUE, &m, err) != 0) {
            cr_log_error("%s: %s", g.gl_pathv[i], err);
            continue;
        }
        const char *bad = ops_validate(m);
        char hex[33];
        for (int j = 0; j < 16; j++) snprintf(hex + 2 * j, 3, "%02X", m->md5[j]);
        if (bad) cr_log_error("%s: validation: %s", g.gl_pathv[i], bad);
        else if (strncmp(want[i], hex, 32) != 0 || strcmp(want[i] + 33, g.gl_pathv[i]) != 0)
            cr_log_error("%s: md5 %s, erl: %s", g.gl_pathv[i], hex, want[i]);
        else ok++;
        if (strstr(g.gl_pathv[i], "/elixir/")) elixir++;
        module_free(m);
        free(want[i]);
    }
    free(want);
    /* the install has ~1250 OTP and ~420 Elixir modules */
    cr_assert_gt(g.gl_pathc, 1500, "only %zu .beam files found", g.gl_pathc);
    cr_assert_gt(elixir, 400);
    cr_assert_eq(ok, g.gl_pathc, "%zu of %zu loaded with the right md5", ok, g.gl_pathc);
    globfree(&g);
}

/* ---- a module compiled here ---- */

Test(loader, sample_exports_and_functions)
{
    ld_module_t *m = load_fixture("ld_sample");
    cr_assert(atom_is(m->name, "ld_sample"));
    static const struct { const char *name; uint32_t arity; } want[] = {
        {"add", 2}, {"lit", 0}, {"mk_fun", 1}, {"big", 0}, {"neg_big", 0}, {"flt", 1},
        {"sel", 1}, {"bin", 1}, {"recv", 0}, {"str", 1}, {"module_info", 0}, {"module_info", 1}};
    size_t nwant = sizeof want / sizeof want[0];
    cr_assert_eq(m->num_exports, nwant);
    for (size_t i = 0; i < nwant; i++) {
        bool found = false;
        for (uint32_t j = 0; j < m->num_exports; j++) {
            const ld_export_t *e = &m->exports[j];
            if (!atom_is(e->function, want[i].name) || e->arity != want[i].arity) continue;
            found = true;
            cr_assert_not_null(e->ep);
            cr_assert_eq(e->ep->module, m->name);
            cr_assert_eq(e->entry, find_function(m, want[i].name, want[i].arity)->entry);
            cr_assert_eq(m->code[find_function(m, want[i].name, want[i].arity)->info], OP_func_info);
        }
        cr_assert(found, "export %s/%u missing", want[i].name, want[i].arity);
    }
    /* 12 exported functions and the lambda's implementation */
    cr_assert_eq(m->num_functions, 13);
    find_function(m, "-mk_fun/1-fun-0-", 2);
    /* functions are in code order, func_info before entry */
    for (uint32_t i = 0; i < m->num_functions; i++) {
        cr_assert_lt(m->functions[i].info, m->functions[i].entry);
        if (i) cr_assert_lt(m->functions[i - 1].entry, m->functions[i].info);
        cr_assert_eq(module_function_at(m, m->functions[i].entry), &m->functions[i]);
    }
    /* imports are export entries, without code until erlang is loaded */
    bool plus = false;
    for (uint32_t i = 0; i < m->num_imports; i++) {
        export_entry_t *e = m->imports[i];
        if (atom_is(e->module, "erlang") && atom_is(e->function, "+") && e->arity == 2) plus = true;
        cr_assert_eq(export_get(e->module, e->function, e->arity), e);
    }
    cr_assert(plus, "erlang:'+'/2 not imported");
    module_free(m);
}

Test(loader, sample_lambda_is_bound_to_a_fun_entry)
{
    ld_module_t *m = load_fixture("ld_sample");
    cr_assert_eq(m->num_lambdas, 1);
    const ld_lambda_t *l = &m->lambdas[0];
    cr_assert(atom_is(l->function, "-mk_fun/1-fun-0-"));
    cr_assert_eq(l->arity, 2);
    cr_assert_eq(l->num_free, 1);
    cr_assert_eq(l->entry, find_function(m, "-mk_fun/1-fun-0-", 2)->entry);
    cr_assert_not_null(l->fe);
    cr_assert_eq(l->fe->module, m->name);
    cr_assert_eq(l->fe->index, l->index);
    cr_assert_arr_eq(l->fe->uniq, m->md5, 16, "a fun's uniq is its module's md5");
    /* make_fun3 in mk_fun/1 refers to that entry */
    const ld_function_t *f = find_function(m, "mk_fun", 1);
    bool seen = false;
    for (size_t pos = f->entry; pos < m->code_size && !seen;) {
        if (m->code[pos] == OP_make_fun3) {
            cr_assert_eq(m->code[pos + 1], (uint64_t)(uintptr_t)l->fe);
            seen = true;
        }
        size_t n = ops_insn_words((ops_t)m->code[pos], m->code, pos, m->code_size);
        cr_assert_gt(n, 0);
        pos += n;
    }
    cr_assert(seen, "no make_fun3 in mk_fun/1");
    module_free(m);
}

Test(loader, sample_line_table)
{
    ld_module_t *m = load_fixture("ld_sample");
    const ld_function_t *f = find_function(m, "add", 2);
    uint32_t head = module_line_at(m, f->info), body = module_line_at(m, fn_body(m, f));
    cr_assert_neq(head, 0);
    cr_assert_eq(m->lines[head].line, 13, "add/2 head on line %u", m->lines[head].line);
    cr_assert_eq(m->lines[body].line, 14, "add/2 body on line %u", m->lines[body].line);
    const ld_file_t *file = &m->files[m->lines[body].file];
    cr_assert_geq(file->len, strlen("ld_sample.erl"));
    cr_assert_str_eq(file->name + file->len - strlen("ld_sample.erl"), "ld_sample.erl");
    cr_assert_str_eq(m->files[0].name, "ld_sample.erl");
    cr_assert_gt(m->line_instr_count, 0);
    module_free(m);
}

Test(loader, sample_literals)
{
    ld_module_t *m = load_fixture("ld_sample");
    heap_t h;
    heap_init(&h);
    /* {tag, [1, 2.5, <<"bin">>, "str"], #{k => v}} */
    term str = heap_make_list(&h, (term[]){term_from_small('s'), term_from_small('t'), term_from_small('r')}, 3, NIL);
    term list = heap_make_list(&h,
                               (term[]){term_from_small(1), heap_make_float(&h, 2.5),
                                        bin_make(&h, (const uint8_t *)"bin", 3, NULL), str},
                               4, NIL);
    term k = atom_from_cstr("k"), v = atom_from_cstr("v");
    term want = heap_make_tuple(&h, 3, (term[]){atom_from_cstr("tag"), list, map_from_pairs(&h, &k, &v, 1)});
    term got = first_move_constant(m, "lit", 0);
    cr_assert(cmp_eq_exact(got, want), "lit/0 literal differs");
    /* big integers in the code become bignum literals */
    char *s = int_to_text(first_move_constant(m, "big", 0), 10);
    cr_assert_str_eq(s, "123456789012345678901234567890");
    free(s);
    s = int_to_text(first_move_constant(m, "neg_big", 0), 10);
    cr_assert_str_eq(s, "-98765432109876543210987654321");
    free(s);
    heap_free(&h);
    module_free(m);
}

Test(loader, sample_attributes_types_and_chunks)
{
    ld_module_t *m = load_fixture("ld_sample");
    heap_t h;
    heap_init(&h);
    term inner = heap_make_list(&h, (term[]){term_from_small(1), term_from_small(2), term_from_small(3)}, 3, NIL);
    term hello = heap_make_tuple(&h, 2, (term[]){atom_from_cstr("hello"), inner});
    term want = heap_make_tuple(&h, 2, (term[]){atom_from_cstr("my_attr"), heap_make_list(&h, &hello, 1, NIL)});
    bool found = false;
    for (term l = m->attributes; term_is_list(l); l = term_cdr(l)) found |= cmp_eq_exact(term_car(l), want);
    cr_assert(found, "attribute my_attr missing from Attr");
    /* CInf is a proplist with the compiler version */
    bool version = false;
    cr_assert(term_is_list(m->compile_info));
    for (term l = m->compile_info; term_is_list(l); l = term_cdr(l)) {
        term e = term_car(l);
        if (term_is_tuple(e) && term_tuple_arity(e) == 2 && atom_is(term_tuple_elems(e)[0], "version")) version = true;
    }
    cr_assert(version);
    /* OTP 25 Type chunk: entry 0 is "any", typed registers refer to it */
    cr_assert_geq(m->num_types, 2);
    cr_assert_eq(m->types[0].bits, 0x1FFF);
    cr_assert_gt(m->types[0].min, m->types[0].max);
    /* erlc keeps Dbgi-less files but always writes these */
    cr_assert_not_null(module_chunk(m, "Meta"));
    cr_assert_eq(m->on_load, 0);
    heap_free(&h);
    module_free(m);
}

Test(loader, on_load_function)
{
    ld_module_t *m = load_fixture("ld_onload");
    const ld_function_t *f = find_function(m, "init", 0);
    cr_assert_eq(m->on_load, f->entry);
    cr_assert_eq(m->code[fn_body(m, f)], OP_on_load);
    module_free(m);
}

Test(loader, name_hint_must_match)
{
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = NULL;
    cr_assert_eq(ld_load_file(fixture("ld_sample"), atom_from_cstr("other"), &m, err), -1);
    cr_assert(strstr(err, "module name"), "%s", err);
    cr_assert_eq(ld_load_file(fixture("ld_sample"), atom_from_cstr("ld_sample"), &m, err), 0, "%s", err);
    module_free(m);
}

/* ---- md5 against erl ---- */

Test(loader, md5_matches_erl, .timeout = 120)
{
    const char *sample = fixture("ld_sample");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/loader", LASER_BINARY_DIR);
    struct { const char *mod, *path; } mods[] = {
        {"ld_sample", sample},
        {"lists", "/usr/lib/erlang/lib/stdlib-4.2/ebin/lists.beam"},
        {"gen_server", "/usr/lib/erlang/lib/stdlib-4.2/ebin/gen_server.beam"},
        {"code", "/usr/lib/erlang/lib/kernel-8.5.3/ebin/code.beam"},
        {"list_to_atom(\"Elixir.Enum\")", "/usr/lib/elixir/lib/elixir/ebin/Elixir.Enum.beam"},
    };
    size_t n = sizeof mods / sizeof mods[0];
    char cmd[8192], list[1024] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(list, i ? "," : "");
        strcat(list, mods[i].mod);
    }
    snprintf(cmd, sizeof cmd,
             "erl -noshell -pa '%s' -pa /usr/lib/elixir/lib/elixir/ebin -eval "
             "'[io:format(\"~s~n\", [binary:encode_hex(M:module_info(md5))]) || M <- [%s]], halt().'",
             dir, list);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    for (size_t i = 0; i < n; i++) {
        char line[128];
        cr_assert_not_null(fgets(line, sizeof line, p), "erl gave no md5 for %s", mods[i].mod);
        char err[LD_ERRBUF_SIZE];
        ld_module_t *m = NULL;
        cr_assert_eq(ld_load_file(mods[i].path, THE_NON_VALUE, &m, err), 0, "%s: %s", mods[i].path, err);
        char hex[33];
        for (int j = 0; j < 16; j++) snprintf(hex + 2 * j, 3, "%02X", m->md5[j]);
        cr_assert_eq(strncmp(line, hex, 32), 0, "%s: md5 %s, erl says %.32s", mods[i].mod, hex, line);
        module_free(m);
    }
    pclose(p);
}

/* ---- mutated files ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

Test(loader, every_truncation_of_small_beams, .timeout = 300)
{
    const char *names[] = {"ld_sample", "ld_onload"};
    for (size_t k = 0; k < 2; k++) {
        size_t len;
        uint8_t *b = read_file(fixture(names[k]), &len);
        cr_assert_not_null(b);
        for (size_t cut = 0; cut < len; cut++) {
            char err[LD_ERRBUF_SIZE];
            /* a private copy of exactly `cut` bytes, so ASan sees any overread */
            uint8_t *c = malloc(cut ? cut : 1);
            memcpy(c, b, cut);
            ld_module_t *m = load_bytes(c, cut, err);
            /* the IFF form size covers the whole file: any cut is an error */
            cr_assert_null(m, "%s cut at %zu loaded", names[k], cut);
            module_free(m);
            free(c);
        }
        free(b);
    }
}

/* Offsets of the size fields of a file's chunks (at most max). */
static size_t chunk_size_fields(const uint8_t *b, size_t len, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t off = 12; off + 8 <= len && n < max;) {
        uint32_t size = (uint32_t)b[off + 4] << 24 | (uint32_t)b[off + 5] << 16 | (uint32_t)b[off + 6] << 8 | b[off + 7];
        out[n++] = off + 4;
        off += 8 + (((size_t)size + 3) & ~(size_t)3);
    }
    return n;
}

Test(loader, random_bit_flips_and_chunk_sizes, .timeout = 600)
{
    glob_t g = all_beams();
    rng_state = 0x1234567887654321u;
    size_t loaded = 0, failed = 0;
    /* every 40th file (about 40 files, OTP and Elixir alike), skipping big ones */
    for (size_t i = 0; i < g.gl_pathc; i += 40) {
        size_t len;
        uint8_t *orig = read_file(g.gl_pathv[i], &len);
        cr_assert_not_null(orig);
        if (len > 60000) {
            free(orig);
            continue;
        }
        uint8_t *b = malloc(len);
        for (int round = 0; round < 60; round++) {
            memcpy(b, orig, len);
            if (round < 45) {
                /* 1..4 flipped bits anywhere past the IFF header */
                int flips = 1 + (int)(rng() % 4);
                for (int f = 0; f < flips; f++) {
                    size_t pos = 12 + rng() % (len - 12);
                    b[pos] ^= (uint8_t)(1u << (rng() % 8));
                }
            } else {
                /* one chunk's size: small changes, huge values, zero */
                size_t fields[64];
                size_t nf = chunk_size_fields(b, len, fields, 64);
                size_t at = fields[rng() % nf];
                uint32_t v = (uint32_t)b[at] << 24 | (uint32_t)b[at + 1] << 16 | (uint32_t)b[at + 2] << 8 | b[at + 3];
                switch (rng() % 4) {
                case 0: v += 1 + (uint32_t)(rng() % 8); break;
                case 1: v -= 1 + (uint32_t)(rng() % 8); break;
                case 2: v = (uint32_t)rng(); break;
                default: v = 0; break;
                }
                b[at] = (uint8_t)(v >> 24);
                b[at + 1] = (uint8_t)(v >> 16);
                b[at + 2] = (uint8_t)(v >> 8);
                b[at + 3] = (uint8_t)v;
            }
            char err[LD_ERRBUF_SIZE];
            ld_module_t *m = load_bytes(b, len, err);
            if (m) loaded++;
            else failed++;
            module_free(m);
        }
        free(b);
        free(orig);
    }
    globfree(&g);
    /* both outcomes must occur, or the mutations test nothing */
    cr_assert_gt(failed, 500, "%zu failed", failed);
    cr_assert_gt(loaded, 50, "%zu loaded", loaded);
}

/* ---- hand-assembled files, one defect each ---- */

typedef struct {
    uint8_t *d;
    size_t n, cap;
} buf_t;

static void put(buf_t *b, const void *p, size_t n)
{
    if (!n) return;
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->d = realloc(b->d, b->cap);
    }
    memcpy(b->d + b->n, p, n);
    b->n += n;
}
static void put_u32(buf_t *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put(b, x, 4);
}
static void put_chunk(buf_t *b, const char *id, const buf_t *c)
{
    put(b, id, 4);
    put_u32(b, (uint32_t)c->n);
    put(b, c->d, c->n);
    static const uint8_t pad[3] = {0, 0, 0};
    put(b, pad, (4 - c->n % 4) % 4);
}

typedef struct {
    const uint8_t *code;
    size_t ncode;
    uint32_t head, version, opmax, labels, functions;
    uint32_t export_label;
    struct {
        const char *id; /* NULL: unused */
        const uint8_t *data;
        size_t len;
    } extra[3]; /* more chunks (Type, FunT, Line, ...) */
} spec_t;

/* Module m, atoms m f ok, exporting f/0; code as given. */
static const uint8_t good_code[] = {
    0x01, 0x10,             /* label 1 */
    0x02, 0x12, 0x22, 0x00, /* func_info m f 0 */
    0x01, 0x20,             /* label 2 */
    0x40, 0x32, 0x03,       /* move ok x0 */
    0x13,                   /* return */
    0x03,                   /* int_code_end */
};

static spec_t good_spec(void)
{
    return (spec_t){good_code, sizeof good_code, 16, 0, 180, 3, 1, 2, {{0}}};
}

static uint8_t *assemble(const spec_t *s, size_t *len)
{
    buf_t atoms = {0}, code = {0}, imp = {0}, exp = {0}, str = {0}, form = {0}, file = {0};
    put_u32(&atoms, 3);
    put(&atoms, "\1m\1f\2ok", 7);
    put_u32(&code, s->head);
    put_u32(&code, s->version);
    put_u32(&code, s->opmax);
    put_u32(&code, s->labels);
    put_u32(&code, s->functions);
    for (uint32_t i = 16; i < s->head; i++) put(&code, "", 1);
    put(&code, s->code, s->ncode);
    put_u32(&imp, 1); /* one import: m:f/0 itself */
    put_u32(&imp, 1);
    put_u32(&imp, 2);
    put_u32(&imp, 0);
    put_u32(&exp, 1);
    put_u32(&exp, 2);
    put_u32(&exp, 0);
    put_u32(&exp, s->export_label);
    put(&form, "BEAM", 4);
    put_chunk(&form, "AtU8", &atoms);
    put_chunk(&form, "Code", &code);
    put_chunk(&form, "StrT", &str);
    put_chunk(&form, "ImpT", &imp);
    put_chunk(&form, "ExpT", &exp);
    for (int i = 0; i < 3 && s->extra[i].id; i++) {
        buf_t x = {0};
        put(&x, s->extra[i].data, s->extra[i].len);
        put_chunk(&form, s->extra[i].id, &x);
        free(x.d);
    }
    put(&file, "FOR1", 4);
    put_u32(&file, (uint32_t)form.n);
    put(&file, form.d, form.n);
    free(atoms.d);
    free(code.d);
    free(imp.d);
    free(exp.d);
    free(str.d);
    free(form.d);
    *len = file.n;
    return file.d;
}

/* Load a spec; expect success (want == NULL) or an error containing want. */
static void expect(const spec_t *s, const char *want)
{
    size_t len;
    uint8_t *b = assemble(s, &len);
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = load_bytes(b, len, err);
    if (!want) {
        cr_assert_not_null(m, "hand-assembled module fails: %s", err);
    } else {
        cr_assert_null(m, "loaded, but expected an error with '%s'", want);
        cr_assert(strstr(err, want), "error '%s' does not mention '%s'", err, want);
    }
    module_free(m);
    free(b);
}

static spec_t with_code(const uint8_t *code, size_t n)
{
    spec_t s = good_spec();
    s.code = code;
    s.ncode = n;
    return s;
}

Test(loader, hand_assembled_module_loads)
{
    spec_t s = good_spec();
    size_t len;
    uint8_t *b = assemble(&s, &len);
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = load_bytes(b, len, err);
    cr_assert_not_null(m, "%s", err);
    cr_assert(atom_is(m->name, "m"));
    cr_assert_eq(m->num_functions, 1);
    cr_assert_eq(m->num_exports, 1);
    cr_assert_eq(m->exports[0].entry, m->functions[0].entry);
    /* move ok x0 picked the specialised variant */
    cr_assert_eq(m->code[fn_body(m, &m->functions[0])], OP_move_c_x);
    cr_assert_eq(m->code[fn_body(m, &m->functions[0]) + 1], atom_from_cstr("ok"));
    cr_assert_eq(m->code[fn_body(m, &m->functions[0]) + 3], OP_return);
    module_free(m);
    free(b);
}

Test(loader, truncated_file)
{
    spec_t s = good_spec();
    size_t len;
    uint8_t *b = assemble(&s, &len);
    char err[LD_ERRBUF_SIZE];
    cr_assert_null(load_bytes(b, len / 2, err));
    cr_assert(strstr(err, "truncated"), "%s", err);
    cr_assert_null(load_bytes(b, 3, err));
    cr_assert(strstr(err, "not a BEAM file"), "%s", err);
    free(b);
}

Test(loader, bad_chunk_size)
{
    spec_t s = good_spec();
    size_t len;
    uint8_t *b = assemble(&s, &len);
    /* the first chunk (AtU8) claims 1000 bytes */
    b[16] = 0, b[17] = 0, b[18] = 0x03, b[19] = 0xE8;
    char err[LD_ERRBUF_SIZE];
    cr_assert_null(load_bytes(b, len, err));
    cr_assert(strstr(err, "exceeds"), "%s", err);
    free(b);
}

Test(loader, bad_code_headers)
{
    spec_t s = good_spec();
    s.head = 8;
    expect(&s, "sub-header");
    s = good_spec();
    s.head = 24; /* a longer sub-header is skipped */
    expect(&s, NULL);
    s = good_spec();
    s.version = 1;
    expect(&s, "instruction set version");
    s = good_spec();
    s.opmax = 181;
    expect(&s, "newer");
    s = good_spec();
    s.functions = 2;
    expect(&s, "functions");
    s = good_spec();
    s.labels = 2; /* label 2 is then out of range */
    expect(&s, "out of range");
}

Test(loader, bad_compact_terms)
{
    static const uint8_t truncated[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x40, 0x32};
    spec_t s = with_code(truncated, sizeof truncated);
    expect(&s, "truncated");
    /* move ok x5000: x register out of range */
    static const uint8_t bigreg[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x40, 0x32, 0x1B, 0x13, 0x88, 0x13, 0x03};
    s = with_code(bigreg, sizeof bigreg);
    expect(&s, "register number out of range");
    /* move with an atom index past the table */
    static const uint8_t badatom[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x40, 0x72, 0x03, 0x13, 0x03};
    s = with_code(badatom, sizeof badatom);
    expect(&s, "atom index");
    /* an unknown extended tag z7 */
    static const uint8_t badz[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x40, 0x77, 0x03, 0x13, 0x03};
    s = with_code(badz, sizeof badz);
    expect(&s, "extended");
    /* a literal index without a LitT chunk */
    static const uint8_t badlit[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x40, 0x47, 0x00, 0x03, 0x13, 0x03};
    s = with_code(badlit, sizeof badlit);
    expect(&s, "literal index");
}

Test(loader, bad_instructions)
{
    /* opcode 181 does not exist */
    static const uint8_t unknown[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0xB5, 0x03};
    spec_t s = with_code(unknown, sizeof unknown);
    expect(&s, "unknown opcode 181");
    /* m_plus (27) is obsolete */
    static const uint8_t obsolete[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x1B, 0x03};
    s = with_code(obsolete, sizeof obsolete);
    expect(&s, "obsolete");
    /* no int_code_end */
    s = with_code(good_code, sizeof good_code - 1);
    expect(&s, "int_code_end");
    /* jump to label 5 with 6 labels, label 5 never defined */
    static const uint8_t undefined[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x3D, 0x55, 0x03};
    s = with_code(undefined, sizeof undefined);
    s.labels = 6;
    expect(&s, "label 5 used but not defined");
    /* call_ext 0, import 7 (there is one import) */
    static const uint8_t badimport[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x07, 0x00, 0x70, 0x03};
    s = with_code(badimport, sizeof badimport);
    expect(&s, "import index out of range");
    /* call_ext 3, import 0 (m:f/0): arity mismatch */
    static const uint8_t badarity[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x07, 0x30, 0x00, 0x03};
    s = with_code(badarity, sizeof badarity);
    expect(&s, "arity");
    /* move x0, 5 (the destination is not a register) */
    static const uint8_t baddst[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x40, 0x03, 0x51, 0x13, 0x03};
    s = with_code(baddst, sizeof baddst);
    expect(&s, "operand 2");
    /* label 2 defined twice */
    static const uint8_t twice[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x01, 0x20, 0x13, 0x03};
    s = with_code(twice, sizeof twice);
    expect(&s, "defined twice");
    /* the export names the func_info label, not the entry */
    s = good_spec();
    s.export_label = 1;
    expect(&s, "ExpT");
}

/* The hand-assembled module with more chunks and code, loaded or failing. */
static ld_module_t *load_spec(const spec_t *s, char *err)
{
    size_t len;
    uint8_t *b = assemble(s, &len);
    ld_module_t *m = load_bytes(b, len, err);
    free(b);
    return m;
}

Test(loader, hand_assembled_types)
{
    /* Type version 1: entry 0 "any", entry 1 integer 0..9 (OTP 25 bit 6) */
    static const uint8_t types[] = {0, 0, 0, 1, 0, 0, 0, 2,
                                    0x1F, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                    0x00, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
    /* put_list x0/t1 [] x1 (a source keeps its type; x kinds drop it) */
    static const uint8_t code[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20,
                                   0x45, 0x57, 0x03, 0x10, 0x02, 0x13, 0x13, 0x03};
    spec_t s = with_code(code, sizeof code);
    s.extra[0].id = "Type", s.extra[0].data = types, s.extra[0].len = sizeof types;
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = load_spec(&s, err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->num_types, 2);
    cr_assert_eq(m->types[1].bits, 0x40);
    cr_assert_eq(m->types[1].min, 0);
    cr_assert_eq(m->types[1].max, 9);
    uint64_t w = m->code[fn_body(m, &m->functions[0]) + 1];
    cr_assert(ld_is_reg(w) && !ld_reg_is_y(w) && ld_reg_index(w) == 0);
    cr_assert_eq(m->code[fn_body(m, &m->functions[0])], OP_put_list);
    cr_assert_eq(ld_reg_type(w), 2, "type index + 1 in the reg word");
    module_free(m);
    /* an index past the table */
    static const uint8_t badcode[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20,
                                      0x45, 0x57, 0x03, 0x50, 0x02, 0x13, 0x13, 0x03};
    s.code = badcode;
    expect(&s, "type index");
    /* another Type version is ignored, and so are the indexes */
    uint8_t v2[sizeof types];
    memcpy(v2, types, sizeof types);
    v2[3] = 2;
    s.extra[0].data = v2;
    m = load_spec(&s, err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_null(m->types);
    cr_assert_eq(ld_reg_type(m->code[fn_body(m, &m->functions[0]) + 1]), 0);
    module_free(m);
    /* a range past the smalls is no range (the JIT trusts ranges to drop
     * overflow checks): max = 2^59 */
    memcpy(v2, types, sizeof types);
    memcpy(v2 + 34, (const uint8_t[]){0x08, 0, 0, 0, 0, 0, 0, 0}, 8);
    s.code = code;
    s.extra[0].data = v2;
    m = load_spec(&s, err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->types[1].bits, LD_T_INTEGER);
    cr_assert_gt(m->types[1].min, m->types[1].max, "no range");
    module_free(m);
    /* entry 0 must be "any" */
    memcpy(v2, types, sizeof types);
    v2[8] = 0x00;
    s.code = code;
    s.extra[0].data = v2;
    expect(&s, "Type");
}

Test(loader, hand_assembled_lambda)
{
    /* FunT: f/0 at label 2, index 0, no free variables, old uniq 77 */
    static const uint8_t funt[] = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 77};
    /* make_fun3 0 x0 []; call_fun2 0 Arity x0; return */
    uint8_t code[] = {0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20,
                      0xAB, 0x00, 0x03, 0x17, 0x00,
                      0xB2, 0x00, 0x00, 0x03,
                      0x13, 0x03};
    spec_t s = with_code(code, sizeof code);
    s.extra[0].id = "FunT", s.extra[0].data = funt, s.extra[0].len = sizeof funt;
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = load_spec(&s, err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->num_lambdas, 1);
    cr_assert_eq(m->lambdas[0].old_uniq, 77);
    cr_assert_eq(m->lambdas[0].entry, m->functions[0].entry);
    const uint64_t *c = m->code + fn_body(m, &m->functions[0]);
    cr_assert_eq(c[0], OP_make_fun3);
    cr_assert_eq(c[1], (uint64_t)(uintptr_t)m->lambdas[0].fe);
    cr_assert_eq(c[3], 0, "empty environment");
    cr_assert_eq(c[4], OP_call_fun2_lambda);
    module_free(m);
    /* call_fun2 with a lambda tag and the wrong arity */
    code[15] = 0x10;
    expect(&s, "call_fun2");
    code[15] = 0x00;
    /* make_fun3 of lambda 1 (there is one) */
    code[9] = 0x10;
    expect(&s, "lambda index out of range");
    code[9] = 0x00;
    /* a FunT row of the wrong size */
    s.extra[0].len = sizeof funt - 1;
    expect(&s, "FunT");
}

Test(loader, hand_assembled_line_table)
{
    /* version 0, flags 0, 1 line instruction, 1 item, 1 name:
     * item: file 1 (a1), line 7 (i7); name "x.erl" */
    static const uint8_t line[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
                                   0x12, 0x71, 0, 5, 'x', '.', 'e', 'r', 'l'};
    /* label 1; line 1; func_info ...; label 2; line 1; move ok x0; return */
    uint8_t code[] = {0x01, 0x10, 0x99, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x99, 0x10, 0x40, 0x32, 0x03, 0x13, 0x03};
    spec_t s = with_code(code, sizeof code);
    s.extra[0].id = "Line", s.extra[0].data = line, s.extra[0].len = sizeof line;
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = load_spec(&s, err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->num_lines, 2);
    cr_assert_eq(m->num_files, 2);
    cr_assert_str_eq(m->files[0].name, "m.erl");
    cr_assert_str_eq(m->files[1].name, "x.erl");
    uint32_t l = module_line_at(m, m->functions[0].info);
    cr_assert_eq(l, 1);
    cr_assert_eq(m->lines[l].line, 7);
    cr_assert_eq(m->lines[l].file, 1);
    cr_assert_eq(module_line_at(m, m->functions[0].entry), 1);
    module_free(m);
    /* a line index past the table */
    code[11] = 0x20;
    expect(&s, "line index");
    code[11] = 0x10;
    /* a file index past the names */
    uint8_t bad[sizeof line];
    memcpy(bad, line, sizeof line);
    bad[20] = 0x22;
    s.extra[0].data = bad;
    expect(&s, "file index");
    /* a file name that is not UTF-8 */
    memcpy(bad, line, sizeof line);
    bad[24] = 0xFF;
    expect(&s, "UTF-8");
}

/* Locate a chunk in a file; returns its data offset and size. */
static bool find_chunk(const uint8_t *b, size_t len, const char *id, size_t *off, size_t *size)
{
    for (size_t o = 12; o + 8 <= len;) {
        size_t sz = (size_t)b[o + 4] << 24 | (size_t)b[o + 5] << 16 | (size_t)b[o + 6] << 8 | b[o + 7];
        if (!memcmp(b + o, id, 4)) {
            *off = o + 8;
            *size = sz;
            return true;
        }
        o += 8 + ((sz + 3) & ~(size_t)3);
    }
    return false;
}

Test(loader, extended_operand_forms)
{
    /* move z0 2.5 x0 (pre-R16 float literal); move h'A' x1 (character);
     * test_heap {alloc,[{words,3},{floats,2}]} 0; move -1 x2 (negative i) */
    static const uint8_t code[] = {
        0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20,
        0x40, 0x07, 0x40, 0x04, 0, 0, 0, 0, 0, 0, 0x13,
        0x40, 0x0E, 0x41, 0x13,
        0x10, 0x37, 0x20, 0x00, 0x30, 0x10, 0x20, 0x00,
        0x40, 0x19, 0xFF, 0xFF, 0x23,
        0x13, 0x03};
    spec_t s = with_code(code, sizeof code);
    size_t len;
    uint8_t *b = assemble(&s, &len);
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m = load_bytes(b, len, err);
    cr_assert_not_null(m, "%s", err);
    const uint64_t *c = m->code + fn_body(m, &m->functions[0]);
    cr_assert_eq(c[0], OP_move_c_x);
    cr_assert(term_is_float(c[1]) && term_float_val(c[1]) == 2.5);
    cr_assert_eq(c[3], OP_move_c_x);
    cr_assert_eq(c[4], term_from_small('A'));
    cr_assert_eq(c[5], 1);
    cr_assert_eq(c[6], OP_test_heap);
    cr_assert_eq(c[7], 3 + 2 * 2, "allocation list summed to %llu words", (unsigned long long)c[7]);
    cr_assert_eq(c[9], OP_move_c_x);
    cr_assert_eq(c[10], term_from_small(-1));
    module_free(m);
    free(b);
}

Test(loader, old_latin1_atom_chunk)
{
    /* the same module with its AtU8 chunk renamed to the pre-OTP-20 Atom
     * chunk (all its atoms are ASCII, so the bytes mean the same) */
    size_t len, off, size;
    uint8_t *b = read_file(fixture("ld_sample"), &len);
    char err[LD_ERRBUF_SIZE];
    ld_module_t *m1 = load_bytes(b, len, err);
    cr_assert_not_null(m1, "%s", err);
    cr_assert(find_chunk(b, len, "AtU8", &off, &size));
    memcpy(b + off - 8, "Atom", 4);
    ld_module_t *m2 = load_bytes(b, len, err);
    cr_assert_not_null(m2, "%s", err);
    cr_assert_eq(m1->name, m2->name);
    cr_assert_eq(m1->num_atoms, m2->num_atoms);
    cr_assert_arr_eq(m1->md5, m2->md5, 16);
    /* the same instructions (operand words may differ: literals live on
     * each module's own heap) */
    cr_assert_eq(m1->code_size, m2->code_size);
    for (size_t pos = 0; pos < m1->code_size;) {
        cr_assert_eq(m1->code[pos], m2->code[pos], "@%zu", pos);
        size_t n = ops_insn_words((ops_t)m1->code[pos], m1->code, pos, m1->code_size);
        cr_assert_gt(n, 0);
        pos += n;
    }
    module_free(m1);
    module_free(m2);
    free(b);
}

Test(loader, litt_with_a_lying_size)
{
    size_t len, off, size;
    uint8_t *b = read_file(fixture("ld_sample"), &len);
    cr_assert(find_chunk(b, len, "LitT", &off, &size));
    char err[LD_ERRBUF_SIZE];
    uint32_t real = (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 | (uint32_t)b[off + 2] << 8 | b[off + 3];
    uint32_t lies[] = {real - 1, real + 1, 0, 0x7FFFFFFF};
    for (size_t i = 0; i < 4; i++) {
        b[off] = (uint8_t)(lies[i] >> 24), b[off + 1] = (uint8_t)(lies[i] >> 16);
        b[off + 2] = (uint8_t)(lies[i] >> 8), b[off + 3] = (uint8_t)lies[i];
        cr_assert_null(load_bytes(b, len, err), "size %u accepted", lies[i]);
        cr_assert(strstr(err, "LitT"), "%s", err);
    }
    free(b);
}

Test(loader, bad_zlib_data_in_litt)
{
    size_t len, off, size;
    uint8_t *b = read_file(fixture("ld_sample"), &len);
    cr_assert(find_chunk(b, len, "LitT", &off, &size));
    cr_assert_gt(size, 10);
    for (size_t i = off + 4; i < off + size; i++) b[i] ^= 0x5A;
    char err[LD_ERRBUF_SIZE];
    cr_assert_null(load_bytes(b, len, err));
    cr_assert(strstr(err, "LitT") && strstr(err, "zlib"), "%s", err);
    free(b);
}

Test(loader, bad_external_term_in_attr)
{
    size_t len, off, size;
    uint8_t *b = read_file(fixture("ld_sample"), &len);
    cr_assert(find_chunk(b, len, "Attr", &off, &size));
    b[off] = 130; /* not the ETF version byte */
    char err[LD_ERRBUF_SIZE];
    cr_assert_null(load_bytes(b, len, err));
    cr_assert(strstr(err, "Attr"), "%s", err);
    free(b);
}

/* ---- the command line ---- */

static int run(const char *args, char *out, size_t outlen)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s/laser' %s 2>&1", LASER_BINARY_DIR, args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = fread(out, 1, outlen - 1, p);
    out[n] = 0;
    int st = pclose(p);
    cr_assert(WIFEXITED(st), "laser did not exit normally");
    return WEXITSTATUS(st);
}

Test(cli, check_load_reports_a_truncated_file)
{
    char dir[4096], path[4200], out[8192];
    /* the parent may not exist yet: tests run in any order, in parallel */
    snprintf(dir, sizeof dir, "%s/loader", LASER_BINARY_DIR);
    mkdir(dir, 0777);
    snprintf(dir, sizeof dir, "%s/loader/cli.%d", LASER_BINARY_DIR, (int)getpid());
    mkdir(dir, 0777);
    size_t len;
    uint8_t *b = read_file(fixture("ld_sample"), &len);
    cr_assert_not_null(b);
    snprintf(path, sizeof path, "%s/short.beam", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    fwrite(b, 1, len / 2, f);
    fclose(f);
    free(b);
    char args[4300];
    snprintf(args, sizeof args, "--check-load '%s'", dir);
    cr_assert_eq(run(args, out, sizeof out), 1);
    char *nl = strchr(out, '\n');
    cr_assert_not_null(nl);
    cr_assert_eq(strncmp(out, path, strlen(path)), 0, "first line does not name the file: %s", out);
    cr_assert_str_eq(nl + 1, "loaded 0 of 1 .beam files (1 failed)\n");
    /* a good file next to it: 1 of 2 */
    snprintf(args, sizeof args, "--check-load '%s' '%s'", dir, fixture("ld_onload"));
    cr_assert_eq(run(args, out, sizeof out), 1);
    cr_assert(strstr(out, "loaded 1 of 2 .beam files (1 failed)"), "%s", out);
    unlink(path);
    rmdir(dir);
}

Test(cli, check_load_of_good_files_exits_0)
{
    char out[8192], args[4300];
    snprintf(args, sizeof args, "--check-load '%s'", fixture("ld_sample"));
    cr_assert_eq(run(args, out, sizeof out), 0);
    cr_assert_str_eq(out, "loaded 1 of 1 .beam files (0 failed)\n");
}

Test(cli, dis_version_and_usage)
{
    static char out[1 << 16];
    char args[4300];
    snprintf(args, sizeof args, "--dis '%s'", fixture("ld_sample"));
    cr_assert_eq(run(args, out, sizeof out), 0);
    cr_assert(strstr(out, "function add/2"), "%s", out);
    cr_assert(strstr(out, "gc_bif2"));
    cr_assert(strstr(out, "erlang:'+'/2"));
    cr_assert(strstr(out, "123456789012345678901234567890"));
    cr_assert_eq(run("--version", out, sizeof out), 0);
    cr_assert(strstr(out, "laser") && strstr(out, "LLVM 19."), "%s", out);
    /* an unknown option, or nothing at all: the usage, exit 2 */
    cr_assert_eq(run("--frobnicate", out, sizeof out), 2);
    cr_assert(strstr(out, "usage"), "%s", out);
    cr_assert_eq(run("", out, sizeof out), 2);
    cr_assert(strstr(out, "usage"), "%s", out);
}
