/*
 * erlang_io.c - erlang BIFs that write to the emulator's own stdio, not
 * through ports: display_string/1 and display_nl/0 (OTP 25 signatures).
 *
 * erlang:display/1 is print_display (print.h); its table entry sits in
 * erlang_vm.def, next to the interpreter's other BIFs.
 *
 * Both write to stderr, as OTP 25 does, with every newline written as
 * \r\n (print_write).
 */
#include "bif.h"
#include "bin.h"
#include "print.h"

/* The string as UTF-8: a flat proper list of Unicode scalar values (not
 * chardata: no binaries, no nesting). False for anything else (badarg). */
static bool utf8_of_string(term l, print_buf_t *b)
{
    for (; term_is_list(l); l = term_cdr(l)) {
        term h = term_car(l);
        if (!term_is_small(h)) return false;
        int64_t c = term_to_small(h);
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
        uint8_t u[4];
        size_t n = bin_utf8_encode((uint32_t)c, u);
        print_bytes(b, u, n);
    }
    return term_is_nil(l);
}

term bif_erlang_display_string_1(proc_t *p, const term *args)
{
    print_buf_t b = {0};
    if (!utf8_of_string(args[0], &b)) {
        print_buf_free(&b);
        BIF_BADARG(p);
    }
    /* OTP prints it with "%s": the text ends at a NUL character */
    size_t n = 0;
    while (n < b.size && b.data[n] != 0) n++;
    print_write(stderr, b.data ? b.data : "", n);
    print_buf_free(&b);
    return ATOM(true);
}

term bif_erlang_display_nl_0(proc_t *p, const term *args)
{
    (void)p;
    (void)args;
    print_write(stderr, "\n", 1);
    return ATOM(true);
}
