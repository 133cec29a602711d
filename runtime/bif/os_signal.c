/*
 * os_signal.c - os:set_signal/2's dispositions. OTP's signals: sighup,
 * sigquit, sigabrt, sigalrm, sigterm, sigusr1, sigusr2, sigchld, sigstop,
 * sigtstp (not sigint or sigkill), each to ignore, default or handle. The
 * handler of a handled signal writes its number to a pipe; a thread reads
 * it and calls os_signal_deliver (os.c) off the signal context.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "bif/os.h"

static const struct {
    const char *name;
    int sig;
} os_signals[] = {
    {"sighup", SIGHUP},   {"sigquit", SIGQUIT}, {"sigabrt", SIGABRT}, {"sigalrm", SIGALRM}, {"sigterm", SIGTERM},
    {"sigusr1", SIGUSR1}, {"sigusr2", SIGUSR2}, {"sigchld", SIGCHLD}, {"sigstop", SIGSTOP}, {"sigtstp", SIGTSTP},
};
#define OS_NSIGNALS (sizeof os_signals / sizeof os_signals[0])

static int sig_pipe[2] = {-1, -1};
static pthread_once_t sig_once = PTHREAD_ONCE_INIT;

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    ssize_t w = write(sig_pipe[1], &b, 1); /* a full pipe drops it, as coalesced signals are */
    (void)w;
    errno = saved;
}

static void *sig_thread(void *arg)
{
    (void)arg;
    for (;;) {
        unsigned char b;
        ssize_t r = read(sig_pipe[0], &b, 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return NULL;
        for (size_t i = 0; i < OS_NSIGNALS; i++)
            if (os_signals[i].sig == b) os_signal_deliver(os_signals[i].name);
    }
}

static void sig_start(void)
{
    if (pipe(sig_pipe) < 0) return;
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* the thread itself takes no signals */
    if (pthread_create(&t, &a, sig_thread, NULL) != 0) {
        close(sig_pipe[0]);
        close(sig_pipe[1]);
        sig_pipe[0] = sig_pipe[1] = -1;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&a);
}

bool os_signal_set(const char *signame, const char *how)
{
    int sig = 0;
    for (size_t i = 0; i < OS_NSIGNALS; i++)
        if (strcmp(signame, os_signals[i].name) == 0) sig = os_signals[i].sig;
    if (!sig) return false;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (strcmp(how, "ignore") == 0) {
        sa.sa_handler = SIG_IGN;
    } else if (strcmp(how, "default") == 0) {
        sa.sa_handler = SIG_DFL;
    } else if (strcmp(how, "handle") == 0) {
        pthread_once(&sig_once, sig_start);
        if (sig_pipe[1] < 0) return false;
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESTART;
    } else {
        return false;
    }
    /* SIGSTOP's disposition cannot change; erts answers ok all the same */
    if (sig != SIGSTOP) sigaction(sig, &sa, NULL);
    return true;
}
