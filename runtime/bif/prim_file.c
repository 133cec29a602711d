/*
 * prim_file.c - the NIFs of OTP 25's prim_file.erl (erts/emulator/nifs/
 * common/prim_file_nif.c and unix/unix_prim_file.c in OTP) as BIFs, and
 * the filename BIFs prim_file calls (internal_name2native/1, ...).
 * prim_file.beam runs unchanged; its -nifs stubs reach these through the
 * BIF table (vm_thread_module's nif_start rewrite).
 *
 * Paths. prim_file passes every path through internal_name2native/1: a
 * binary of the name in the native filename encoding (utf8 or latin1, as
 * file:native_name_encoding/0) with a NUL at the end. The NIFs take any
 * binary that ends in NULs and holds no other NUL; anything else is
 * {error, einval}, as OTP's efile_marshal_path.
 *
 * File handles are resources (res.h): a reference naming an open file.
 * A file is IDLE, BUSY (an operation runs on it), CLOSE_PENDING (its owner
 * exited during an operation: the operation closes it when it ends) or
 * CLOSED, as in OTP, so that close never races a read on another
 * scheduler (the fd could be reused under it). A closed file's handle
 * answers {error, einval}; a term that is no file handle raises badarg.
 * The opener owns the file: when it exits, the file is closed (OTP's
 * monitor and erts_prim_file process; here proc_exit closes it directly).
 * OTP's NIFs do not check the caller: prim_file.erl checks the owner.
 *
 * Errors are {error, Posix} with erts's atoms (posix.h). The NIFs run on
 * dirty I/O threads, as OTP's (BIF_F_DIRTY_IO in prim_file.def), so a
 * blocking call never holds a scheduler.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <utime.h>

#include "bif.h"
#include "bif/prim_file.h"
#include "big.h"
#include "bin.h"
#include "posix.h"
#include "res.h"
#include "settings.h"

/* The file resource type's objects, for tests. */
size_t pf_open_files(void);

#define PF_FILE_MODE 0666
#define PF_DIR_MODE 0777
#define PF_IOV_MAX 64 /* binaries per write_nif/pwrite_nif call, as OTP's enif_inspect_iovec */

enum {
    PF_READ = 1,
    PF_WRITE = 2,
    PF_APPEND = 4,
    PF_EXCLUSIVE = 8,
    PF_SYNC = 16,
    PF_SKIP_TYPE_CHECK = 32,
    PF_DIRECTORY = 64,
};

enum { PF_IDLE, PF_BUSY, PF_CLOSE_PENDING, PF_CLOSED };

typedef struct {
    res_t res;
    _Atomic int state;
    int fd;
} pf_file_t;

static term am_eof, am_continue, am_bof, am_cur, am_read, am_write, am_append, am_exclusive, am_sync,
    am_skip_type_check, am_directory, am_read_write, am_none, am_file_info, am_device, am_regular, am_symlink,
    am_other, am_normal, am_random, am_sequential, am_will_need, am_dont_need, am_no_reuse, am_warning;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;

static void init_atoms(void)
{
    am_eof = atom_from_cstr("eof");
    am_continue = atom_from_cstr("continue");
    am_bof = atom_from_cstr("bof");
    am_cur = atom_from_cstr("cur");
    am_read = atom_from_cstr("read");
    am_write = atom_from_cstr("write");
    am_append = atom_from_cstr("append");
    am_exclusive = atom_from_cstr("exclusive");
    am_sync = atom_from_cstr("sync");
    am_skip_type_check = atom_from_cstr("skip_type_check");
    am_directory = atom_from_cstr("directory");
    am_read_write = atom_from_cstr("read_write");
    am_none = atom_from_cstr("none");
    am_file_info = atom_from_cstr("file_info");
    am_device = atom_from_cstr("device");
    am_regular = atom_from_cstr("regular");
    am_symlink = atom_from_cstr("symlink");
    am_other = atom_from_cstr("other");
    am_normal = atom_from_cstr("normal");
    am_random = atom_from_cstr("random");
    am_sequential = atom_from_cstr("sequential");
    am_will_need = atom_from_cstr("will_need");
    am_dont_need = atom_from_cstr("dont_need");
    am_no_reuse = atom_from_cstr("no_reuse");
    am_warning = atom_from_cstr("warning");
}

#define ATOMS() pthread_once(&atoms_once, init_atoms)

static term ok2(proc_t *p, term v) { return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(ok), v}); }

static term posix_error(proc_t *p, int err)
{
    return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), posix_errno_atom(err)});
}

static term ok_or_errno(proc_t *p, int rc) { return rc < 0 ? posix_error(p, errno) : ATOM(ok); }

/* enif_get_int64 of a number term; false for floats and big integers. */
static bool get_int64(term t, int64_t *out) { return term_is_integer(t) && int_to_int64(t, out); }

static bool get_int(term t, int *out)
{
    int64_t v;
    if (!get_int64(t, &v) || v < INT_MIN || v > INT_MAX) return false;
    *out = (int)v;
    return true;
}

/* The bytes of binary t (whole bytes) in a malloc'd copy with a NUL after
 * them; NULL if t is not a binary (or no memory). */
static char *binary_dup(term t, size_t *len)
{
    if (!term_is_bitstring(t)) return NULL;
    bin_view_t v;
    bin_view(t, &v);
    if (v.bitsize % 8) return NULL;
    size_t n = v.bitsize / 8;
    char *s = malloc(n + 1);
    if (!s) return NULL;
    bin_copy_bits(v.base, v.bitoffs, (uint8_t *)s, 0, v.bitsize);
    s[n] = 0;
    *len = n;
    return s;
}

