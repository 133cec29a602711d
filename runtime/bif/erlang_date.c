/*
 * erlang_date.c - erlang's calendar BIFs (erlang_date.def): localtime/0,
 * universaltime/0, date/0, time/0 from the system clock, and the
 * conversions universaltime_to_localtime/1, localtime_to_universaltime/1,2,
 * universaltime_to_posixtime/1 and posixtime_to_universaltime/1.
 *
 * The rules are erts' (erl_time_sup.c), measured against erl 25:
 *  - a date-time is {{Y,Mo,D},{H,Mi,S}} of small integers, a real day of
 *    the proleptic Gregorian calendar, H < 24, Mi < 60, S < 60, and the
 *    year at most INT_MAX - 1; at least 1902 for the local-time
 *    conversions (what every platform's time_t handles), at least 1600
 *    for universaltime_to_posixtime. Anything else is badarg.
 *  - local time goes through the C library (localtime_r / mktime with the
 *    process's TZ); localtime_to_universaltime/2's IsDst true, false or
 *    undefined is tm_isdst 1, 0 or -1, and a DST time the zone refuses is
 *    taken as standard time, as erts does.
 *  - posixtime_to_universaltime/1 takes any 64-bit integer; its dates
 *    before year 1 are erts' (see civil_from_days).
 */
#include "big.h"
#include "bif.h"

#include <limits.h>
#include <stdbool.h>
#include <time.h>

typedef struct {
    int64_t y, mo, d, h, mi, s;
} dt_t;

static bool leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

static int64_t month_days(int64_t y, int64_t mo)
{
    static const int8_t days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return mo == 2 && leap(y) ? 29 : days[mo - 1];
}

/* {{Y,Mo,D},{H,Mi,S}} with a valid date and time, year >= min_year. */
static bool dt_read(term t, int64_t min_year, dt_t *dt)
{
    if (!term_is_tuple(t) || term_tuple_arity(t) != 2) return false;
    const term *e = term_tuple_elems(t);
    int64_t v[6];
    for (int k = 0; k < 2; k++) {
        if (!term_is_tuple(e[k]) || term_tuple_arity(e[k]) != 3) return false;
        for (int j = 0; j < 3; j++) {
            term x = term_tuple_elems(e[k])[j];
            if (!term_is_small(x)) return false;
            v[k * 3 + j] = term_to_small(x);
        }
    }
    *dt = (dt_t){v[0], v[1], v[2], v[3], v[4], v[5]};
    return dt->y >= min_year && dt->y <= INT_MAX - 1 && dt->mo >= 1 && dt->mo <= 12 && dt->d >= 1 &&
           dt->d <= month_days(dt->y, dt->mo) && dt->h >= 0 && dt->h <= 23 && dt->mi >= 0 && dt->mi <= 59 &&
           dt->s >= 0 && dt->s <= 59;
}

static term int_term(heap_t *h, int64_t v) { return small_fits(v) ? term_from_small(v) : big_from_int64(h, v); }

static term dt_make(proc_t *p, const dt_t *dt)
{
    heap_t *h = proc_heap(p);
    term date = heap_make_tuple(h, 3, (term[]){int_term(h, dt->y), term_from_small(dt->mo), term_from_small(dt->d)});
    term time = heap_make_tuple(h, 3, (term[]){term_from_small(dt->h), term_from_small(dt->mi), term_from_small(dt->s)});
    return heap_make_tuple(h, 2, (term[]){date, time});
}

static dt_t dt_from_tm(const struct tm *tm)
{
    return (dt_t){(int64_t)tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec};
}

/* Days from 1970-01-01 to the date (proleptic Gregorian; any year). */
static int64_t days_from_civil(int64_t y, int64_t mo, int64_t d)
{
    y -= mo <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of a day number from 1970-01-01, with erts' arithmetic
 * (C's truncating division), which for years before 1 is a day off the
 * proleptic calendar: erl gives -62167219200 as {{-1,12,31},{0,0,0}}. */
static void civil_from_days(int64_t days, int64_t *y, int64_t *mo, int64_t *d)
{
    days += 719468;
    int64_t yy = (10000 * days + 14780) / 3652425;
    int64_t rest = days - (365 * yy + yy / 4 - yy / 100 + yy / 400);
    if (rest < 0) {
        yy--;
        rest = days - (365 * yy + yy / 4 - yy / 100 + yy / 400);
    }
    int64_t m = (100 * rest + 52) / 3060;
    *mo = (m + 2) % 12 + 1;
    *y = yy + (m + 2) / 12;
    *d = rest - (m * 306 + 5) / 10 + 1;
}

static int64_t dt_seconds(const dt_t *dt)
{
    return days_from_civil(dt->y, dt->mo, dt->d) * 86400 + dt->h * 3600 + dt->mi * 60 + dt->s;
}

static term now_as(proc_t *p, bool local, int part)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!(local ? localtime_r(&now, &tm) : gmtime_r(&now, &tm))) BIF_BADARG(p);
    dt_t dt = dt_from_tm(&tm);
    if (part == 0) return dt_make(p, &dt);
    heap_t *h = proc_heap(p);
    return part == 1 ? heap_make_tuple(h, 3, (term[]){term_from_small(dt.y), term_from_small(dt.mo), term_from_small(dt.d)})
                     : heap_make_tuple(h, 3, (term[]){term_from_small(dt.h), term_from_small(dt.mi), term_from_small(dt.s)});
}

