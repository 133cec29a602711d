%% error_info in the stack traces of failing BIFs (erlang, lists, maps,
%% binary, unicode, ...) and the extended errors that erl_erts_errors
%% formats from them (erl_error:format_exception), compared as text.
-module(lang_exc_error_info).
-export([main/0]).

id(X) -> X.

t(F) ->
    try F() of V -> {value, V}
    catch C:R:S ->
        [{M, Fn, A, Info} | _] = S,
        Ei = proplists:get_value(error_info, Info),
        Msg = lists:flatten(erl_error:format_exception(C, R, [hd(S)], #{})),
        {C, R, {M, Fn, A}, Ei, Msg}
    end.

main() ->
    Cases = [
        fun() -> atom_to_list(id(1)) end,
        fun() -> list_to_atom(id([a])) end,
        fun() -> element(id(3), {a}) end,
        fun() -> setelement(id(0), {a}, b) end,
        fun() -> integer_to_list(id(1.0)) end,
        fun() -> integer_to_list(1, id(99)) end,
        fun() -> list_to_integer(id("1x")) end,
        fun() -> binary_to_integer(id(<<"z">>)) end,
        fun() -> abs(id(a)) end,
        fun() -> length(id([a | b])) end,
        fun() -> tuple_size(id(x)) end,
        fun() -> byte_size(id(x)) end,
        fun() -> binary_part(id(<<1, 2>>), 1, 5) end,
        fun() -> split_binary(id(<<1>>), 3) end,
        fun() -> list_to_binary(id([256])) end,
        fun() -> iolist_size(id([a])) end,
        fun() -> atom_to_binary(id("a"), utf8) end,
        fun() -> binary_to_atom(id(<<1:1>>), utf8) end,
        fun() -> erlang:make_tuple(id(-1), a) end,
        fun() -> lists:reverse(id(x), []) end,
        fun() -> lists:keyfind(a, id(0), []) end,
        fun() -> lists:member(a, id(x)) end,
        fun() -> maps:get(k, id(#{})) end,
        fun() -> maps:put(k, v, id(x)) end,
        fun() -> binary:part(id(<<1>>), 0, 4) end,
        fun() -> binary:copy(id(x), 2) end,
        fun() -> unicode:characters_to_binary(id([-1])) end,
        fun() -> id(a) + 1 end,
        fun() -> 1 div id(0) end,
        fun() -> erlang:phash2(x, id(0)) end,
        fun() -> float_to_list(id(1.0), [bad]) end,
        fun() -> erlang:max(id(1)) end
    ],
    lists:foreach(fun(F) -> io:format("~p~n", [catch t(F)]) end, Cases).