/* OTP's efile_marshal_path: a malloc'd C string, or NULL with *err set. */
static char *marshal_path(term t, int *err)
{
    size_t n;
    char *s = binary_dup(t, &n);
    if (!s) {
        *err = EINVAL;
        return NULL;
    }
    /* NUL-terminated, maybe several times, with no NUL before */
    const char *nul = memchr(s, 0, n);
    bool ok = nul != NULL;
    for (const char *q = nul; ok && q < s + n; q++) ok = *q == 0;
    if (!ok) {
        free(s);
        *err = EINVAL;
        return NULL;
    }
    return s;
}

#define WITH_PATH(p, t, name)                                                                                          \
    int name##_err;                                                                                                    \
    char *name = marshal_path((t), &name##_err);                                                                       \
    if (!name) return posix_error((p), name##_err)

/* ---- the file resource ---- */

static void file_dtor(res_t *r) { free(r); }

static void file_do_close(pf_file_t *f)
{
    close(f->fd); /* never retried on EINTR: Linux closes anyway */
    f->fd = -1;
    res_release(&f->res);
}

/* The owner exited: close now, or when the running operation ends. */
static void file_owner_exit(res_t *r)
{
    pf_file_t *f = (pf_file_t *)r;
    for (;;) {
        int st = PF_IDLE;
        if (atomic_compare_exchange_strong(&f->state, &st, PF_CLOSED)) {
            file_do_close(f);
            return;
        }
        if (st == PF_CLOSED || st == PF_CLOSE_PENDING) return;
        /* BUSY: ask the operation to close; retry if it just went idle */
        if (atomic_compare_exchange_strong(&f->state, &st, PF_CLOSE_PENDING)) return;
    }
}

/* pinned: an open file lives until closed or its owner exits, as OTP's
 * (which keeps its resource until efile_close) */
static const res_type_t pf_file_type = {"efile", file_dtor, file_owner_exit, true};

size_t pf_open_files(void) { return res_count(&pf_file_type); }

static term make_file(proc_t *p, int fd)
{
    pf_file_t *f = malloc(sizeof *f);
    if (!f) {
        close(fd);
        return posix_error(p, ENOMEM);
    }
    atomic_init(&f->state, PF_IDLE);
    f->fd = fd;
    term h = res_register(proc_heap(p), &f->res, &pf_file_type, p->id);
    return ok2(p, h);
}

typedef enum { FL_OK, FL_BADARG, FL_CLOSED } file_lookup_t;

/* Take the file behind handle t for one operation (IDLE -> BUSY). */
static file_lookup_t file_begin(term t, pf_file_t **out)
{
    res_t *r;
    *out = NULL;
    res_status_t st = res_lookup(t, &pf_file_type, &r);
    if (st == RES_BAD) return FL_BADARG;
    if (st == RES_STALE) return FL_CLOSED;
    pf_file_t *f = (pf_file_t *)r;
    int idle = PF_IDLE;
    if (!atomic_compare_exchange_strong(&f->state, &idle, PF_BUSY)) {
        res_unref(r);
        return FL_CLOSED;
    }
    *out = f;
    return FL_OK;
}

static void file_end(pf_file_t *f)
{
    int busy = PF_BUSY;
    if (!atomic_compare_exchange_strong(&f->state, &busy, PF_IDLE)) {
        /* CLOSE_PENDING: its owner exited meanwhile */
        atomic_store(&f->state, PF_CLOSED);
        file_do_close(f);
    }
    res_unref(&f->res);
}

/* The file of args[0] as `f`, or the BIF's answer: badarg for a term that
 * is no file handle, {error, einval} for a closed file (OTP). */
#define FILE_BEGIN(p, t, f)                                                                                            \
    pf_file_t *f;                                                                                                      \
    do {                                                                                                               \
        ATOMS();                                                                                                       \
        file_lookup_t lk_ = file_begin((t), &f);                                                                       \
        if (lk_ == FL_BADARG) BIF_BADARG(p);                                                                           \
        if (lk_ == FL_CLOSED) return posix_error((p), EINVAL);                                                         \
    } while (0)

/* End the operation and answer r. */
static term file_result(pf_file_t *f, term r)
{
    file_end(f);
    return r;
}

static term file_badarg(proc_t *p, pf_file_t *f)
{
    file_end(f);
    BIF_BADARG(p);
}

/* ---- open, close ---- */

static unsigned translate_modes(term l)
{
    unsigned m = 0;
    for (; term_is_list(l); l = term_cdr(l)) {
        term a = term_car(l);
        if (a == am_read) m |= PF_READ;
        else if (a == am_write) m |= PF_WRITE;
        else if (a == am_exclusive) m |= PF_EXCLUSIVE;
        else if (a == am_append) m |= PF_APPEND;
        else if (a == am_sync) m |= PF_SYNC;
        else if (a == am_skip_type_check) m |= PF_SKIP_TYPE_CHECK;
        else if (a == am_directory) m |= PF_DIRECTORY;
        /* raw, binary, read_ahead, ... are prim_file.erl's business */
    }
    if (m & (PF_APPEND | PF_EXCLUSIVE)) m |= PF_WRITE; /* documented as "open for writing" */
    else if (!(m & (PF_READ | PF_WRITE))) m |= PF_READ;
    return m;
}

static int open_flags(unsigned m)
{
    int flags;
    if ((m & PF_READ) && !(m & PF_WRITE)) flags = O_RDONLY;
    else if ((m & PF_WRITE) && !(m & PF_READ)) flags = O_WRONLY | O_CREAT | O_TRUNC;
    else flags = O_RDWR | O_CREAT;
    if (m & PF_APPEND) flags = (flags & ~O_TRUNC) | O_APPEND;
    if (m & PF_EXCLUSIVE) flags |= O_EXCL;
    if (m & PF_SYNC) flags |= O_SYNC;
    if (m & PF_DIRECTORY) flags |= O_DIRECTORY;
    return flags | O_CLOEXEC;
}

static bool fd_is_dir(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* OTP's efile_open: an fd or -1 with errno set. */
static int open_path(const char *path, unsigned m)
{
    int fd;
    do fd = open(path, open_flags(m), (m & PF_DIRECTORY) ? PF_DIR_MODE : PF_FILE_MODE);
    while (fd < 0 && errno == EINTR);
    /* open() takes directories without O_DIRECTORY: OTP wants `directory` */
    if (fd >= 0 && !(m & (PF_SKIP_TYPE_CHECK | PF_DIRECTORY)) && fd_is_dir(fd)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    return fd;
}

term bif_prim_file_open_nif_2(proc_t *p, const term *args)
{
    ATOMS();
    if (!term_is_list(args[1]) && !term_is_nil(args[1])) BIF_BADARG(p);
    unsigned m = translate_modes(args[1]);
    WITH_PATH(p, args[0], path);
    int fd = open_path(path, m);
    int err = errno;
    free(path);
    if (fd < 0) return posix_error(p, err);
    return make_file(p, fd);
}

term bif_prim_file_file_desc_to_ref_nif_1(proc_t *p, const term *args)
{
    int fd;
    if (!term_is_number(args[0]) || !get_int(args[0], &fd)) BIF_BADARG(p);
    if (fcntl(fd, F_GETFL) == -1 && errno == EBADF) return posix_error(p, EBADF);
    return make_file(p, fd);
}

term bif_prim_file_close_nif_1(proc_t *p, const term *args)
{
    ATOMS();
    res_t *r;
    res_status_t st = res_lookup(args[0], &pf_file_type, &r);
    if (st == RES_BAD) BIF_BADARG(p);
    if (st == RES_STALE) return posix_error(p, EINVAL);
    pf_file_t *f = (pf_file_t *)r;
    int idle = PF_IDLE;
    term result;
    if (atomic_compare_exchange_strong(&f->state, &idle, PF_CLOSED)) {
        int rc = close(f->fd);
        int err = errno;
        f->fd = -1;
        res_release(r);
        result = rc < 0 ? posix_error(p, err) : ATOM(ok);
    } else {
        result = posix_error(p, EINVAL);
    }
    res_unref(r);
    return result;
}

/* Orphaned files are closed by proc_exit already; a handle whose file is
 * still open is left alone (OTP's only closes files in the CLOSED state). */
term bif_prim_file_delayed_close_nif_1(proc_t *p, const term *args)
{
    res_t *r;
    if (res_lookup(args[0], &pf_file_type, &r) == RES_BAD) BIF_BADARG(p);
    if (r) res_unref(r);
    return ATOM(ok);
}

/* ---- reads ---- */

/* Read up to n bytes at offset off (-1: the file position) until n, EOF or
 * an error; bytes read, or -1 with errno set. */
static ssize_t read_full(int fd, uint8_t *buf, size_t n, int64_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = off < 0 ? read(fd, buf + got, n - got) : pread(fd, buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return got ? (ssize_t)got : -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Storage cut down to the n bytes a read produced (the request may have
 * been far larger than what the file had): a binary's storage counts in
 * full towards its holder's off-heap size. */
static bin_store_t *store_fit(bin_store_t *b, size_t n) { return bin_store_shrink(b, n); }

/* {ok, Binary} of up to n bytes read at off (-1: position), eof, or
 * {error, Posix}. */
static term read_binary(proc_t *p, int fd, int64_t n, int64_t off)
{
    bin_store_t *b = bin_store_try_new((size_t)n);
    if (!b) return posix_error(p, ENOMEM);
    ssize_t got = read_full(fd, b->data, (size_t)n, off);
    int err = errno;
    term r;
    if (got < 0) r = posix_error(p, err);
    else if (got == 0) r = am_eof;
    else if ((size_t)got <= HEAP_BIN_LIMIT) r = ok2(p, bin_make(proc_heap(p), b->data, (size_t)got, NULL));
    else {
        b = store_fit(b, (size_t)got);
        r = ok2(p, bin_make_from_store(proc_heap(p), b, 0, (size_t)got));
    }
    bin_store_release(b);
    return r;
}

term bif_prim_file_read_nif_2(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t n;
    if (!term_is_number(args[1])) return file_badarg(p, f);
    if (!get_int64(args[1], &n) || n < 0) return file_result(f, posix_error(p, EINVAL));
    return file_result(f, read_binary(p, f->fd, n, -1));
}

term bif_prim_file_pread_nif_3(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t off, n;
    if (!term_is_number(args[1]) || !term_is_number(args[2])) return file_badarg(p, f);
    if (!get_int64(args[1], &off) || !get_int64(args[2], &n) || off < 0 || n < 0)
        return file_result(f, posix_error(p, EINVAL));
    return file_result(f, read_binary(p, f->fd, n, off));
}

/* ---- writes ---- */

/* Up to PF_IOV_MAX binaries of list l as iovecs (copies of unaligned
 * ones in bounce, freed by iov_free); false if l is not a proper list of
 * binaries. tail: what is left after them. */
typedef struct {
    struct iovec iov[PF_IOV_MAX];
    int n;
    uint8_t *bounce[PF_IOV_MAX];
    int nbounce;
    term tail;
} iov_t;

static void iov_free(iov_t *v)
{
    for (int i = 0; i < v->nbounce; i++) free(v->bounce[i]);
}

static bool iov_take(term l, iov_t *v)
{
    v->n = v->nbounce = 0;
    /* the whole list must be binaries, as enif_inspect_iovec checks (it
     * takes a bitstring's whole bytes) */
    term t = l;
    for (; term_is_list(t) && term_is_bitstring(term_car(t)); t = term_cdr(t)) {}
    if (!term_is_nil(t)) return false;
    for (t = l; term_is_list(t) && v->n < PF_IOV_MAX; t = term_cdr(t)) {
        bin_view_t bv;
        bin_view(term_car(t), &bv);
        size_t len = bv.bitsize / 8;
        if (len == 0) continue;
        const uint8_t *base = bv.base;
        if (bv.bitoffs) {
            uint8_t *c = malloc(len);
            if (!c) laser_oom("a write buffer", len);
            bin_copy_bits(bv.base, bv.bitoffs, c, 0, len * 8);
            v->bounce[v->nbounce++] = c;
            base = c;
        }
        v->iov[v->n++] = (struct iovec){(void *)base, len};
    }
    v->tail = t;
    return true;
}

/* Write every iovec (at off, or the position if off < 0); bytes written or
 * -1 with errno set. */
static ssize_t write_all(int fd, struct iovec *iov, int n, int64_t off)
{
    ssize_t total = 0;
    while (n > 0) {
        ssize_t r = off < 0 ? writev(fd, iov, n) : pwritev(fd, iov, n, (off_t)(off + total));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) {
            errno = EIO;
            return -1;
        }
        total += r;
        while (n > 0 && (size_t)r >= iov->iov_len) {
            r -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + r;
            iov->iov_len -= (size_t)r;
        }
    }
    return total;
}

term bif_prim_file_write_nif_2(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    iov_t v;
    if (!iov_take(args[1], &v)) return file_badarg(p, f);
    ssize_t w = write_all(f->fd, v.iov, v.n, -1);
    int err = errno;
    iov_free(&v);
    if (w < 0) return file_result(f, posix_error(p, err));
    if (!term_is_nil(v.tail)) return file_result(f, heap_make_tuple(proc_heap(p), 2, (term[]){am_continue, v.tail}));
    return file_result(f, ATOM(ok));
}

term bif_prim_file_pwrite_nif_3(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t off;
    iov_t v;
    if (!term_is_number(args[1]) || !iov_take(args[2], &v)) return file_badarg(p, f);
    if (!get_int64(args[1], &off) || off < 0) {
        iov_free(&v);
        return file_result(f, posix_error(p, EINVAL));
    }
    ssize_t w = write_all(f->fd, v.iov, v.n, off);
    int err = errno;
    iov_free(&v);
    if (w < 0) return file_result(f, posix_error(p, err));
    if (!term_is_nil(v.tail))
        return file_result(f, heap_make_tuple(proc_heap(p), 3,
                                              (term[]){am_continue, big_from_int64(proc_heap(p), w), v.tail}));
    return file_result(f, ATOM(ok));
}

/* ---- position, sync, truncate, allocate, advise ---- */

term bif_prim_file_seek_nif_3(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t off;
    int whence;
    if (!get_int64(args[2], &off)) return file_badarg(p, f);
    if (args[1] == am_bof) whence = SEEK_SET;
    else if (args[1] == am_cur) whence = SEEK_CUR;
    else if (args[1] == am_eof) whence = SEEK_END;
    else return file_badarg(p, f);
    off_t r = lseek(f->fd, (off_t)off, whence);
    if (r < 0) return file_result(f, posix_error(p, errno));
    return file_result(f, ok2(p, big_from_uint64(proc_heap(p), (uint64_t)r)));
}

term bif_prim_file_sync_nif_2(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int data_only;
    if (!get_int(args[1], &data_only)) return file_badarg(p, f);
    return file_result(f, ok_or_errno(p, data_only ? fdatasync(f->fd) : fsync(f->fd)));
}

term bif_prim_file_truncate_nif_1(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    off_t at = lseek(f->fd, 0, SEEK_CUR);
    if (at < 0) return file_result(f, posix_error(p, errno));
    return file_result(f, ok_or_errno(p, ftruncate(f->fd, at)));
}

/* Two non-negative int64 offsets: badarg unless numbers, einval if not. */
static term get_range(proc_t *p, const term *args, int64_t *off, int64_t *len)
{
    if (!term_is_number(args[0]) || !term_is_number(args[1])) BIF_BADARG(p);
    if (!get_int64(args[0], off) || !get_int64(args[1], len) || *off < 0 || *len < 0) return posix_error(p, EINVAL);
    return ATOM(ok);
}

term bif_prim_file_allocate_nif_3(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t off, len;
    term r = get_range(p, args + 1, &off, &len);
    if (r != ATOM(ok)) return file_result(f, r);
    int rc;
    do rc = fallocate(f->fd, 0, (off_t)off, (off_t)len);
    while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        do rc = posix_fallocate(f->fd, (off_t)off, (off_t)len);
        while (rc == EINTR);
        if (rc > 0) return file_result(f, posix_error(p, rc));
    }
    return file_result(f, ATOM(ok));
}

term bif_prim_file_advise_nif_4(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t off, len;
    term r = get_range(p, args + 1, &off, &len);
    if (r != ATOM(ok)) return file_result(f, r);
    term a = args[3];
    int adv;
    if (a == am_normal) adv = POSIX_FADV_NORMAL;
    else if (a == am_random) adv = POSIX_FADV_RANDOM;
    else if (a == am_sequential) adv = POSIX_FADV_SEQUENTIAL;
    else if (a == am_will_need) adv = POSIX_FADV_WILLNEED;
    else if (a == am_dont_need) adv = POSIX_FADV_DONTNEED;
    else if (a == am_no_reuse) adv = POSIX_FADV_NOREUSE;
    else return file_result(f, posix_error(p, EINVAL)); /* OTP's tests want einval */
    int rc = posix_fadvise(f->fd, (off_t)off, (off_t)len, adv);
    return file_result(f, rc ? posix_error(p, rc) : ATOM(ok));
}

term bif_prim_file_get_handle_nif_1(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int fd = f->fd;
    return file_result(f, bin_make(proc_heap(p), (const uint8_t *)&fd, sizeof fd, NULL));
}

/* OTP's undocumented indirect read: an 8-byte pointer block at Offset
 * (<<Size:32, Pos:32>>, big-endian), then Size bytes at Pos. */
term bif_prim_file_ipread_s32bu_p32bu_nif_3(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    int64_t off, max;
    if (!term_is_number(args[1]) || !term_is_number(args[2])) return file_badarg(p, f);
    if (!get_int64(args[1], &off) || !get_int64(args[2], &max) || off < 0 || max >= (INT64_C(1) << 31))
        return file_result(f, posix_error(p, EINVAL));
    uint8_t ptr[8];
    ssize_t got = read_full(f->fd, ptr, sizeof ptr, off);
    if (got < 0) return file_result(f, posix_error(p, errno));
    if (got < (ssize_t)sizeof ptr) return file_result(f, am_eof);
    uint32_t size = (uint32_t)ptr[0] << 24 | (uint32_t)ptr[1] << 16 | (uint32_t)ptr[2] << 8 | ptr[3];
    uint32_t pos = (uint32_t)ptr[4] << 24 | (uint32_t)ptr[5] << 16 | (uint32_t)ptr[6] << 8 | ptr[7];
    if (size > max) return file_result(f, am_eof);
    term data = read_binary(p, f->fd, size, pos);
    if (term_is_tuple(data) && term_tuple_elems(data)[0] == ATOM(error)) return file_result(f, data);
    term payload = data == am_eof ? am_eof : term_tuple_elems(data)[1];
    heap_t *h = proc_heap(p);
    term t = heap_make_tuple(h, 3, (term[]){big_from_uint64(h, size), big_from_uint64(h, pos), payload});
    return file_result(f, ok2(p, t));
}

/* ---- file information ---- */

static term access_atom(bool r, bool w)
{
    return r && w ? am_read_write : r ? am_read : w ? am_write : am_none;
}

/* #file_info{} with POSIX times, as OTP's build_file_info. */
static term file_info(proc_t *p, const struct stat *st, term access)
{
    heap_t *h = proc_heap(p);
    term type = S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? am_device
                : S_ISDIR(st->st_mode)                       ? am_directory
                : S_ISREG(st->st_mode)                       ? am_regular
                : S_ISLNK(st->st_mode)                       ? am_symlink
                                                             : am_other;
    term e[14] = {
        am_file_info,
        big_from_uint64(h, (uint64_t)st->st_size),
        type,
        access,
        big_from_int64(h, (int64_t)st->st_atime),
        big_from_int64(h, (int64_t)st->st_mtime),
        big_from_int64(h, (int64_t)st->st_ctime),
        big_from_uint64(h, (uint32_t)st->st_mode),
        big_from_uint64(h, (uint32_t)st->st_nlink),
        big_from_uint64(h, (uint32_t)st->st_dev), /* enif_make_uint: truncated to 32 bits as OTP's */
        big_from_uint64(h, (uint32_t)st->st_rdev),
        big_from_uint64(h, (uint32_t)st->st_ino),
        big_from_uint64(h, (uint32_t)st->st_uid),
        big_from_uint64(h, (uint32_t)st->st_gid),
    };
    return heap_make_tuple(h, 14, e);
}

term bif_prim_file_read_info_nif_2(proc_t *p, const term *args)
{
    ATOMS();
    int follow;
    if (!get_int(args[1], &follow)) BIF_BADARG(p);
    WITH_PATH(p, args[0], path);
    struct stat st;
    int rc = follow ? stat(path, &st) : lstat(path, &st);
    int err = errno;
    term r;
    if (rc < 0) r = posix_error(p, err);
    else r = file_info(p, &st, access_atom(access(path, R_OK) == 0, access(path, W_OK) == 0));
    free(path);
    return r;
}

/* fstat's access as OTP's check_access: the owner's, group's or others'
 * permission bits, whichever class the effective ids fall in. */
static term handle_access(const struct stat *st)
{
    if (st->st_uid == geteuid()) return access_atom(st->st_mode & S_IRUSR, st->st_mode & S_IWUSR);
    if (st->st_gid == getegid()) return access_atom(st->st_mode & S_IRGRP, st->st_mode & S_IWGRP);
    return access_atom(st->st_mode & S_IROTH, st->st_mode & S_IWOTH);
}

term bif_prim_file_read_handle_info_nif_1(proc_t *p, const term *args)
{
    FILE_BEGIN(p, args[0], f);
    struct stat st;
    if (fstat(f->fd, &st) < 0) return file_result(f, posix_error(p, errno));
    return file_result(f, file_info(p, &st, handle_access(&st)));
}

term bif_prim_file_set_permissions_nif_2(proc_t *p, const term *args)
{
    int64_t mode;
    if (!get_int64(args[1], &mode) || mode < 0 || mode > UINT32_MAX) BIF_BADARG(p);
    WITH_PATH(p, args[0], path);
    const mode_t mutable = S_ISUID | S_ISGID | S_IRWXU | S_IRWXG | S_IRWXO;
    mode_t m = (mode_t)mode & mutable;
    int rc = chmod(path, m);
    if (rc < 0) rc = chmod(path, m & ~(mode_t)(S_ISUID | S_ISGID)); /* not allowed to set them: drop them */
    int err = errno;
    free(path);
    return rc < 0 ? posix_error(p, err) : ATOM(ok);
}

term bif_prim_file_set_owner_nif_3(proc_t *p, const term *args)
{
    int uid, gid;
    if (!get_int(args[1], &uid) || !get_int(args[2], &gid)) BIF_BADARG(p);
    WITH_PATH(p, args[0], path);
    int rc = chown(path, (uid_t)uid, (gid_t)gid);
    int err = errno;
    free(path);
    return rc < 0 ? posix_error(p, err) : ATOM(ok);
}

term bif_prim_file_set_time_nif_4(proc_t *p, const term *args)
{
    int64_t at, mt, ct;
    if (!get_int64(args[1], &at) || !get_int64(args[2], &mt) || !get_int64(args[3], &ct)) BIF_BADARG(p);
    WITH_PATH(p, args[0], path);
    struct utimbuf tv = {.actime = (time_t)at, .modtime = (time_t)mt}; /* ctime cannot be set */
    int rc = utime(path, &tv);
    int err = errno;
    free(path);
    return rc < 0 ? posix_error(p, err) : ATOM(ok);
}

/* ---- whole files, directories, links ---- */

term bif_prim_file_read_file_nif_1(proc_t *p, const term *args)
{
    ATOMS();
    WITH_PATH(p, args[0], path);
    int fd = open_path(path, PF_READ);
    int err = errno;
    free(path);
    if (fd < 0) return posix_error(p, err);
    struct stat st;
    bool sized = fstat(fd, &st) == 0 && st.st_size > 0;
    size_t cap = sized ? (size_t)st.st_size : 16 << 10;
    bin_store_t *b = bin_store_try_new(cap);
    size_t got = 0;
    term r = THE_NON_VALUE;
    /* the size may be wrong (a growing file, /proc): read until EOF unless
     * it was known and read in full, as OTP's read_file */
    while (b) {
        ssize_t n = read_full(fd, b->data + got, cap - got, -1);
        if (n < 0) {
            r = posix_error(p, errno);
            break;
        }
        got += (size_t)n;
        if (got < cap || (sized && got == cap)) break;
        bin_store_t *nb = bin_store_try_new(cap * 2);
        if (nb) memcpy(nb->data, b->data, got);
        bin_store_release(b);
        b = nb;
        cap *= 2;
    }
    close(fd);
    if (r == THE_NON_VALUE) {
        if (!b) r = posix_error(p, ENOMEM);
        else if (got <= HEAP_BIN_LIMIT) r = ok2(p, bin_make(proc_heap(p), b->data, got, NULL));
        else {
            b = store_fit(b, got);
            r = ok2(p, bin_make_from_store(proc_heap(p), b, 0, got));
        }
    }
    if (b) bin_store_release(b);
    return r;
}

term bif_prim_file_list_dir_nif_1(proc_t *p, const term *args)
{
    WITH_PATH(p, args[0], path);
    DIR *d = posix_opendir(path);
    int err = errno;
    free(path);
    if (!d) return posix_error(p, err);
    heap_t *h = proc_heap(p);
    term l = NIL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0))) continue;
        l = heap_make_cons(h, bin_make(h, (const uint8_t *)n, strlen(n), NULL), l);
    }
    closedir(d);
    return ok2(p, l);
}

