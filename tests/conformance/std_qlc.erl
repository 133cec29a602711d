%% std_qlc: query list comprehensions over plain lists (qlc's parse
%% transform at compile time, qlc.beam and erl_eval at run time): e/1,
%% filters, joins, sort/keysort/unique options, cursors, fold, append,
%% table/2 with a traverse fun, info/1 text, string_to_handle.
-module(std_qlc).
-export([main/0]).
-include_lib("stdlib/include/qlc.hrl").
-import(stdh, [t/2]).

main() ->
    L = [{I, I rem 3, integer_to_list(I)} || I <- lists:seq(1, 12)],
    t(simple, fun() -> qlc:e(qlc:q([X || {X, _, _} <- L, X > 8])) end),
    t(filter_pattern, fun() -> qlc:e(qlc:q([{X, S} || {X, 0, S} <- L])) end),
    t(join, fun() -> qlc:e(qlc:q([{X, Y} || {X, _, _} <- L, {Y, _, _} <- L, X + Y =:= 5, X < Y])) end),
    t(sort, fun() -> qlc:e(qlc:sort(qlc:q([R || {_, R, _} <- L]))) end),
    t(sort_desc, fun() -> qlc:e(qlc:sort(qlc:q([X || {X, _, _} <- L]), [{order, descending}])) end),
    t(keysort, fun() -> qlc:e(qlc:keysort(2, qlc:q([{X, R} || {X, R, _} <- L]))) end),
    t(unique, fun() -> qlc:e(qlc:q([R || {_, R, _} <- L], [unique])) end),
    t(fold, fun() -> qlc:fold(fun(X, A) -> X + A end, 0, qlc:q([X || {X, _, _} <- L])) end),
    t(append, fun() -> qlc:e(qlc:append([qlc:q([X || {X, 0, _} <- L]), [a, b], qlc:q([S || {_, 1, S} <- L])])) end),
    t(cursor, fun() -> C = qlc:cursor(qlc:q([X || {X, _, _} <- L])), A = qlc:next_answers(C, 3), B = qlc:next_answers(C, 4), R = qlc:next_answers(C, all_remaining),
                       qlc:delete_cursor(C), {A, B, R} end),
    t(table, fun() -> T = qlc:table(fun() -> [{k, V} || V <- lists:seq(1, 5)] end, []), qlc:e(qlc:q([V || {k, V} <- T, V rem 2 =:= 1])) end),
    t(table_traverse_cont, fun() -> Tr = fun Tr(N) when N > 5 -> []; Tr(N) -> [N | fun() -> Tr(N + 1) end] end,
                                    T = qlc:table(fun() -> Tr(1) end, []), qlc:e(qlc:q([X * 10 || X <- T])) end),
    t(nested_query, fun() -> Q1 = qlc:q([X || {X, _, _} <- L, X < 4]), qlc:e(qlc:q([{A, B} || A <- Q1, B <- Q1, A < B])) end),
    t(string_to_handle, fun() -> H = qlc:string_to_handle("[X || X <- [1, 2, 3], X > 1].", [], erl_eval:new_bindings()), qlc:e(H) end),
    t(string_to_handle_bad, fun() -> qlc:string_to_handle("[X || X <- ].") end),
    t(info, fun() -> lists:flatten(qlc:info(qlc:q([X || {X, 1, _} <- L]))) =/= [] end),
    t(e_opts, fun() -> qlc:e(qlc:q([X || {X, _, _} <- L]), [{max_list_size, 2}]) end),
    t(eval_bad, fun() -> qlc:e(not_a_query) end),
    ok.
