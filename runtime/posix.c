/* posix.c - errno values as atoms (see posix.h). */
#include "posix.h"

#include <fcntl.h>
#include <unistd.h>

#include <errno.h>

#include "atom.h"

static const char *errno_name(int err)
{
    switch (err) {
    case E2BIG: return "e2big";
    case EACCES: return "eacces";
    case EADDRINUSE: return "eaddrinuse";
    case EADDRNOTAVAIL: return "eaddrnotavail";
    case EAFNOSUPPORT: return "eafnosupport";
    case EAGAIN: return "eagain";
    case EALREADY: return "ealready";
    case EBADF: return "ebadf";
    case EBADMSG: return "ebadmsg";
    case EBUSY: return "ebusy";
    case ECANCELED: return "ecanceled";
    case ECHILD: return "echild";
    case ECONNABORTED: return "econnaborted";
    case ECONNREFUSED: return "econnrefused";
    case ECONNRESET: return "econnreset";
    case EDEADLK: return "edeadlk";
    case EDESTADDRREQ: return "edestaddrreq";
    case EDOM: return "edom";
    case EDQUOT: return "edquot";
    case EEXIST: return "eexist";
    case EFAULT: return "efault";
    case EFBIG: return "efbig";
    case EHOSTDOWN: return "ehostdown";
    case EHOSTUNREACH: return "ehostunreach";
    case EIDRM: return "eidrm";
    case EILSEQ: return "eilseq";
    case EINPROGRESS: return "einprogress";
    case EINTR: return "eintr";
    case EINVAL: return "einval";
    case EIO: return "eio";
    case EISCONN: return "eisconn";
    case EISDIR: return "eisdir";
    case ELOOP: return "eloop";
    case EMFILE: return "emfile";
    case EMLINK: return "emlink";
    case EMSGSIZE: return "emsgsize";
    case EMULTIHOP: return "emultihop";
    case ENAMETOOLONG: return "enametoolong";
    case ENETDOWN: return "enetdown";
    case ENETRESET: return "enetreset";
    case ENETUNREACH: return "enetunreach";
    case ENFILE: return "enfile";
    case ENOBUFS: return "enobufs";
    case ENODATA: return "enodata";
    case ENODEV: return "enodev";
    case ENOENT: return "enoent";
    case ENOEXEC: return "enoexec";
    case ENOLCK: return "enolck";
    case ENOLINK: return "enolink";
    case ENOMEM: return "enomem";
    case ENOMSG: return "enomsg";
    case ENOPROTOOPT: return "enoprotoopt";
    case ENOSPC: return "enospc";
    case ENOSR: return "enosr";
    case ENOSTR: return "enostr";
    case ENOSYS: return "enosys";
    case ENOTBLK: return "enotblk";
    case ENOTCONN: return "enotconn";
    case ENOTDIR: return "enotdir";
    case ENOTEMPTY: return "enotempty";
    case ENOTSOCK: return "enotsock";
    case ENOTSUP: return "enotsup";
    case ENOTTY: return "enotty";
    case ENXIO: return "enxio";
    case EOVERFLOW: return "eoverflow";
    case EPERM: return "eperm";
    case EPFNOSUPPORT: return "epfnosupport";
    case EPIPE: return "epipe";
    case EPROTO: return "eproto";
    case EPROTONOSUPPORT: return "eprotonosupport";
    case EPROTOTYPE: return "eprototype";
    case ERANGE: return "erange";
    case EREMOTE: return "eremote";
    case EROFS: return "erofs";
    case ESHUTDOWN: return "eshutdown";
    case ESOCKTNOSUPPORT: return "esocktnosupport";
    case ESPIPE: return "espipe";
    case ESRCH: return "esrch";
    case ESTALE: return "estale";
    case ETIME: return "etime";
    case ETIMEDOUT: return "etimedout";
    case ETOOMANYREFS: return "etoomanyrefs";
    case ETXTBSY: return "etxtbsy";
    case EUSERS: return "eusers";
    case EXDEV: return "exdev";
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return "ewouldblock";
#endif
#if EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return "eopnotsupp";
#endif
    default: return "unknown";
    }
}

term posix_errno_atom(int err) { return atom_from_cstr(errno_name(err)); }

DIR *posix_opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return NULL;
    DIR *d = fdopendir(fd);
    if (!d) close(fd);
    return d;
}
