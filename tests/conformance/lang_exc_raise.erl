%% erlang:raise/3 (every class, custom and bad stack traces, badarg when
%% the class is bad), the catch expression for every class, nested catch,
%% throw values of every type, exit/1,2 from the process itself, and
%% error/1,2,3 argument lists and error_info.
-module(lang_exc_raise).
-export([main/0]).

id(X) -> X.

r(F) -> try F() of V -> {value, V} catch C:R:S -> {C, R, lists:sublist(S, 1)} end.

main() ->
    io:format("~p~n", [[r(fun() -> erlang:raise(C, reason, []) end) || C <- [error, exit, throw]]]),
    io:format("~p~n", [r(fun() -> erlang:raise(error, r, [{a, b, 1, []}, {c, d, [x], [{line, 9}]}]) end)]),
    io:format("~p~n", [[r(fun() -> erlang:raise(C, r, []) end) || C <- [bad, 1, "error"]]]),
    io:format("~p~n", [[r(fun() -> erlang:raise(error, r, T) end) || T <- [not_list, [1, 2], [{a, b}], [{m, f, 1, bad}], [{m, f, 1}], [{"m", f, 1}], [{m, f, 1, []}], [{fun id/1, [1]}], [{fun id/1, [1], [{line, 1}]}], [{fun id/1, [1], x}], [{fun lists:map/2, []}], [{m, f, 1, [{line, 2}]} | tail], [{m, f, 1, 2, 3}]]]]),
    io:format("~p~n", [[catch throw(T) || T <- [a, 1, 2.5, "s", <<"b">>, {t}, [l], #{k => v}, 1 bsl 70]]]),
    io:format("~p~n", [catch exit(bye)]),
    io:format("~p~n", [catch error(oops)]),
    io:format("~p~n", [catch id(catch throw(inner))]),
    io:format("~p~n", [catch (catch error(x)) + 1]),
    io:format("~p~n", [catch 42]),
    io:format("~p~n", [{catch id(1) + 1, catch 1 + id(1.5)}]),
    io:format("~p~n", [r(fun() -> error(e2, [1, 2]) end)]),
    io:format("~p~n", [r(fun() -> error(e2, none) end)]),
    io:format("~p~n", [r(fun() -> error(e3, [a], [{error_info, #{cause => why, module => mymod}}]) end)]),
    io:format("~p~n", [r(fun() -> error(e3, [a], [{other, 1}]) end)]),
    io:format("~p~n", [r(fun() -> error(e3, [a], []) end)]),
    io:format("~p~n", [r(fun() -> throw(id({nested, [throw, {x}]})) end)]),
    Rethrown = try
                   try throw(first) catch throw:first:S1 -> erlang:raise(error, second, S1) end
               catch error:second:S2 -> {second, length(S2) > 0}
               end,
    io:format("~p~n", [Rethrown]),
    Class = [begin
                 {C, _} = try erlang:raise(Cl, x, []) catch C0:R0 -> {C0, R0} end,
                 C
             end || Cl <- [error, exit, throw]],
    io:format("~p~n", [Class]),
    io:format("~p~n", [r(fun() -> erlang:error(badarg) end)]),
    io:format("~p~n", [r(fun() -> erlang:throw(id(1)) end)]),
    io:format("~p~n", [r(fun() -> erlang:exit(id({shutdown, x})) end)]),
    io:format("~p~n", [r(fun() -> try throw(a) catch error:_ -> no end end)]),
    io:format("~p~n", [r(fun() -> try exit(a) catch throw:_ -> no; error:_ -> no end end)]),
    io:format("~p~n", [r(fun() -> try error(a) catch _ -> no end end)]),
    io:format("~p~n", [r(fun() -> try throw(a) catch _ -> yes end end)]).
