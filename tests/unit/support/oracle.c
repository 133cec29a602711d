/* oracle.c - run erl-side generators and read their output (see oracle.h). */
#include "oracle.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(buf); return NULL; }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

const char *oracle_path(const char *name)
{
    static char path[8192];
    char dir[4096], tmp[8300], cmd[20000];
    snprintf(dir, sizeof dir, "%s/oracle", LASER_BINARY_DIR);
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/%s.out", dir, name);
    struct stat st, src;
    char script[4096];
    snprintf(script, sizeof script, "%s/tests/data/%s.escript", LASER_SOURCE_DIR, name);
    if (stat(script, &src) != 0) cr_assert_fail("no oracle script %s", script);
    if (stat(path, &st) == 0 && st.st_mtime >= src.st_mtime) return path;
    /* generate under a unique name and rename: parallel test runs may race */
    snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
    /* bounded: a generator that loops must fail the test, not hang CI */
    snprintf(cmd, sizeof cmd, "timeout 600 escript '%s' '%s'", script, tmp);
    if (system(cmd) != 0) cr_assert_fail("oracle script failed: %s", cmd);
    if (rename(tmp, path) != 0) cr_assert_fail("cannot rename %s", tmp);
    return path;
}

uint8_t *oracle_read(const char *name, size_t *len)
{
    const char *p = oracle_path(name);
    uint8_t *d = read_file(p, len);
    if (!d) cr_assert_fail("cannot read %s", p);
    return d;
}

uint32_t get_u32(const uint8_t **p)
{
    const uint8_t *q = *p;
    *p += 4;
    return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
}

const char *compile_source(const char *subdir, const char *file, const char *src)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", LASER_BINARY_DIR, subdir);
    mkdir(dir, 0777);
    snprintf(dir, sizeof dir, "%s/%s/%d", LASER_BINARY_DIR, subdir, (int)getpid());
    mkdir(dir, 0777);
    char path[4400], cmd[9000];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(src, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "erlc -o '%s' '%s' 2>/dev/null", dir, path);
    cr_assert_eq(system(cmd), 0, "erlc %s failed", file);
    return dir;
}

const char *compile_erl_source(const char *subdir, const char *module, const char *src)
{
    char file[512];
    snprintf(file, sizeof file, "%s.erl", module);
    return compile_source(subdir, file, src);
}
