/* crash.c - erl's crash exit (see crash.h). */
#include "crash.h"

#include "atom.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void crash_dump_write(const char *slogan)
{
    const char *secs = getenv("ERL_CRASH_DUMP_SECONDS");
    if (secs && strcmp(secs, "0") == 0) return;
    const char *path = getenv("ERL_CRASH_DUMP");
    if (!path || !*path) path = "erl_crash.dump";
    fprintf(stderr, "\r\nCrash dump is being written to: %s...", path);
    FILE *f = fopen(path, "w");
    if (f) {
        time_t now = time(NULL);
        char date[64];
        struct tm tm;
        strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", localtime_r(&now, &tm));
        fprintf(f, "=erl_crash_dump:0.5\n%s\nSlogan: %s\nSystem version: laser (Erlang/OTP 25 compatible)\n"
                "Atoms: %zu\n", date, slogan, atom_count());
        fclose(f);
    }
    fprintf(stderr, f ? "done\r\n" : "failed\r\n");
    fflush(stderr);
}

_Noreturn void crash_dump_exit(const char *fmt, ...)
{
    char slogan[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(slogan, sizeof slogan, fmt, ap);
    va_end(ap);
    /* what was printed before the crash must reach its reader */
    fflush(stdout);
    /* erts_exit writes through erts_fprintf, with CR LF line ends */
    fprintf(stderr, "%s\r\n", slogan);
    crash_dump_write(slogan);
    fflush(stderr);
    /* other threads may still run: skip atexit handlers, as erts_exit does */
    _exit(1);
}
