%% Every guard BIF inside guards (a failure makes the guard false) and
%% outside guards (the same failure raises, with the exact reason).
-module(lang_guards_bifs).
-export([main/0]).

id(X) -> X.

g(abs, X) when abs(X) > 2 -> big; 
g(bit_size, X) when bit_size(X) > 8 -> big;
g(byte_size, X) when byte_size(X) > 1 -> big;
g(ceil, X) when ceil(X) > 2 -> big;
g(element, X) when element(2, X) =:= b -> b;
g(float, X) when float(X) > 2.0 -> big;
g(floor, X) when floor(X) > 2 -> big;
g(hd, X) when hd(X) =:= a -> a;
g(length, X) when length(X) > 2 -> long;
g(map_get, X) when map_get(k, X) =:= v -> v;
g(map_size, X) when map_size(X) > 1 -> big;
g(is_map_key, X) when is_map_key(k, X) -> has;
g(node, X) when node(X) =:= nonode@nohost -> local;
g(round, X) when round(X) > 2 -> big;
g(size, X) when size(X) > 2 -> big;
g(tl, X) when tl(X) =:= [] -> one;
g(trunc, X) when trunc(X) > 2 -> big;
g(tuple_size, X) when tuple_size(X) > 2 -> big;
g(binary_part, X) when binary_part(X, 1, 2) =:= <<2, 3>> -> part;
g(plus, X) when X + 1 > 2 -> big;
g(minus, X) when -X < -2 -> big;
g(times, X) when X * 2 > 4 -> big;
g(fdiv, X) when 1 / X > 0.1 -> big;
g(idiv, X) when 10 div X > 2 -> big;
g(irem, X) when 10 rem X > 0 -> nz;
g('band', X) when X band 1 =:= 1 -> odd;
g('bor', X) when X bor 1 =:= 3 -> three;
g('bxor', X) when X bxor 1 =:= 0 -> one;
g('bnot', X) when bnot X =:= -1 -> zero;
g('bsl', X) when 1 bsl X > 100 -> big;
g('bsr', X) when 1024 bsr X > 100 -> small;
g(_, _) -> false.

outside(abs, X) -> abs(X);
outside(bit_size, X) -> bit_size(X);
outside(byte_size, X) -> byte_size(X);
outside(ceil, X) -> ceil(X);
outside(element, X) -> element(2, X);
outside(float, X) -> float(X);
outside(floor, X) -> floor(X);
outside(hd, X) -> hd(X);
outside(length, X) -> length(X);
outside(map_get, X) -> map_get(k, X);
outside(map_size, X) -> map_size(X);
outside(is_map_key, X) -> is_map_key(k, X);
outside(node, X) -> node(X);
outside(round, X) -> round(X);
outside(size, X) -> size(X);
outside(tl, X) -> tl(X);
outside(trunc, X) -> trunc(X);
outside(tuple_size, X) -> tuple_size(X);
outside(binary_part, X) -> binary_part(X, 1, 2);
outside(plus, X) -> X + 1;
outside(minus, X) -> -X;
outside(times, X) -> X * 2;
outside(fdiv, X) -> 1 / X;
outside(idiv, X) -> 10 div X;
outside(irem, X) -> 10 rem X;
outside('band', X) -> X band 1;
outside('bor', X) -> X bor 1;
outside('bxor', X) -> X bxor 1;
outside('bnot', X) -> bnot X;
outside('bsl', X) -> 1 bsl X;
outside('bsr', X) -> 1024 bsr X.

run(Op, X) ->
    In = g(Op, id(X)),
    Out = try outside(Op, id(X)) catch C:R:S -> {C, R, hd(S)} end,
    io:format("~p ~p: ~p ~p~n", [Op, X, In, Out]).

main() ->
    Inputs = [-5, 3, 0, 2.5, -2.5, a, <<1, 2, 3>>, <<1:3>>, {a, b, c}, {a},
              [a, b, c], [a], [], #{k => v, j => 1}, #{}, 1 bsl 70, 1.0e300],
    Ops = [abs, bit_size, byte_size, ceil, element, float, floor, hd, length,
           map_get, map_size, is_map_key, node, round, size, tl, trunc,
           tuple_size, binary_part, plus, minus, times, fdiv, idiv, irem, 'band',
           'bor', 'bxor', 'bnot', 'bsl', 'bsr'],
    [run(Op, X) || Op <- Ops, X <- Inputs],
    io:format("~p~n", [{g(node, self()), outside(node, self()), g(node, make_ref())}]),
    ok.