term bif_prim_file_read_link_nif_1(proc_t *p, const term *args)
{
    WITH_PATH(p, args[0], path);
    size_t cap = 256;
    term r = THE_NON_VALUE;
    while (r == THE_NON_VALUE) {
        char *buf = malloc(cap);
        if (!buf) {
            r = posix_error(p, ENOMEM);
            break;
        }
        ssize_t n = readlink(path, buf, cap);
        if (n < 0) r = posix_error(p, errno);
        else if ((size_t)n < cap) r = ok2(p, bin_make(proc_heap(p), (const uint8_t *)buf, (size_t)n, NULL));
        free(buf);
        cap *= 2; /* it did not fit: again with room to spare */
    }
    free(path);
    return r;
}

/* The NIFs that call one system call on one or two paths. */
typedef enum { OP_LINK, OP_SYMLINK, OP_RENAME, OP_MKDIR, OP_UNLINK, OP_RMDIR, OP_CHDIR } path_op_t;

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev;
}

/* 0 or the errno OTP reports (its corrections of Linux's codes included). */
static int path_op(path_op_t op, const char *a, const char *b)
{
    switch (op) {
    case OP_LINK: return link(a, b) < 0 ? errno : 0;
    case OP_SYMLINK: return symlink(a, b) < 0 ? errno : 0;
    case OP_RENAME:
        if (rename(a, b) == 0) return 0;
        if (errno == ENOTEMPTY) return EEXIST;
        if (strcmp(a, "/") == 0) return EINVAL;
        return errno;
    case OP_MKDIR: return mkdir(a, PF_DIR_MODE) < 0 ? errno : 0;
    case OP_UNLINK:
        if (unlink(a) == 0) return 0;
        return errno == EISDIR ? EPERM : errno; /* Linux's code for a directory */
    case OP_RMDIR: {
        if (rmdir(a) == 0) return 0;
        int err = errno == ENOTEMPTY ? EEXIST : errno;
        /* deleting the current directory is einval */
        if (err == EEXIST && same_file(a, ".")) return EINVAL;
        return err;
    }
    case OP_CHDIR: return chdir(a) < 0 ? errno : 0;
    }
    return EINVAL;
}

