/*
 * settings.c - the emulator flags' settings (settings.h), erl's defaults.
 */
#include "settings.h"

settings_t vm_settings = {
    .printable_unicode = false,
    .fn_encoding = 'a',
    .fn_bad = 'w',
    .warning_map = 'w',
    .async_threads = 1,
    .mqd_off_heap = false,
};
