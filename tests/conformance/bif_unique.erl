%% erlang:unique_integer/0,1, erlang:now/0, erts_internal:cmp_term/2 and the
%% time units erlang.erl asks for: properties (the values differ from erl's).
-module(bif_unique).
-export([main/0]).
-compile(nowarn_deprecated_function).

main() ->
    Me = self(),
    N = 2000,
    Ps = [spawn(fun() -> Me ! {self(), [{erlang:unique_integer(), erlang:unique_integer([positive]),
                                         erlang:unique_integer([monotonic])} || _ <- lists:seq(1, N)]} end)
          || _ <- lists:seq(1, 4)],
    All = lists:append([receive {P, L} -> L end || P <- Ps]),
    {Us, Pos, Mono} = lists:unzip3(All),
    io:format("unique ~p ~p ~p ~p~n", [length(lists:usort(Us)) =:= 4 * N, length(lists:usort(Pos)) =:= 4 * N,
                                   length(lists:usort(Mono)) =:= 4 * N,
                                   lists:all(fun(X) -> is_integer(X) andalso X > 0 end, Pos)]),
    io:format("monotonic per process ~p~n", [increasing([M || {_, _, M} <- lists:sublist(All, N)])]),
    A = erlang:unique_integer([monotonic, positive]),
    B = erlang:unique_integer([positive, monotonic]),
    io:format("monotonic positive ~p~n", [A > 0 andalso B > A]),
    io:format("small ~p~n", [erts_debug:flat_size(erlang:unique_integer()) =:= 0]),
    [io:format("bad ~p~n", [catch erlang:unique_integer(X)]) || X <- [[foo], [positive | x], x, [monotonic, 1]]],
    Ns = [erlang:now() || _ <- lists:seq(1, 1000)],
    io:format("now ~p ~p~n", [increasing(Ns), lists:all(fun({M, S, U}) -> M > 1000 andalso S < 1000000 andalso U < 1000000 end, Ns)]),
    {M0, S0, _} = erlang:now(),
    Sys = erlang:system_time(second),
    io:format("now ~~ system_time ~p~n", [abs(M0 * 1000000 + S0 - Sys) =< 2]),
    io:format("cmp_term ~p~n", [[erts_internal:cmp_term(X, Y) || {X, Y} <- [{1, 1.0}, {1.0, 1}, {a, a}, {1, a}, {b, a},
                                                                           {{1, 2}, {1, 2.0}}, {[], {}}, {<<1>>, <<1>>},
                                                                           {#{a => 1}, #{a => 1.0}}, {2, 1.5}]]]),
    io:format("units ~p~n", [[erts_internal:time_unit(), erts_internal:perf_counter_unit(),
                              erlang:convert_time_unit(1, second, perf_counter),
                              erlang:convert_time_unit(3000000000, perf_counter, second)]]),
    ok.

increasing([A, B | T]) -> A < B andalso increasing([B | T]);
increasing(_) -> true.
