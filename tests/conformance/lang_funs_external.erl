%% fun M:F/A (static and with variable M, F, A), apply/2,3, erlang:fun_info
%% items, dynamic calls M:F(Args), and the errors badarity, badfun and
%% undef with their exact reasons.
-module(lang_funs_external).
-export([main/0, pub/1, pub/2, twice/2]).

id(X) -> X.
pub(X) -> {pub, X}.
pub(X, Y) -> {pub, X, Y}.
twice(F, X) -> F(F(X)).

t(F) -> try F() catch C:R:S -> {C, R, hd(S)} end.

main() ->
    F1 = fun ?MODULE:pub/1,
    M = id(?MODULE), Fn = id(pub), A = id(2),
    F2 = fun M:Fn/A,
    io:format("~p~n", [{F1(a), F2(a, b), (fun lists:reverse/1)([1, 2]), (fun erlang:length/1)([1])}]),
    io:format("~p~n", [{apply(fun pub/1, [x]), apply(?MODULE, pub, [y]), apply(M, Fn, [1, 2]),
                        apply(lists, seq, [1, 3]), apply(erlang, '+', [1, 2]), erlang:apply(fun() -> z end, [])}]),
    Rev = id(reverse),
    io:format("~p~n", [{M:pub(c), M:Fn(d), lists:Rev(id([1, 2])), twice(fun ?MODULE:pub/1, 0)}]),
    Local = fun(X, Y) -> X + Y end,
    io:format("~p~n", [[erlang:fun_info(F1, I) || I <- [module, name, arity, type, env]]]),
    io:format("~p~n", [[erlang:fun_info(F2, I) || I <- [module, name, arity, type]]]),
    io:format("~p~n", [[erlang:fun_info(Local, I) || I <- [module, arity, type, env, name]]]),
    Z = id(5),
    Cl = fun(X) -> X + Z end,
    io:format("~p~n", [{erlang:fun_info(Cl, env), erlang:fun_info(Cl, arity), erlang:fun_info(Cl, module)}]),
    io:format("~p~n", [{erlang:fun_to_list(F1), erlang:fun_to_list(fun lists:map/2)}]),
    io:format("~p~n", [[t(F) || F <- [
        fun() -> (id(Local))(1) end,
        fun() -> (id(F1))(1, 2) end,
        fun() -> (id(fun lists:map/2))(x) end,
        fun() -> (id(not_fun))(1) end,
        fun() -> (id({lists, reverse}))([1]) end,
        fun() -> apply(id(nomod), f, []) end,
        fun() -> apply(?MODULE, id(nofun), [1]) end,
        fun() -> apply(?MODULE, pub, [1, 2, 3]) end,
        fun() -> apply(id(Local), [1]) end,
        fun() -> apply(id(Local), [1 | 2]) end,
        fun() -> apply(?MODULE, pub, id(notlist)) end,
        fun() -> apply(id(1), pub, [1]) end,
        fun() -> (fun nomod:nofun/0)() end,
        fun() -> (fun ?MODULE:nofun/3)(1, 2, 3) end,
        fun() -> M:id(1) end,
        fun() -> erlang:fun_info(id(x), arity) end,
        fun() -> erlang:fun_info(Local, bogus) end]]]),
    io:format("~p~n", [{is_function(F1, 1), is_function(F2, 2), is_function(fun nomod:nofun/7, 7)}]),
    io:format("~p~n", [lists:map(fun erlang:abs/1, [-1, 2, -3])]),
    io:format("~p~n", [lists:foldl(fun ?MODULE:pub/2, init, [1, 2])]).
