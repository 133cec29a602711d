%% std_calendar_local: the erlang calendar BIFs and the calendar functions
%% built on them: universaltime_to_localtime, localtime_to_universaltime/1,2
%% (IsDst true/false/undefined), universaltime_to_posixtime and
%% posixtime_to_universaltime over their whole ranges (years 1600/1902 to
%% huge, before year 1), the badargs, and calendar's local_time_to_
%% universal_time_dst/now_to_* on fixed inputs. Both VMs share the
%% environment's TZ; the clock BIFs are checked for shape only.
-module(std_calendar_local).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Ds = [{{2024, 6, 1}, {12, 0, 0}}, {{1970, 1, 1}, {0, 0, 0}}, {{1969, 12, 31}, {23, 59, 59}}, {{0, 1, 1}, {0, 0, 0}}, {{2023, 2, 29}, {0, 0, 0}},
          {{2024, 2, 29}, {23, 59, 59}}, {{2024, 1, 1}, {24, 0, 0}}, {{2024, 1, 1}, {0, 60, 0}}, {{2024, 1, 1}, {0, 0, 60}}, {{10000, 1, 1}, {0, 0, 0}},
          {{2038, 1, 19}, {3, 14, 8}}, {{2100, 1, 1}, {0, 0, 0}}, {{2024, 13, 1}, {0, 0, 0}}, x, {{2024, 1, 1}}, {{a, 1, 1}, {0, 0, 0}},
          {{-1, 1, 1}, {0, 0, 0}}, {{1900, 1, 1}, {0, 0, 0}}, {{1, 1, 1}, {0, 0, 0}}, {{1599, 12, 31}, {23, 59, 59}}, {{1600, 1, 1}, {0, 0, 0}},
          {{1901, 12, 31}, {23, 59, 59}}, {{1902, 1, 1}, {0, 0, 0}}, {{2024, 3, 31}, {2, 30, 0}}, {{2024, 10, 27}, {2, 30, 0}},
          {{2024, 3, 10}, {2, 30, 0}}, {{2024, 11, 3}, {1, 30, 0}}, {{1 bsl 40, 1, 1}, {0, 0, 0}}, {{2024, 1, 1.0}, {0, 0, 0}}, {{2024, 1, 1}, {0, 0, 0}, x}],
    [t({conv, D}, fun() -> [stdh:run(F) || F <- [fun() -> erlang:universaltime_to_localtime(D) end, fun() -> erlang:localtime_to_universaltime(D) end,
                                                  fun() -> erlang:localtime_to_universaltime(D, true) end, fun() -> erlang:localtime_to_universaltime(D, false) end,
                                                  fun() -> erlang:localtime_to_universaltime(D, undefined) end, fun() -> erlang:universaltime_to_posixtime(D) end]] end)
     || D <- Ds],
    t(dst_bad, fun() -> erlang:localtime_to_universaltime({{2024, 1, 1}, {0, 0, 0}}, maybe) end),
    t(posix, fun() -> [stdh:run(fun() -> erlang:posixtime_to_universaltime(P) end)
                       || P <- [0, -1, 1, 86399, 86400, 1700000000, 253402300799, 253402300800, -62135596800, -62135596801, -62167219200, -62167219201,
                                -62198841600, -11676096000, 1 bsl 40, 1 bsl 60, 1 bsl 62, -(1 bsl 62), 1 bsl 70, a, 1.5]] end),
    t(posix_roundtrip, fun() -> [erlang:universaltime_to_posixtime(erlang:posixtime_to_universaltime(P)) =:= P || P <- [0, -1, 1234567890, -5364662400, 99999999999]] end),
    t(local_roundtrip, fun() -> [erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(D)) =:= D
                                 || D <- [{{2024, 1, 15}, {8, 0, 0}}, {{1999, 7, 4}, {23, 0, 1}}, {{2050, 12, 31}, {0, 0, 0}}]] end),
    t(calendar_local, fun() -> [calendar:local_time_to_universal_time(D) || D <- [{{2024, 6, 1}, {12, 0, 0}}, {{2000, 1, 1}, {0, 0, 0}}]] end),
    t(calendar_dst, fun() -> [calendar:local_time_to_universal_time_dst(D) || D <- [{{2024, 6, 1}, {12, 0, 0}}, {{2024, 3, 31}, {2, 30, 0}}, {{2024, 10, 27}, {2, 30, 0}}]] end),
    t(calendar_universal, fun() -> calendar:universal_time_to_local_time({{2024, 6, 1}, {12, 0, 0}}) end),
    t(now_to, fun() -> {calendar:now_to_universal_time({1700, 0, 5}), calendar:now_to_local_time({1700, 0, 5}) =:= erlang:universaltime_to_localtime({{2023, 11, 14}, {22, 13, 20}}),
                        calendar:now_to_datetime({0, 0, 0})} end),
    t(clock_shapes, fun() -> [calendar:valid_date(element(1, erlang:localtime())), calendar:valid_date(element(1, erlang:universaltime())),
                              calendar:valid_date(erlang:date()), tuple_size(erlang:time()), calendar:valid_date(element(1, calendar:local_time())),
                              calendar:valid_date(element(1, calendar:universal_time()))] end),
    ok.
