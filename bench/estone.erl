%% estone - a mixed program in the spirit of OTP's estone suite: a weighted
%% series of small kernels (list work, tuple pattern matching, deep
%% recursion, floats, bignums, funs and apply, catch/throw, binaries,
%% small/medium/huge messages, links and trapped exits, ETS, a call/reply
%% server, the process dictionary), each run a fixed number of loops.
%% Size: the loop multiplier. Result: one result per kernel.
-module(estone).
%% group: mixed
-define(DEFAULT_SIZE, 40).
-include("bench.hrl").

run(K) ->
    [{Name, F(K * Loops)} || {Name, F, Loops} <- kernels()].

kernels() ->
    [{lists, fun lists_k/1, 400},
     {pattern, fun pattern_k/1, 20000},
     {trav, fun trav_k/1, 60},
     {float, fun float_k/1, 20000},
     {bignum, fun bignum_k/1, 400},
     {funs, fun funs_k/1, 20000},
     {catch_throw, fun catch_k/1, 10000},
     {binary, fun binary_k/1, 300},
     {small_msgs, fun(N) -> msgs_k(N, {a, 1}) end, 5000},
     {medium_msgs, fun(N) -> msgs_k(N, lists:seq(1, 100)) end, 1000},
     {huge_msgs, fun(N) -> msgs_k(N, lists:seq(1, 5000)) end, 20},
     {links, fun links_k/1, 200},
     {ets, fun ets_k/1, 5000},
     {server, fun server_k/1, 3000},
     {dict, fun dict_k/1, 10000}].

