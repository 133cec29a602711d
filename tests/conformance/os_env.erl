%% os_env: the os module's built-ins and the Erlang code of os.erl over
%% them: getenv/putenv/unsetenv with deep lists and Unicode values, env/0
%% and getenv/0 (only this program's variables: erl adds its own), badarg
%% for names with '=' or NUL and for binaries, getpid/0, perf_counter/0,1,
%% set_signal/2's accepted signals and options, type/0, version/0.
-module(os_env).
-export([main/0]).

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

ex(F) -> try F() catch C:R -> {C, R} end.

mine(L) -> lists:sort([KV || {"LASER_OS_T" ++ _, _} = KV <- L]).

main() ->
    p(unset, os:getenv("LASER_OS_T_A")),
    p(default, os:getenv("LASER_OS_T_A", "dflt")),
    p(putenv, os:putenv("LASER_OS_T_A", "1")),
    p(getenv, os:getenv("LASER_OS_T_A")),
    p(getenv2, os:getenv("LASER_OS_T_A", "dflt")),
    p(deep, os:putenv(["LASER_OS", "_T_B"], ["a", $b, [$c]])),
    p(deep_get, os:getenv("LASER_OS_T_B")),
    p(unicode, os:putenv("LASER_OS_T_U", [233, 8364, 128512])),
    p(unicode_get, os:getenv("LASER_OS_T_U")),
    p(empty_value, os:putenv("LASER_OS_T_E", "")),
    p(empty_get, os:getenv("LASER_OS_T_E")),
    p(overwrite, os:putenv("LASER_OS_T_A", "2")),
    p(overwritten, os:getenv("LASER_OS_T_A")),
    p(env, mine(os:env())),
    p(getenv0, lists:sort([S || "LASER_OS_T" ++ _ = S <- os:getenv()])),
    p(unsetenv, os:unsetenv("LASER_OS_T_A")),
    p(after_unset, os:getenv("LASER_OS_T_A")),
    p(unset_missing, os:unsetenv("LASER_OS_T_NONE")),
    p(env_after, mine(os:env())),
    [os:unsetenv(K) || {K, _} <- mine(os:env())],
    p(env_clean, mine(os:env())),
    p(empty_name, [os:getenv(""), os:putenv("", "x"), os:unsetenv("")]),
    p(bad, [ex(fun() -> os:getenv("A=B") end),
            ex(fun() -> os:putenv("A=B", "c") end),
            ex(fun() -> os:unsetenv("A=B") end),
            ex(fun() -> os:putenv("LASER_OS_T_X", "c\0d") end),
            ex(fun() -> os:getenv([0]) end),
            ex(fun() -> os:getenv(<<"HOME">>) end),
            ex(fun() -> os:getenv(home) end),
            ex(fun() -> os:putenv("LASER_OS_T_X", <<"v">>) end),
            ex(fun() -> os:putenv("LASER_OS_T_X", [16#110000]) end),
            ex(fun() -> os:putenv("LASER_OS_T_X", [16#D800]) end),
            ex(fun() -> os:getenv([$A | <<"B">>]) end)]),
    p(bad_left_nothing, os:getenv("LASER_OS_T_X")),
    Pid = os:getpid(),
    p(getpid, {is_list(Pid), Pid =/= [], lists:all(fun(C) -> C >= $0 andalso C =< $9 end, Pid)}),
    T1 = os:perf_counter(),
    T2 = os:perf_counter(),
    p(perf_counter, {is_integer(T1), T2 >= T1}),
    Ms = os:perf_counter(millisecond),
    p(perf_counter_ms, is_integer(Ms) andalso Ms >= 0),
    p(perf_counter_bad, ex(fun() -> os:perf_counter(fortnight) end)),
    {MS, S, US} = os:timestamp(),
    p(timestamp, is_integer(MS) andalso is_integer(S) andalso S < 1000000 andalso US < 1000000),
    p(system_time, is_integer(os:system_time()) andalso is_integer(os:system_time(second))),
    p(type, os:type()),
    {V1, V2, V3} = os:version(),
    p(version, is_integer(V1) andalso is_integer(V2) andalso is_integer(V3)),
    p(signals, [{S1, ex(fun() -> os:set_signal(S1, ignore) end), ex(fun() -> os:set_signal(S1, default) end)}
                || S1 <- [sighup, sigquit, sigabrt, sigalrm, sigterm, sigusr1, sigusr2, sigstop, sigtstp, sigint,
                          sigkill, sigsegv, foo, "sighup"]]),
    p(signal_handle, [os:set_signal(sigusr2, handle), os:set_signal(sigusr2, default)]),
    p(signal_bad_option, ex(fun() -> os:set_signal(sigusr2, bogus) end)).
