%% res_gc - resources as magic references: atomics and counters arrays,
%% compiled match specs, prim_buffers and zlib streams are freed when the
%% last term naming them is collected (a million arrays made and dropped
%% in a loop leave the memory flat). res_live checks live ones keep
%% working.
%% stress: skip (a memory measure: under ASan, collecting at every
%% allocation moved the RSS by 230 MB on a loaded machine)
-module(res_gc).
-export([main/0]).

main() ->
    %% warm-up rounds first: the allocator (and ASan's quarantine) settle;
    %% kept objects would grow the memory by about 1 GB per round
    round(),
    round(),
    R0 = rss(),
    %% the lowest of three samples: ASan's allocator hands pages back to
    %% the OS on a timer, which moves one sample by hundreds of MB either
    %% way; a leak of the big arrays adds about 400 MB per round to all
    R1 = lists:min([begin round(), rss() end || _ <- [1, 2, 3]]),
    Grown = (R1 - R0) div (1024 * 1024),
    io:format("memory flat: ~p~n", [Grown < 200 orelse {grown_mb, Grown}]),
    ok.

%% about 300 MB of objects if none were freed
round() ->
    churn(fun() -> atomics:new(1, []) end, 500000),
    churn(fun() -> counters:new(1, [write_concurrency]) end, 100000),
    churn(fun() -> ets:match_spec_compile([{{'$1', '_'}, [], ['$1']}]) end, 100000),
    churn(fun() -> prim_buffer:new() end, 100000),
    churn(fun() -> zlib:open() end, 100000),
    churn(fun() -> Z = zlib:open(), ok = zlib:deflateInit(Z), Z end, 300),
    %% a big array dropped many times: its size makes the GC come
    churn(fun() -> atomics:new(100000, []) end, 500).

churn(_F, 0) -> ok;
churn(F, N) -> _ = F(), churn(F, N - 1).

%% VmRSS in bytes
rss() ->
    erlang:garbage_collect(),
    {ok, B} = prim_file:read_file("/proc/self/status"),
    [Line] = [L || L <- binary:split(B, <<"\n">>, [global]), binary:part(L, 0, min(6, byte_size(L))) =:= <<"VmRSS:">>],
    [_, Kb, _] = binary:split(Line, [<<" ">>, <<"\t">>], [global, trim_all]) -- [<<>>],
    binary_to_integer(Kb) * 1024.