%% Lists: build, reverse, append, map, filter, foldl, keyfind.
lists_k(N) -> lists_k(N, 0).
lists_k(0, Acc) -> Acc;
lists_k(N, Acc) ->
    L = lists:seq(1, 200),
    R = lists:reverse(L) ++ [x || _ <- lists:seq(1, 10)],
    M = lists:map(fun(X) when is_integer(X) -> X * 2; (_) -> 0 end, R),
    F = lists:filter(fun(X) -> X rem 3 =:= 0 end, M),
    KL = [{I, I * I} || I <- lists:seq(1, 50)],
    {_, V} = lists:keyfind(N rem 50 + 1, 1, KL),
    lists_k(N - 1, (Acc + lists:foldl(fun erlang:'+'/2, 0, F) + V + length(R)) band 16#FFFFFFF).

%% Pattern matching on tuples and lists with many clauses.
pattern_k(N) -> pattern_k(N, 0).
pattern_k(0, Acc) -> Acc;
pattern_k(N, Acc) ->
    T = case N rem 6 of
            0 -> {a, N}; 1 -> {b, N, N}; 2 -> [N, N | N];
            3 -> {c, [N]}; 4 -> {d, {e, N}}; 5 -> <<N:32>>
        end,
    pattern_k(N - 1, Acc + pm(T)).

pm({a, X}) -> X;
pm({b, X, Y}) -> X + Y;
pm([X, Y | Z]) -> X + Y + Z;
pm({c, [X]}) -> X * 2;
pm({d, {e, X}}) -> X * 3;
pm(<<X:32>>) -> X band 255.

%% Traverse a deep structure.
trav_k(N) -> T = tree(12), trav_k(N, T, 0).
trav_k(0, _T, Acc) -> Acc;
trav_k(N, T, Acc) -> trav_k(N - 1, T, Acc + trav(T)).
tree(0) -> leaf;
tree(D) -> {node, D, tree(D - 1), tree(D - 1)}.
trav(leaf) -> 1;
trav({node, D, L, R}) -> D + trav(L) + trav(R).

%% Floats: a small polynomial and trig, rounded for the checksum.
float_k(N) -> float_k(N, 0.0).
float_k(0, Acc) -> round(Acc);
float_k(N, Acc) ->
    X = N / 1000,
    float_k(N - 1, Acc + math:sin(X) * 3.5 + X * X / (1.0 + X) - math:sqrt(X)).

%% Bignums: powers and a multiply-add chain.
bignum_k(N) -> bignum_k(N, 1, 0).
bignum_k(0, _B, Acc) -> Acc;
bignum_k(N, B, Acc) ->
    B1 = case B > 1 bsl 2000 of true -> B rem 1000003; false -> B * 1234567891011 + N end,
    bignum_k(N - 1, B1, (Acc + B1) rem 1000000007).

%% Funs, closures and apply.
funs_k(N) -> funs_k(N, 0).
funs_k(0, Acc) -> Acc;
funs_k(N, Acc) ->
    Add = fun(X) -> X + N end,
    F = case N band 1 of 0 -> Add; 1 -> fun(X) -> Add(X) * 2 end end,
    A = apply(erlang, abs, [-N]),
    funs_k(N - 1, (Acc + F(A) + apply(fun erlang:min/2, [N, 7])) band 16#FFFFFFF).

%% catch and throw through a few frames.
catch_k(N) -> catch_k(N, 0).
catch_k(0, Acc) -> Acc;
catch_k(N, Acc) ->
    V = catch thrower(N, 5),
    W = try error_at(N) catch error:{oops, X} -> X end,
    catch_k(N - 1, Acc + V + W).
thrower(N, 0) -> throw(N rem 100);
thrower(N, D) -> 1 + thrower(N, D - 1).
error_at(N) -> erlang:error({oops, N rem 10}).

%% Binaries: build, match, split, convert.
binary_k(N) -> binary_k(N, 0).
binary_k(0, Acc) -> Acc;
binary_k(N, Acc) ->
    B = << <<I:16>> || I <- lists:seq(1, 300) >>,
    S = lists:sum([X || <<X:16>> <= B]),
    L = binary_to_list(B, 1, 20),
    T = term_to_binary({N, L}),
    {N, L} = binary_to_term(T),
    binary_k(N - 1, (Acc + S + byte_size(T)) band 16#FFFFFFF).

%% Messages of three sizes to an echo process.
msgs_k(N, Msg) ->
    Echo = spawn_link(fun echo/0),
    R = msgs_k(N, Echo, Msg, 0),
    Echo ! stop,
    R.
msgs_k(0, _E, _M, Acc) -> Acc;
msgs_k(N, E, M, Acc) ->
    E ! {self(), M},
    receive {echo, M1} -> msgs_k(N - 1, E, M, Acc + erlang:phash2(M1, 1000)) end.
echo() ->
    receive
        {From, M} -> From ! {echo, M}, echo();
        stop -> ok
    end.

%% Links: spawn linked children that exit; exits trapped and counted.
links_k(N) ->
    process_flag(trap_exit, true),
    Self = self(),
    [spawn_link(fun() -> exit({done, I rem 5}) end) || I <- lists:seq(1, N)],
    R = lists:sum([receive {'EXIT', _, {done, X}} -> X end || _ <- lists:seq(1, N)]),
    process_flag(trap_exit, false),
    Self = self(),
    R.

%% ETS: a private table, insert/lookup/delete.
ets_k(N) ->
    T = ets:new(est, [set]),
    R = ets_k(N, T, 0),
    ets:delete(T),
    R.
ets_k(0, _T, Acc) -> Acc;
ets_k(N, T, Acc) ->
    ets:insert(T, {N rem 1000, N}),
    [{_, V}] = ets:lookup(T, N rem 1000),
    case N rem 3 of 0 -> ets:delete(T, N rem 1000); _ -> ok end,
    ets_k(N - 1, T, (Acc + V) band 16#FFFFFFF).

%% A call/reply server with a monitor per call, like gen_server:call.
server_k(N) ->
    S = spawn_link(fun() -> server(0) end),
    R = lists:foldl(fun(I, _) -> call(S, {add, I}) end, 0, lists:seq(1, N)),
    S ! stop,
    R.
call(S, Req) ->
    Ref = erlang:monitor(process, S),
    S ! {call, self(), Ref, Req},
    receive
        {Ref, Reply} -> erlang:demonitor(Ref, [flush]), Reply;
        {'DOWN', Ref, _, _, Reason} -> exit(Reason)
    end.
server(State) ->
    receive
        {call, From, Ref, {add, I}} ->
            State1 = (State + I) band 16#FFFFFFF,
            From ! {Ref, State1},
            server(State1);
        stop -> ok
    end.

%% The process dictionary.
dict_k(N) -> dict_k(N, 0).
dict_k(0, Acc) -> Acc;
dict_k(N, Acc) ->
    put({k, N rem 100}, N),
    V = get({k, (N + 50) rem 100}),
    V1 = case V of undefined -> 0; _ -> V end,
    case N rem 7 of 0 -> erase({k, N rem 100}); _ -> ok end,
    dict_k(N - 1, (Acc + V1) band 16#FFFFFFF).