term bif_erlang_localtime_0(proc_t *p, const term *args)
{
    (void)args;
    return now_as(p, true, 0);
}
term bif_erlang_universaltime_0(proc_t *p, const term *args)
{
    (void)args;
    return now_as(p, false, 0);
}
term bif_erlang_date_0(proc_t *p, const term *args)
{
    (void)args;
    return now_as(p, true, 1);
}
term bif_erlang_time_0(proc_t *p, const term *args)
{
    (void)args;
    return now_as(p, true, 2);
}

term bif_erlang_universaltime_to_localtime_1(proc_t *p, const term *args)
{
    dt_t dt;
    if (!dt_read(args[0], 1902, &dt)) BIF_BADARG(p);
    time_t t = (time_t)dt_seconds(&dt);
    struct tm tm;
    if (!localtime_r(&t, &tm)) BIF_BADARG(p);
    dt = dt_from_tm(&tm);
    return dt_make(p, &dt);
}

/* mktime that tells a real -1 (one second before the epoch) from failure. */
static bool mktime_ok(struct tm *tm, time_t *out)
{
    struct tm copy = *tm;
    *out = mktime(tm);
    if (*out != (time_t)-1) return true;
    copy.tm_sec -= 1;
    return mktime(&copy) == (time_t)-2;
}

static term local_to_univ(proc_t *p, term dtt, int isdst)
{
    dt_t dt;
    if (!dt_read(dtt, 1902, &dt)) BIF_BADARG(p);
    struct tm tm = {.tm_year = (int)(dt.y - 1900), .tm_mon = (int)dt.mo - 1, .tm_mday = (int)dt.d,
                    .tm_hour = (int)dt.h, .tm_min = (int)dt.mi, .tm_sec = (int)dt.s, .tm_isdst = isdst};
    struct tm again = tm;
    time_t t;
    if (!mktime_ok(&tm, &t)) {
        /* a zone without DST may refuse a DST time: then standard time */
        if (isdst <= 0) BIF_BADARG(p);
        again.tm_isdst = 0;
        if (!mktime_ok(&again, &t)) BIF_BADARG(p);
    }
    struct tm u;
    if (!gmtime_r(&t, &u)) BIF_BADARG(p);
    dt = dt_from_tm(&u);
    return dt_make(p, &dt);
}

term bif_erlang_localtime_to_universaltime_1(proc_t *p, const term *args) { return local_to_univ(p, args[0], -1); }

term bif_erlang_localtime_to_universaltime_2(proc_t *p, const term *args)
{
    term d = args[1];
    int isdst = d == ATOM(true) ? 1 : d == ATOM(false) ? 0 : d == ATOM(undefined) ? -1 : 2;
    if (isdst == 2) BIF_BADARG(p);
    return local_to_univ(p, args[0], isdst);
}

term bif_erlang_universaltime_to_posixtime_1(proc_t *p, const term *args)
{
    dt_t dt;
    if (!dt_read(args[0], 1600, &dt)) BIF_BADARG(p);
    return int_term(proc_heap(p), dt_seconds(&dt));
}

term bif_erlang_posixtime_to_universaltime_1(proc_t *p, const term *args)
{
    int64_t s;
    if (!term_is_integer(args[0]) || !int_to_int64(args[0], &s)) BIF_BADARG(p);
    int64_t days = s / 86400, secs = s % 86400;
    if (secs < 0) days--, secs += 86400;
    dt_t dt = {0, 0, 0, secs / 3600, secs % 3600 / 60, secs % 60};
    civil_from_days(days, &dt.y, &dt.mo, &dt.d);
    return dt_make(p, &dt);
}