static term path_op1(proc_t *p, path_op_t op, term t)
{
    WITH_PATH(p, t, a);
    int err = path_op(op, a, NULL);
    free(a);
    return err ? posix_error(p, err) : ATOM(ok);
}

static term path_op2(proc_t *p, path_op_t op, term t1, term t2)
{
    WITH_PATH(p, t1, a);
    int err;
    char *b = marshal_path(t2, &err);
    if (b) err = path_op(op, a, b);
    free(a);
    free(b);
    return err ? posix_error(p, err) : ATOM(ok);
}

term bif_prim_file_make_hard_link_nif_2(proc_t *p, const term *args) { return path_op2(p, OP_LINK, args[0], args[1]); }
term bif_prim_file_make_soft_link_nif_2(proc_t *p, const term *args)
{
    return path_op2(p, OP_SYMLINK, args[0], args[1]);
}
term bif_prim_file_rename_nif_2(proc_t *p, const term *args) { return path_op2(p, OP_RENAME, args[0], args[1]); }
term bif_prim_file_make_dir_nif_1(proc_t *p, const term *args) { return path_op1(p, OP_MKDIR, args[0]); }
term bif_prim_file_del_file_nif_1(proc_t *p, const term *args) { return path_op1(p, OP_UNLINK, args[0]); }
term bif_prim_file_del_dir_nif_1(proc_t *p, const term *args) { return path_op1(p, OP_RMDIR, args[0]); }
term bif_prim_file_set_cwd_nif_1(proc_t *p, const term *args) { return path_op1(p, OP_CHDIR, args[0]); }

