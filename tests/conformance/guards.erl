%% Guards: BIF failures inside guards fail the clause silently, guard
%% sequences, type tests, arithmetic and comparisons of mixed numbers.
-module(guards).
-export([main/0]).

t(X) when element(1, X) =:= a -> tagged_a;
t(X) when length(X) > 2 -> long_list;
t(X) when hd(X) =:= 0 -> zero_head;
t(X) when map_size(X) > 0 -> nonempty_map;
t(X) when X / 2 > 1.0 -> big_number;
t(X) when is_binary(X), byte_size(X) > 1 -> binary;
t(X) when tuple_size(X) > 0; is_atom(X) -> tuple_or_atom;
t(_) -> other.

cmp(A, B) when A < B -> lt;
cmp(A, B) when A == B -> eq;
cmp(_, _) -> gt.

main() ->
    erlang:display([t(V) || V <- [{a, 1}, [1, 2, 3], [0], #{k => v}, 10, <<"ab">>, {b}, foo, [], 1, <<"a">>]]),
    erlang:display([cmp(A, B) || {A, B} <- [{1, 2}, {2, 2.0}, {3.5, 3}, {a, 1}, {[], {}}, {<<>>, []}, {1 bsl 70, 1.0e21}]]),
    erlang:display([X || X <- [1, a, 2.5, "s", <<>>, {}, #{}], is_number(X) orelse is_atom(X)]),
    erlang:display(if is_integer(1), 1 > 0 -> yes; true -> no end),
    erlang:display(is_function(fun erlang:display/1, 1)),
    erlang:display([abs(-4), min(3, 7), max(a, 1), trunc(-2.5), round(2.5), 7 div -2, -7 rem 3, 5 band 3, 5 bor 3, 5 bxor 3, bnot 5, 1 bsl 3, -16 bsr 2]).
