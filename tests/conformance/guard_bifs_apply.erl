%% Every guard BIF and operator of OTP 25 called as a function (apply with
%% a module and name known only at run time, so the BIF itself runs, not
%% the compiler's instruction), with good and bad arguments: the result,
%% or the class, reason and top stack frame (BIF frame and error_info).
%% Then unary + and - inside and outside guards: OTP runs +X as X + 0
%% (+(-0.0) is 0.0, badarith with no BIF frame) while the BIF
%% erlang:'+'/1 returns any number unchanged.
-module(guard_bifs_apply).
-export([main/0]).
-record(r, {a, b}).

id(X) -> X.

bifs() ->
    [{is_map_key,2},{map_get,2},{ceil,1},{floor,1},{map_size,1},{is_map,1},{binary_part,3},{binary_part,2},
     {bit_size,1},{byte_size,1},{tuple_size,1},{is_bitstring,1},{is_boolean,1},{is_record,3},{is_record,2},
     {is_function,2},{is_function,1},{is_binary,1},{is_reference,1},{is_port,1},{is_pid,1},{is_number,1},
     {is_integer,1},{is_float,1},{is_tuple,1},{is_list,1},{is_atom,1},{'+',1},{'-',1},{'bnot',1},{'bsr',2},
     {'bsl',2},{'bxor',2},{'band',2},{'bor',2},{'rem',2},{'div',2},{'/',2},{'*',2},{'-',2},{'+',2},{'/=',2},
     {'=/=',2},{'==',2},{'=:=',2},{'=<',2},{'<',2},{'>=',2},{'>',2},{'not',1},{'xor',2},{'or',2},{'and',2},
     {trunc,1},{tl,1},{size,1},{round,1},{node,1},{length,1},{hd,1},{float,1},{element,2},{abs,1}].

one() ->
    [-5, 0, 7, 1 bsl 70, -(1 bsl 70), 2.5, -0.0, -2.5, 1.0e300, a, true, false, <<1, 2, 3>>, <<1:3>>,
     {a, b}, {r, 1, 2}, [a, b], [], #{k => v}, fun id/1, fun(_, _) -> ok end, "abc"].

two() -> [-3, 0, 2, 1 bsl 66, 1.5, -0.0, a, true, <<1, 2, 3, 4>>, {r, 1, 2}, [b], #{k => v}, fun id/1].

call(F, Args) ->
    try apply(id(erlang), id(F), Args) of
        R -> {ok, R}
    catch
        C:R:S -> {C, R, hd(S)}
    end.

run({F, 1}) -> [io:format("~w ~w -> ~w~n", [F, [X], call(F, [X])]) || X <- one()];
run({F, 2}) -> [io:format("~w ~w -> ~w~n", [F, [X, Y], call(F, [X, Y])]) || X <- two(), Y <- two()];
run({binary_part, 3}) ->
    [io:format("binary_part ~w -> ~w~n", [A, call(binary_part, A)])
     || A <- [[<<1, 2, 3>>, 1, 2], [<<1, 2, 3>>, 3, -2], [<<1, 2, 3>>, 2, 2], [<<1, 2, 3>>, -1, 1], [a, 0, 0],
              [<<1, 2, 3>>, a, 1], [<<1:3>>, 0, 0], [<<1, 2, 3>>, 0, 1 bsl 70]]];
run({is_record, 3}) ->
    [io:format("is_record ~w -> ~w~n", [A, call(is_record, A)])
     || A <- [[{r, 1, 2}, r, 3], [{r, 1, 2}, r, 2], [{r, 1, 2}, s, 3], [a, r, 1], [{r, 1}, "r", 2], [{r}, r, a],
              [{r, 1, 2}, r, -1]]].

plus_guard(X) when +X =:= 0 -> zero;
plus_guard(X) when +X > 0 -> positive;
plus_guard(_) -> other.

minus_guard(X) when -X =:= 0 -> zero;
minus_guard(X) when -X > 0 -> negative;
minus_guard(_) -> other.

guarded(X) when is_record(X, r) -> record;
guarded(X) when is_function(X, 2) -> fun2;
guarded(X) when binary_part(X, {1, 1}) =:= <<2>> -> part;
guarded(X) when not is_atom(X) xor is_tuple(X) -> xor_true;
guarded(_) -> none.

try_show(Name, F) ->
    io:format("~w: ~w~n", [Name, try {ok, F()} catch C:R:S -> {C, R, S} end]).

main() ->
    [run(B) || B <- bifs()],
    Vals = [-0.0, 0.0, 0, 3, -3, 2.5, 1 bsl 70, a, "x", {}],
    [io:format("guard ~w: ~w ~w ~w~n", [V, plus_guard(V), minus_guard(V), guarded(V)]) || V <- Vals],
    [io:format("guard ~w: ~w~n", [V, guarded(V)]) || V <- [#r{}, fun(_, _) -> ok end, <<1, 2, 3>>]],
    try_show(plus_atom, fun() -> +(id(a)) end),
    try_show(plus_list, fun() -> +(id("1")) end),
    try_show(plus_neg_zero, fun() -> +(id(-0.0)) end),
    try_show(plus_big, fun() -> +(id(1 bsl 70)) end),
    try_show(minus_atom, fun() -> -(id(a)) end),
    try_show(minus_zero, fun() -> -(id(0.0)) end),
    try_show(remote_plus, fun() -> erlang:'+'(id(a)) end),
    try_show(bnot_float, fun() -> bnot id(1.0) end),
    try_show(not_atom, fun() -> not id(a) end),
    try_show(and_atom, fun() -> id(true) and id(a) end),
    ok.
