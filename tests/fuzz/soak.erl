%% soak - the workload of scripts/soak: rounds of binaries (refc, sub,
%% appended, term_to_binary round trips), maps (flat and HAMT), bignums,
%% lists, strings, the process dictionary, exceptions, re, and processes
%% (spawns with links and monitors, messages with binaries, timers, exits),
%% ETS (every table type, written by several processes, binaries as values,
%% tables deleted by their owners' exits, select and match),
%% each round checksummed. It runs until killed and prints one line per round; a round
%% whose checksum differs from the first round's stops it with status 1
%% (memory reuse gone wrong shows up as wrong data before it shows up as a
%% crash).
-module(soak).
-export([main/0]).

main() ->
    C = round(),
    io:format("round 1 checksum ~p~n", [C]),
    loop(2, C).

loop(N, C) ->
    case round() of
        C -> io:format("round ~p ok~n", [N]), loop(N + 1, C);
        Other -> io:format("round ~p MISMATCH ~p /= ~p~n", [N, Other, C]), erlang:halt(1)
    end.

round() ->
    erlang:phash2([bins(), maps(), bigs(), lists(), strings(), dict(), excs(), regex(), procs(), etss()]).

%% workers that get binaries and lists by message, answer, and exit with
%% various reasons, watched by links and monitors; a timer per worker
procs() ->
    Self = self(),
    process_flag(trap_exit, true),
    Ws = [begin
              W = spawn_link(fun() -> worker(Self) end),
              M = monitor(process, W),
              erlang:send_after(1 + I rem 5, W, {tick, I}),
              W ! {job, I, list_to_binary(lists:duplicate(100 + I, I rem 256)), lists:seq(1, I rem 50)},
              {W, M, I}
          end || I <- lists:seq(1, 200)],
    Sums = [receive {done, W, S} -> S end || {W, _, _} <- Ws],
    Downs = [receive {'DOWN', M, process, W, R} -> R end || {W, M, _} <- Ws],
    Exits = [receive {'EXIT', W, R} -> R end || {W, _, _} <- Ws],
    process_flag(trap_exit, false),
    {lists:sum(Sums), Downs =:= Exits}.

worker(Parent) ->
    receive
        {job, I, Bin, L} ->
            receive {tick, I} -> ok end,
            Parent ! {done, self(), byte_size(Bin) + lists:sum(L)},
            exit(case I rem 3 of 0 -> normal; 1 -> {shutdown, I}; 2 -> done end)
    end.

%% deterministic pseudo-random numbers (an LCG): the same every round
rand(S) -> (S * 1103515245 + 12345) band 16#7fffffff.
rands(0, _, Acc) -> Acc;
rands(N, S, Acc) -> S1 = rand(S), rands(N - 1, S1, [S1 | Acc]).

bins() ->
    Big = binary:copy(<<"0123456789abcdef">>, 65536),            % 1 MiB refc
    Subs = [binary:part(Big, I * 4096, 1000) || I <- lists:seq(0, 255)],
    App = lists:foldl(fun(I, Acc) -> <<Acc/bits, I:16, (I band 7):3>> end, <<>>, lists:seq(1, 20000)),
    T = {Subs, App, [Big]},
    T = binary_to_term(term_to_binary(T)),
    Z = binary_to_term(term_to_binary(T, [compressed])),
    Split = binary:split(Big, <<"f0">>, [global]),
    {byte_size(Big), length(Split), bit_size(App), erlang:phash2(Z),
     lists:sum([X || <<X:8>> <= binary:part(App, 100, 500)])}.

maps() ->
    Keys = rands(20000, 7, []),
    M = maps:from_list([{K, [K]} || K <- Keys]),
    M2 = lists:foldl(fun(K, Acc) -> Acc#{K => K + 1} end, M, lists:sublist(Keys, 5000)),
    M3 = maps:without(lists:sublist(Keys, 2000, 3000), M2),
    Small = lists:foldl(fun(I, Acc) -> maps:put({k, I rem 20}, I, Acc) end, #{}, lists:seq(1, 10000)),
    {maps:size(M3), maps:fold(fun(K, _, A) -> (A + K) band 16#ffffff end, 0, M3), Small}.

bigs() ->
    F = fact(600),
    Fib = fib(3000, 0, 1),
    Q = F div Fib,
    R = F rem Fib,
    {length(integer_to_list(F)), Q * Fib + R =:= F, (F bsr 4000) band 16#ffff,
     integer_to_list(Fib * Fib - F, 36) =/= "", -F div 7}.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

lists() ->
    L = rands(30000, 11, []),
    S = lists:sort(L),
    U = lists:usort([X rem 1000 || X <- L]),
    {hd(S), lists:last(S), length(U), lists:sum(lists:sublist(lists:reverse(S), 100)),
     lists:keysort(2, [{I, I rem 17} || I <- lists:seq(1, 2000)]) =/= []}.

strings() ->
    Lines = [io_lib:format("~p ~s ~.3f ~w~n", [I, integer_to_list(I * I), I / 7, {I, [a]}]) || I <- lists:seq(1, 2000)],
    Flat = lists:flatten(Lines),
    Bin = unicode:characters_to_binary(["åäö ", Flat]),
    {length(Flat), byte_size(Bin), string:to_upper(lists:sublist(Flat, 40)), string:tokens(lists:sublist(Flat, 200), " \n")}.

dict() ->
    [put({d, I}, I * 2) || I <- lists:seq(1, 5000)],
    S = lists:sum([get({d, I}) || I <- lists:seq(1, 5000, 3)]),
    [erase({d, I}) || I <- lists:seq(1, 5000)],
    {S, get({d, 1})}.

excs() ->
    lists:sum([try thrower(I) catch throw:{t, X} -> X; error:{e, X} -> -X end || I <- lists:seq(1, 5000)]).

thrower(I) when I rem 2 =:= 0 -> throw({t, I});
thrower(I) -> erlang:error({e, I}).

regex() ->
    Text = binary:copy(<<"user=alice id=42; user=bob id=7; ">>, 300),
    {match, Ms} = re:run(Text, <<"user=(\\w+) id=(\\d+)">>, [global, {capture, all_but_first, binary}]),
    {length(Ms), lists:last(Ms), re:replace(<<"a.b.c">>, <<"\\.">>, <<"-">>, [global, {return, binary}])}.

%% ETS traffic: for each table type, an owner process creates a public
%% table, four writers insert/update/delete in it (refc binaries as values),
%% the owner sums it with select and match and then exits, which deletes the
%% table (its objects and binaries must all be freed)
etss() ->
    [ets_type(T) || T <- [set, ordered_set, bag, duplicate_bag]].

ets_type(Type) ->
    Self = self(),
    {Owner, M} = spawn_monitor(fun() -> ets_owner(Self, Type) end),
    R = receive {ets_sum, Owner, S} -> S end,
    receive {'DOWN', M, process, Owner, normal} -> ok end,
    R.

ets_owner(Parent, Type) ->
    T = ets:new(soak, [Type, public, {write_concurrency, true}]),
    Me = self(),
    Ws = [spawn_link(fun() -> ets_writer(T, W), Me ! {written, self()} end) || W <- lists:seq(1, 4)],
    [receive {written, W} -> ok end || W <- Ws],
    Size = ets:info(T, size),
    Sum = lists:sum(ets:select(T, [{{'$1', '$2'}, [{is_integer, '$1'}], [{byte_size, '$2'}]}])),
    Keys = length(ets:match(T, {'$1', '_'})),
    Parent ! {ets_sum, self(), {Type, Size, Sum, Keys}}.

ets_writer(T, W) ->
    [ets:insert(T, {K, binary:copy(<<W>>, 70 + K rem 200)}) || K <- lists:seq(W, 2000, 4)],
    [ets:delete(T, K) || K <- lists:seq(W, 2000, 12)],
    [ets:insert(T, {{W, K}, <<K:32>>}) || K <- lists:seq(1, 100)],
    ok.
