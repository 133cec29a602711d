#!/usr/bin/env escript
%% bif_types.escript OUT - erl's outcomes for the type-test BIFs of
%% runtime/bif/erlang_types.c (is_atom/1 ... is_record/3, applied as
%% functions); replayed by tests/unit/test_bif_types.c.
-mode(compile).
-include("bif_cases.hrl").

a(N) -> B = atom_to_binary(N), <<119, (byte_size(B)), B/binary>>.
ext_pid(N, Id) -> binary_to_term(<<131, 88, (a(N))/binary, Id:32, 0:32, 1:32>>).
ext_port(N, Id) -> binary_to_term(<<131, 120, (a(N))/binary, Id:64, 1:32>>).
ext_ref(N, Ids) -> binary_to_term(<<131, 90, (length(Ids)):16, (a(N))/binary, 1:32, (<< <<I:32>> || I <- Ids >>)/binary>>).

closure(X, Y) -> fun(Z) -> {X, Y, Z} end.

funs() ->
    [fun() -> ok end, fun(X) -> X end, fun(X, Y) -> {X, Y} end, closure(1, 2),
     fun lists:map/2, fun erlang:abs/1, fun no_such_module:f/0, fun m:g/255]. %% export funs need no module

terms() ->
    [0, 1, -1, 1 bsl 59, -(1 bsl 59) - 1, 1 bsl 64, -(1 bsl 100), 0.0, -0.0, 1.5, 1.7976931348623157e308,
     a, true, false, 'True', '', 'é', '\x{400}', undefined, nil,
     [], [1], "abc", [1 | 2], [a | b], [[]],
     {}, {a}, {a, 1}, {b, 1, 2}, {1, a}, {"a", 1}, {{a}, 1}, {true, false},
     <<>>, <<1, 2, 3>>, <<1:1>>, <<1, 2:7>>, binary:copy(<<"x">>, 100), <<7:65>>,
     #{}, #{a => 1}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     self(), ext_pid('x@y', 3), hd(erlang:ports()), ext_port('x@y', 1 bsl 40),
     make_ref(), ext_ref('x@y', [1, 2, 3, 4])] ++ funs().

main([Out]) ->
    Ts = terms(),
    Tests = [is_atom, is_binary, is_bitstring, is_boolean, is_float, is_function, is_integer,
             is_list, is_map, is_number, is_pid, is_port, is_reference, is_tuple],
    Arities = [0, 1, 2, 3, 255, 256, -1, 1 bsl 59, -(1 bsl 59) - 1, 1 bsl 64, -(1 bsl 64), a, 1.0, "1"],
    Tags = [a, b, true, 1, "a", {a}, 1.0],
    Sizes = [0, 1, 2, 3, -1, 1 bsl 59, 1 bsl 64, -(1 bsl 64), a, 1.0, [1]],
    RecTerms = [{}, {a}, {a, 1}, {a, 1, 2}, {b, 1}, {1, a}, {true, x}, {"a"}, {1.0, 2}, a, [a, 1], 1,
                #{a => 1}, <<"a">>],
    Cases = [{erlang, F, [T]} || F <- Tests, T <- Ts] ++
            [{erlang, is_function, [T, A]} || T <- [a, {a}, 1] ++ funs(), A <- Arities] ++
            [{erlang, is_record, [T, Tag]} || T <- RecTerms, Tag <- Tags] ++
            %% not {} with size 0: erl then compares the word after the empty
            %% tuple with the tag (reads past the tuple), so its answer is
            %% whatever lies there; erlang_types.c says false.
            [{erlang, is_record, [T, Tag, S]} || T <- RecTerms, Tag <- Tags, S <- Sizes,
                                                 {T, S} =/= {{}, 0}],
    write_cases(Out, Cases).
