%% Elixir 1.14 modules (compiled beams) called from Erlang: Enum (map,
%% filter, reduce, sort_by, group_by, chunk_every, zip, with_index, into),
%% String (split, trim, replace, pad, slice, graphemes), Map and Keyword.
-module(lang_elixir_modules).
-export([main/0]).
%% pa: /usr/lib/elixir/lib/elixir/ebin

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    L = lists:seq(1, 10),
    io:format("~p~n", [[t(F) || F <- [
        fun() -> 'Elixir.Enum':filter(L, fun(X) -> X rem 2 =:= 0 end) end,
        fun() -> 'Elixir.Enum':reduce(L, 0, fun(X, A) -> X + A end) end,
        fun() -> 'Elixir.Enum':sort_by([{b, 2}, {a, 3}, {c, 1}], fun({_, V}) -> V end) end,
        fun() -> 'Elixir.Enum':group_by(L, fun(X) -> X rem 3 end) end,
        fun() -> 'Elixir.Enum':chunk_every(L, 3) end,
        fun() -> 'Elixir.Enum':zip([a, b, c], [1, 2, 3]) end,
        fun() -> 'Elixir.Enum':with_index([x, y]) end,
        fun() -> 'Elixir.Enum':into([{a, 1}, {b, 2}], #{}) end,
        fun() -> 'Elixir.Enum':frequencies([a, b, a, c, a]) end,
        fun() -> 'Elixir.Enum':uniq([3, 1, 3, 2, 1]) end,
        fun() -> 'Elixir.Enum':take_while(L, fun(X) -> X < 4 end) end,
        fun() -> 'Elixir.Enum':sum(L) end,
        fun() -> 'Elixir.Enum':max([3, 9, 2]) end,
        fun() -> 'Elixir.Enum':join([<<"a">>, <<"b">>], <<"-">>) end,
        fun() -> 'Elixir.Enum':'fetch!'(L, 20) end,
        fun() -> 'Elixir.String':split(<<"a b  c">>) end,
        fun() -> 'Elixir.String':split(<<"a,b,c">>, <<",">>, [{parts, 2}]) end,
        fun() -> 'Elixir.String':trim(<<"  hi  ">>) end,
        fun() -> 'Elixir.String':replace(<<"aaa">>, <<"a">>, <<"b">>) end,
        fun() -> 'Elixir.String':pad_leading(<<"7">>, 3, <<"0">>) end,
        fun() -> 'Elixir.String':slice(<<"héllo"/utf8>>, 1, 3) end,
        fun() -> 'Elixir.String':graphemes(<<"añb"/utf8>>) end,
        fun() -> 'Elixir.String':length(<<"héllo"/utf8>>) end,
        fun() -> 'Elixir.String':reverse(<<"abc">>) end,
        fun() -> 'Elixir.String':to_integer(<<"42">>) end,
        fun() -> 'Elixir.String':'contains?'(<<"hello">>, <<"ell">>) end,
        fun() -> 'Elixir.Map':merge(#{a => 1}, #{b => 2}) end,
        fun() -> 'Elixir.Map':get(#{a => 1}, b, default) end,
        fun() -> 'Elixir.Map':'update!'(#{a => 1}, a, fun(V) -> V * 10 end) end,
        fun() -> 'Elixir.Map':take(#{a => 1, b => 2, c => 3}, [a, c]) end,
        fun() -> 'Elixir.Map':'fetch!'(#{}, missing) end,
        fun() -> 'Elixir.Keyword':get([{a, 1}, {b, 2}], b) end,
        fun() -> 'Elixir.Keyword':put([{a, 1}], b, 2) end,
        fun() -> 'Elixir.Keyword':delete([{a, 1}, {b, 2}, {a, 3}], a) end,
        fun() -> 'Elixir.Keyword':merge([{a, 1}], [{a, 2}, {c, 3}]) end,
        fun() -> 'Elixir.List':flatten([1, [2, [3]]]) end,
        fun() -> 'Elixir.Integer':digits(12345) end,
        fun() -> 'Elixir.Tuple':to_list({1, 2}) end]]]).