term bif_prim_file_get_cwd_nif_0(proc_t *p, const term *args)
{
    (void)args;
    char *cwd = getcwd(NULL, 0);
    if (!cwd) return posix_error(p, errno);
    term r = ok2(p, bin_make(proc_heap(p), (const uint8_t *)cwd, strlen(cwd), NULL));
    free(cwd);
    return r;
}

/* Drive letters are Windows's. */
term bif_prim_file_get_device_cwd_nif_1(proc_t *p, const term *args)
{
    int dev;
    if (!get_int(args[0], &dev)) BIF_BADARG(p);
    return posix_error(p, ENOTSUP);
}

/* Short 8.3 names are Windows's; the path is still checked first. */
term bif_prim_file_altname_nif_1(proc_t *p, const term *args)
{
    WITH_PATH(p, args[0], path);
    free(path);
    return posix_error(p, ENOTSUP);
}

/* ---- filenames (erl_unicode.c's prim_file BIFs) ---- */

bool pf_names_utf8(void)
{
    static _Atomic int utf8 = -1;
    int u = atomic_load_explicit(&utf8, memory_order_relaxed);
    if (u < 0) {
        u = bif_file_native_name_encoding_0(NULL, NULL) == atom_from_cstr("utf8");
        atomic_store_explicit(&utf8, u, memory_order_relaxed);
    }
    return u;
}

