%% std_calendar_math: calendar date arithmetic (no current time) and the math module, compared with erl.
-module(std_calendar_math).
-export([main/0]).

%% Each result is formatted with ~p and ~w and gathered; the output goes
%% out in one io:put_chars at the end (a habit from when the interim I/O server lost
%% replies after 1000 requests).
t(Tag, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    put(out, [io_lib:format("~p: ~p~n~w~n", [Tag, R, R]) | get_out()]).
get_out() -> case get(out) of undefined -> []; L -> L end.
flush() -> io:put_chars(lists:reverse(get_out())), put(out, []).

main() ->
    t(dates, fun() -> {calendar:date_to_gregorian_days(2024, 2, 29), calendar:gregorian_days_to_date(739000),
                       calendar:day_of_the_week(2026, 11, 26), calendar:day_of_the_week({2000, 1, 1}), calendar:is_leap_year(1900),
                       calendar:is_leap_year(2000), calendar:last_day_of_the_month(2023, 2), calendar:last_day_of_the_month(2024, 2),
                       calendar:valid_date(2023, 2, 29), calendar:valid_date({2024, 2, 29}), calendar:iso_week_number({2021, 1, 3}),
                       calendar:iso_week_number({2020, 12, 31})} end),
    t(secs, fun() -> {calendar:datetime_to_gregorian_seconds({{1970, 1, 1}, {0, 0, 0}}), calendar:gregorian_seconds_to_datetime(63000000000),
                      calendar:seconds_to_daystime(100000), calendar:seconds_to_time(3661), calendar:time_to_seconds({1, 1, 1}),
                      calendar:time_difference({{2020, 1, 1}, {0, 0, 0}}, {{2021, 3, 1}, {12, 30, 5}}),
                      calendar:system_time_to_universal_time(1000000000, second), calendar:rfc3339_to_system_time("2018-02-01T16:17:58+01:00"),
                      calendar:system_time_to_rfc3339(1517498278, [{offset, "Z"}]),
                      calendar:system_time_to_rfc3339(1517498278123, [{unit, millisecond}, {offset, "+02:00"}])} end),
    t(convert_time_unit, fun() -> [erlang:convert_time_unit(T, F, U) || T <- [0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, 1 bsl 80, -(1 bsl 80)],
                                                                        {F, U} <- [{second, millisecond}, {millisecond, second}, {nanosecond, microsecond},
                                                                                   {native, second}, {perf_counter, millisecond}, {3, 7}, {seconds, milli_seconds},
                                                                                   {micro_seconds, nano_seconds}, {1 bsl 70, second}]] end),
    [t({convert_time_unit_bad, A}, fun() -> erlang:convert_time_unit(element(1, A), element(2, A), element(3, A)) end)
     || A <- [{1.0, second, second}, {1, foo, second}, {1, second, 0}, {1, second, -5}, {1, 2.0, second}, {a, second, second}]],
    t(bad_date, fun() -> calendar:date_to_gregorian_days(2023, 2, 30) end),
    t(math, fun() -> {math:pi(), math:e(), math:sqrt(2), math:pow(2, 0.5), math:exp(1), math:log(10), math:log2(1024), math:log10(0.001),
                      math:sin(1), math:cos(1), math:tan(1), math:asin(0.5), math:acos(0.5), math:atan(1), math:atan2(1, -1),
                      math:sinh(1), math:cosh(1), math:tanh(0.5), math:asinh(1), math:acosh(2), math:atanh(0.5), math:erf(0.5),
                      math:erfc(0.5), math:ceil(-1.5), math:floor(-1.5), math:fmod(7.5, 2), math:tau(), math:pow(10, 300)} end),
    t(math_bad, fun() -> math:sqrt(-1) end),
    t(math_bad2, fun() -> math:log(0) end),
    t(math_bad3, fun() -> math:pow(10, 400) end),
    t(math_bad4, fun() -> math:sin(a) end),
    flush().
