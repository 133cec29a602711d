#!/usr/bin/env escript
%% bif_cmp.escript OUT - erl's outcomes for the BIFs of runtime/bif/erlang_cmp.c
%% (the comparison operators and not/and/or/xor as functions); replayed by
%% tests/unit/test_bif_cmp.c. Term order itself is tested pair by pair in
%% test_cmp.c; this checks that each operator BIF asks it the right question.
-mode(compile).
-include("bif_cases.hrl").

a(N) -> B = atom_to_binary(N), <<119, (byte_size(B)), B/binary>>.
ext_pid(N, Id) -> binary_to_term(<<131, 88, (a(N))/binary, Id:32, 0:32, 1:32>>).
ext_ref(N, Ids) -> binary_to_term(<<131, 90, (length(Ids)):16, (a(N))/binary, 1:32, (<< <<I:32>> || I <- Ids >>)/binary>>).

terms() ->
    B = fun(E) -> 1 bsl E end,
    [0, 1, -1, 1.0, -1.0, 0.0, -0.0, 2, 2.0, 1.5, B(53), float(B(53)), B(53) + 1, B(59) - 1, B(59),
     float(B(59)), -B(59), -B(59) - 1, B(64), float(B(64)), -B(64), B(1024), 1.7976931348623157e308,
     -1.7976931348623157e308, 5.0e-324,
     a, b, 'B', '', 'é', 'ä', '\x{400}', 'aa', true, false,
     make_ref(), ext_ref('x@y', [1, 2, 3]),
     fun() -> ok end, fun(X) -> X end, fun lists:map/2, fun erlang:abs/1,
     hd(erlang:ports()), self(), ext_pid('x@y', 5),
     {}, {1}, {1.0}, {a, b}, {a, c}, {1, 2, 3},
     #{}, #{1 => a}, #{1.0 => a}, #{a => 1}, #{a => 1.0}, #{a => 1, b => 2},
     maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{I, I} || I <- lists:seq(1, 39)] ++ [{40.0, 40}]),
     [], [1], [1.0], [1 | 2], [1 | 2.0], "abc", "abd", [a, b], [[]],
     <<>>, <<0>>, <<1>>, <<1, 2>>, <<1:1>>, <<0:1>>, <<1:7>>, <<"abc">>, binary:copy(<<"x">>, 100)].

main([Out]) ->
    Ts = terms(),
    Ops = ['==', '/=', '=<', '<', '>=', '>', '=:=', '=/='],
    Bools = [true, false, 1, a, [], {true}, 'True'],
    Cases = [{erlang, Op, [X, Y]} || Op <- Ops, X <- Ts, Y <- Ts] ++
            [{erlang, 'not', [X]} || X <- Bools ++ Ts] ++
            [{erlang, Op, [X, Y]} || Op <- ['and', 'or', 'xor'], X <- Bools, Y <- Bools],
    write_cases(Out, Cases).