/* Decode UTF-8 (no overlong forms, surrogates or code points above
 * 0x10FFFF); the code points go to out (if non-NULL). Count, or -1. */
static ssize_t utf8_decode(const uint8_t *s, size_t n, uint32_t *out)
{
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t c = s[i];
        int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || i + (size_t)len > n) return -1;
        if (len > 1) c &= 0x3Fu >> (len - 1);
        for (int j = 1; j < len; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return -1;
            c = c << 6 | (s[i + j] & 0x3F);
        }
        static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return -1;
        if (out) out[k] = c;
        k++;
        i += (size_t)len;
    }
    return (ssize_t)k;
}

/* Encoded bytes of a (possibly deep) list of characters, without NUL;
 * false if it is not one or a character does not fit the encoding. */
typedef struct {
    uint8_t *b;
    size_t n, cap;
} nbuf_t;

static bool nbuf_put(nbuf_t *nb, const uint8_t *s, size_t n)
{
    if (nb->n + n > nb->cap) {
        size_t nc = nb->cap ? nb->cap * 2 : 64;
        while (nc < nb->n + n) nc *= 2;
        uint8_t *b = realloc(nb->b, nc);
        if (!b) return false;
        nb->b = b;
        nb->cap = nc;
    }
    memcpy(nb->b + nb->n, s, n);
    nb->n += n;
    return true;
}

