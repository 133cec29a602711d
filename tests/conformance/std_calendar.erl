%% std_calendar: the calendar module on fixed dates (no clock): day
%% numbers, seconds conversions, leap years, ISO week numbers, last day of
%% month, valid_date, time differences, RFC 3339 formatting and parsing
%% with offsets and units, and the errors for bad input.
-module(std_calendar).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Dates = [{1970, 1, 1}, {2000, 2, 29}, {1900, 3, 1}, {2024, 12, 31}, {0, 1, 1}, {2038, 1, 19}, {1999, 12, 31}, {2100, 2, 28}],
    t(day_numbers, fun() -> [{calendar:date_to_gregorian_days(D), calendar:day_of_the_week(D), calendar:iso_week_number(D)} || D <- Dates] end),
    t(gregorian_days, fun() -> [calendar:gregorian_days_to_date(N) || N <- [0, 1, 365, 366, 719528, 730485, 738000]] end),
    t(seconds, fun() -> [calendar:datetime_to_gregorian_seconds({D, {12, 34, 56}}) || D <- Dates] end),
    t(gregorian_seconds, fun() -> [calendar:gregorian_seconds_to_datetime(S) || S <- [0, 86399, 62167219200, 63745056000]] end),
    t(leap, fun() -> [{Y, calendar:is_leap_year(Y)} || Y <- [1900, 2000, 2004, 2100, 2023, 2024, 0, 4]] end),
    t(last_day, fun() -> [calendar:last_day_of_the_month(Y, M) || {Y, M} <- [{2023, 2}, {2024, 2}, {1900, 2}, {2000, 2}, {2023, 4}, {2023, 12}]] end),
    t(valid, fun() -> [calendar:valid_date(D) || D <- [{2023, 2, 29}, {2024, 2, 29}, {2023, 13, 1}, {2023, 0, 1}, {2023, 4, 31}, {-1, 1, 1}]] ++
                      [calendar:valid_date(2023, 6, 15)] end),
    t(week_of_year, fun() -> [calendar:iso_week_number(D) || D <- [{2021, 1, 3}, {2021, 1, 4}, {2020, 12, 31}, {2026, 12, 31}, {2015, 12, 31}]] end),
    t(dow3, fun() -> calendar:day_of_the_week(2024, 2, 29) end),
    t(time_diff, fun() -> {calendar:time_difference({{2024, 1, 1}, {0, 0, 0}}, {{2024, 3, 1}, {12, 30, 15}}),
                           calendar:time_difference({{2024, 3, 1}, {0, 0, 0}}, {{2024, 1, 1}, {0, 0, 0}})} end),
    t(seconds_to_time, fun() -> {calendar:seconds_to_time(3725), calendar:time_to_seconds({1, 2, 5}), calendar:seconds_to_daystime(100000),
                                 calendar:seconds_to_daystime(-100)} end),
    t(unix, fun() -> {calendar:system_time_to_universal_time(0, second), calendar:system_time_to_universal_time(1700000000123, millisecond)} end),
    t(rfc3339_fmt, fun() -> [calendar:system_time_to_rfc3339(T, O) || {T, O} <- [{0, [{offset, "Z"}]}, {1700000000, [{offset, "+02:00"}]},
                                                                                 {1700000000123, [{unit, millisecond}, {offset, "-05:30"}]},
                                                                                 {1700000000123456, [{unit, microsecond}, {offset, "Z"}, {time_designator, $\s}]},
                                                                                 {1700000000, [{offset, 3600}]}, {-1, [{offset, "Z"}]}]] end),
    t(rfc3339_parse, fun() -> [calendar:rfc3339_to_system_time(S, O) || {S, O} <- [{"1970-01-01T00:00:00Z", []}, {"2023-11-14T22:13:20+02:00", []},
                                                                                  {"2023-11-14 22:13:20.123Z", [{unit, millisecond}]},
                                                                                  {"2023-11-14T22:13:20.5-01:00", [{unit, microsecond}]}]] end),
    t(rfc3339_bad, fun() -> calendar:rfc3339_to_system_time("2023-11-14", []) end),
    t(bad_date, fun() -> calendar:date_to_gregorian_days({2023, 2, 30}) end),
    t(bad_days, fun() -> calendar:gregorian_days_to_date(-1) end),
    t(bad_dow, fun() -> calendar:day_of_the_week(a) end),
    ok.
