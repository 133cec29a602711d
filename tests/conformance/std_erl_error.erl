%% std_erl_error: erl_error:format_exception/3,4 turning caught exceptions
%% into the text the shell prints: error_info from BIFs (erl_erts_errors)
%% and stdlib (erl_stdlib_errors) explaining which argument is wrong,
%% throw/exit classes, and stack frames with file and line. Stack traces
%% are cut to the frames of this module's code so output is stable.
-module(std_erl_error).
-export([main/0]).
-import(stdh, [t/2]).

fmt(F) ->
    try F() of V -> {no_exception, V}
    catch C:R:S ->
        S1 = [Fr || {M, _, _, _} = Fr <- S, M =/= stdh, M =/= init],
        lists:flatten(erl_error:format_exception(C, R, lists:sublist(S1, 2)))
    end.

main() ->
    Cases = [{atom_to_list, fun() -> atom_to_list(id(123)) end},
             {element, fun() -> element(id(5), {a, b}) end},
             {binary_part, fun() -> binary_part(id(<<"ab">>), 1, 5) end},
             {list_to_atom, fun() -> list_to_atom(id([a])) end},
             {maps_get, fun() -> maps:get(k, id(#{})) end},
             {map_get_badmap, fun() -> map_get(k, id(x)) end},
             {lists_nth, fun() -> lists:nth(id(5), [a]) end},
             {binary_split, fun() -> binary:split(id(<<"a">>), id(<<>>)) end},
             {unicode, fun() -> unicode:characters_to_binary(id([-1])) end},
             {string_pad, fun() -> string:pad(id(a), 3) end},
             {badarith, fun() -> id(1) + id(a) end},
             {badmatch, fun() -> {ok, _} = id({error, x}) end},
             {case_clause, fun() -> case id(3) of 1 -> a end end},
             {function_clause, fun() -> lists:map(id(x), [1]) end},
             {undef, fun() -> (id(nomod)):nofun(1) end},
             {badfun, fun() -> (id(notfun))() end},
             {badarity, fun() -> (id(fun(A) -> A end))(1, 2) end},
             {throw, fun() -> throw(id({my, ball})) end},
             {exit, fun() -> exit(id(shutdown_now)) end},
             {error_tuple, fun() -> erlang:error(id({custom, [1, 2]})) end},
             {setelement, fun() -> setelement(id(0), {a}, b) end},
             {integer_to_list_base, fun() -> integer_to_list(10, id(99)) end},
             {iolist_size, fun() -> iolist_size(id([a])) end},
             {tuple_size, fun() -> tuple_size(id([])) end}],
    [t(N, fun() -> fmt(F) end) || {N, F} <- Cases],
    t(with_fun, fun() -> try atom_to_list(id(1)) catch C:R:S -> lists:flatten(erl_error:format_exception(C, R, lists:sublist(S, 1),
                                                                                                        #{column => 10, stack_trim_fun => fun(_, _, _) -> false end})) end end),
    t(format_call, fun() -> lists:flatten(erl_error:format_call("", {lists, map}, [fun lists:reverse/1, [a]], fun(_, _) -> 1 end)) =/= [] end),
    ok.

id(X) -> X.