static bool encode_chars(term l, bool utf8, nbuf_t *nb)
{
    /* an explicit stack of the lists still to finish */
    term stack[64], *sp = stack, *heapstack = NULL;
    size_t depth = 0, cap = 64;
    for (;;) {
        if (term_is_list(l)) {
            term c = term_car(l);
            l = term_cdr(l);
            if (term_is_list(c) || term_is_nil(c)) {
                if (depth == cap) {
                    size_t nc = cap * 2;
                    term *ns = malloc(nc * sizeof *ns);
                    if (!ns) goto fail;
                    memcpy(ns, sp, depth * sizeof *ns);
                    free(heapstack);
                    heapstack = sp = ns;
                    cap = nc;
                }
                sp[depth++] = l;
                l = c;
                continue;
            }
            if (!term_is_small(c)) goto fail;
            int64_t ch = term_to_small(c);
            uint8_t enc[4];
            size_t k;
            if (ch <= 0 || ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF)) goto fail; /* NUL too */
            if (!utf8) {
                if (ch > 255) goto fail;
                enc[0] = (uint8_t)ch;
                k = 1;
            } else {
                k = bin_utf8_encode((uint32_t)ch, enc);
            }
            if (!nbuf_put(nb, enc, k)) goto fail;
            continue;
        }
        if (!term_is_nil(l)) goto fail;
        if (depth == 0) break;
        l = sp[--depth];
    }
    free(heapstack);
    return true;
