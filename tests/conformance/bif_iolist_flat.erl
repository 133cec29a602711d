%% iolist_size/1, iolist_to_binary/1, list_to_binary/1 and
%% list_to_bitstring/1 over the shapes their walk meets: deep nesting
%% (past the walk's first stack block), binary tails, empty lists and
%% binaries, unaligned sub binaries, bytes after a bitstring, and the
%% elements that make them badarg.
-module(bif_iolist_flat).
-export([main/0]).

id(X) -> X.

deep(0, Acc) -> Acc;
deep(N, Acc) -> deep(N - 1, [N band 255, Acc, <<N:16>> | <<"t">>]).

nest(0) -> [];
nest(N) -> [nest(N - 1)].

all(L) ->
    [t(fun erlang:iolist_size/1, L), t(fun erlang:iolist_to_binary/1, L),
     t(fun erlang:list_to_binary/1, L), t(fun erlang:list_to_bitstring/1, L)].

t(F, L) -> try F(L) catch error:R -> {error, R} end.

main() ->
    D = deep(200, []),
    io:format("~p~n", [[erlang:phash2(X) || X <- all(D)]]),
    io:format("~p~n", [all(nest(300))]),
    <<_:3, Odd:20/bits, _/bits>> = id(<<"abcdefgh">>),
    <<_:8, Sub:40/bits, _/bits>> = id(<<"0123456789">>),
    Shapes = [[], [[]], <<>>, [<<>>], [1, 2 | <<3>>], [[1], [[2]], <<3, 4>> | <<5>>],
              [Sub, $x, [Sub | Sub]], [<<1:1>>, 7], [Odd, 255, Odd, [0 | <<1:4>>]],
              [1 | 2], [256], [-1], [a], [1.0], [[1 | a]], [<<1>> | 5], [{1}],
              <<1, 2>>, <<1:3>>, abc, [<<1:3>>, <<1:5>>]],
    lists:foreach(fun(S) -> io:format("~p~n", [all(id(S))]) end, Shapes).
