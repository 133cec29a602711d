/*
 * settings.h - what erl's emulator flags set beyond the scheduler and
 * JIT options (+pc, +fn, +W, +A, +hmqd, ...): written by main.c before
 * the VM starts, read-only after, read by the BIFs that report them.
 */
#ifndef LASER_SETTINGS_H
#define LASER_SETTINGS_H

#include <stdbool.h>

typedef struct {
    bool printable_unicode; /* +pc unicode: io:printable_range/0 */
    char fn_encoding;       /* +fnl/+fnu/+fna: 'l', 'u', 'a' (the locale's; erl's default) */
    char fn_bad;            /* +fn{u,a}{w,i,e}: a name that is not UTF-8 warns, is ignored, or is an error */
    char warning_map;       /* +W w|i|e: error_logger:warning_map/0 */
    unsigned async_threads; /* +A N: system_info(thread_pool_size) */
    bool mqd_off_heap;      /* +hmqd off_heap: spawn's default message_queue_data */
} settings_t;

extern settings_t vm_settings;

#endif
