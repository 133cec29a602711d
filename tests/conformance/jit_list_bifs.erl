%% ++, lists:reverse/1,2, element/2 and setelement/3 in native code, which
%% copies short proper lists and small tuples inline: hot first (tiered
%% mode compiles the callers), then every edge: [] on either side, the
%% longest list copied inline and one longer, improper lists, bad indexes
%% and non-tuples (the same error and stack trace as erl), in guards and
%% bodies, with and without room on the heap.
-module(jit_list_bifs).
-export([main/0]).

main() ->
    hot(3000, []),
    Ls = [[], [1], [a, b], lists:seq(1, 63), lists:seq(1, 64), lists:seq(1, 65), lists:seq(1, 300),
          [1 | 2], [a, b | c], "text", [[x], {y}, 1.5]],
    [io:format("~p~n", [run(fun() -> lists_of(L, M) end)]) || L <- Ls, M <- [[], [z], tail, Ls]],
    Ts = [{}, {a}, {a, b, c}, list_to_tuple(lists:seq(1, 64)), list_to_tuple(lists:seq(1, 65)), [a], 7, <<1>>],
    [io:format("~p~n", [run(fun() -> tuples_of(T, I) end)]) || T <- Ts, I <- [0, 1, 2, 3, 64, 65, -1, a, 1.0]],
    [io:format("~p~n", [guards(T)]) || T <- Ts],
    io:format("~p~n", [fill(2000, [])]),
    ok.

hot(0, Acc) -> length(Acc);
hot(N, Acc) ->
    L = [N, N + 1, N + 2],
    T = setelement(2, {N, x, y}, L),
    hot(N - 1, [element(1, T) | lists:reverse(L ++ [N], element(2, T))] ++ lists:sublist(Acc, 2)).

run(F) ->
    try F()
    catch C:E:S -> {C, E, [{M, Fn, if is_list(A) -> length(A); true -> A end, proplists:get_value(line, L)}
                            || {M, Fn, A, L} <- S]}
    end.

lists_of(L, M) ->
    A = L ++ M,
    B = lists:reverse(L),
    C = lists:reverse(L, M),
    {length(A), A, B, C}.

tuples_of(T, I) ->
    E = element(I, T),
    S = setelement(I, T, new),
    {E, S}.

guards(T) when element(1, T) =:= a -> first_a;
guards(T) when element(2, T) =:= 2 -> second_2;
guards(_) -> other.

%% many short copies: the heap fills, native code goes to the BIF or
%% collects, results unchanged
fill(0, Acc) -> {length(Acc), lists:sum([length(X) || X <- Acc])};
fill(N, Acc) ->
    L = lists:reverse(lists:seq(1, N rem 70)),
    fill(N - 1, [L ++ [N], setelement(1, {N}, L) =:= {L} | lists:sublist(Acc, 40)] -- [true]).