fail:
    free(heapstack);
    return false;
}

static term code_points(heap_t *h, const uint32_t *cs, size_t k)
{
    term l = NIL;
    for (size_t i = k; i-- > 0;) l = heap_make_cons(h, term_from_small(cs[i]), l);
    return l;
}

uint8_t *pf_chars_to_native(term l, size_t *n)
{
    if (!term_is_list(l) && !term_is_nil(l)) return NULL;
    nbuf_t nb = {0};
    if (!encode_chars(l, pf_names_utf8(), &nb) || !nbuf_put(&nb, (const uint8_t *)"", 1)) {
        free(nb.b);
        return NULL;
    }
    *n = nb.n - 1;
    return nb.b;
}

term pf_native_to_chars(heap_t *h, const uint8_t *s, size_t n, bool latin1_fallback)
{
    uint32_t *cs = malloc((n ? n : 1) * sizeof *cs);
    if (!cs) laser_oom("a filename", n);
    ssize_t k = pf_names_utf8() ? utf8_decode(s, n, cs) : -1;
    if (k < 0 && (latin1_fallback || !pf_names_utf8())) {
        for (size_t i = 0; i < n; i++) cs[i] = s[i];
        k = (ssize_t)n;
    }
    term l = k < 0 ? THE_NON_VALUE : code_points(h, cs, (size_t)k);
    free(cs);
    return l;
}

term bif_prim_file_internal_name2native_1(proc_t *p, const term *args)
{
    term t = args[0];
    if (term_is_bitstring(t)) {
        size_t n;
        char *s = binary_dup(t, &n);
        if (!s) BIF_BADARG(p);
        bool nul = memchr(s, 0, n) != NULL;
        term r = nul ? THE_NON_VALUE : bin_make(proc_heap(p), (const uint8_t *)s, n + 1, NULL);
        free(s);
        if (nul) BIF_BADARG(p);
        return r;
    }
    size_t n;
    uint8_t *s = pf_chars_to_native(t, &n);
    if (!s) BIF_BADARG(p);
    term r = bin_make(proc_heap(p), s, n + 1, NULL);
    free(s);
    return r;
}

term bif_prim_file_internal_native2name_1(proc_t *p, const term *args)
{
    ATOMS();
    size_t n;
    char *s = binary_dup(args[0], &n);
    if (!s) BIF_BADARG(p);
    term r = pf_native_to_chars(proc_heap(p), (const uint8_t *)s, n, false);
    free(s);
    /* untranslatable in utf8 mode: +fnuw (the default), +fnui, +fnue */
    if (r == THE_NON_VALUE) {
        char b = vm_settings.fn_bad;
        term why = b == 'i' ? atom_from_cstr("ignore") : b == 'e' ? ATOM(error) : am_warning;
        return heap_make_tuple(proc_heap(p), 2, (term[]){ATOM(error), why});
    }
    return r;
}

/* The characters of a UTF-8 name. erts also composes them to NFC there;
 * laser has no Unicode composition tables yet, so a decomposed name stays
 * decomposed (nothing in OTP 25 calls this on Linux). */
term bif_prim_file_internal_normalize_utf8_1(proc_t *p, const term *args)
{
    size_t n;
    char *s = binary_dup(args[0], &n);
    if (!s) BIF_BADARG(p);
    bool valid = utf8_decode((const uint8_t *)s, n, NULL) >= 0;
    term r = THE_NON_VALUE;
    if (valid) {
        uint32_t *cs = malloc((n ? n : 1) * sizeof *cs);
        if (!cs) laser_oom("a filename", n);
        ssize_t k = utf8_decode((const uint8_t *)s, n, cs);
        r = code_points(proc_heap(p), cs, (size_t)k);
        free(cs);
    }
    free(s);
    if (!valid) BIF_BADARG(p);
    return r;
}

term bif_prim_file_is_translatable_1(proc_t *p, const term *args)
{
    size_t n;
    char *s = binary_dup(args[0], &n);
    if (!s) BIF_BADARG(p);
    bool ok = !pf_names_utf8() || utf8_decode((const uint8_t *)s, n, NULL) >= 0;
    free(s);
    return ok ? ATOM(true) : ATOM(false);
}
