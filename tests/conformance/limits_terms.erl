%% limits_terms - terms too large to build raise system_limit or badarg
%% exactly as OTP 25 does: atoms over 255 characters, integers over the
%% bignum size limit, tuples over the arity limit, binary:copy with absurd
%% counts. (binary:copy(<<1>>, 1 bsl 62) is left out: erl itself dies
%% trying to allocate 4 EiB.)
-module(limits_terms).
-export([main/0]).

main() ->
    A255 = lists:duplicate(255, $a),
    p(atom_255, fun() -> list_to_atom(A255) =:= list_to_atom(A255) end),
    p(atom_256, fun() -> list_to_atom([$a | A255]) end),
    p(atom_255_unicode, fun() -> length(atom_to_list(list_to_atom(lists:duplicate(255, 16#10000)))) end),
    p(atom_256_unicode, fun() -> list_to_atom(lists:duplicate(256, 16#e5)) end),
    p(binary_to_atom_256, fun() -> binary_to_atom(binary:copy(<<"b">>, 256), latin1) end),
    p(binary_to_atom_256_utf8, fun() -> binary_to_atom(binary:copy(<<"å"/utf8>>, 256), utf8) end),
    p(existing_256, fun() -> list_to_existing_atom([$a | A255]) end),
    p(bsl_2_40, fun() -> 1 bsl id(1 bsl 40) end),
    p(bsl_2_62, fun() -> 1 bsl id(1 bsl 62) end),
    p(bsl_2_64, fun() -> 1 bsl id(1 bsl 64) end),
    p(bsl_neg_big, fun() -> 1 bsl id(-(1 bsl 64)) end),
    p(bsr_big, fun() -> (1 bsl 100) bsr id(1 bsl 64) end),
    p(big_mul, fun() -> X = 1 bsl id(1 bsl 31), X * X end),
    p(make_tuple_2_30, fun() -> erlang:make_tuple(id(1 bsl 30), x) end),
    p(make_tuple_2_24, fun() -> erlang:make_tuple(id(1 bsl 24), x) end),
    p(make_tuple_max, fun() -> tuple_size(erlang:make_tuple(id(1 bsl 24 - 1), x)) end),
    p(make_tuple_neg, fun() -> erlang:make_tuple(id(-1), x) end),
    p(make_tuple_big, fun() -> erlang:make_tuple(id(1 bsl 64), x) end),
    p(append_element_max, fun() -> erlang:append_element(erlang:make_tuple(id(1 bsl 24 - 1), x), y) end),
    p(copy_2_64, fun() -> binary:copy(<<1>>, id(1 bsl 64)) end),
    p(copy_neg, fun() -> binary:copy(<<1>>, id(-1)) end),
    p(copy_empty_huge, fun() -> binary:copy(<<>>, id(1 bsl 40)) end),
    p(duplicate_neg, fun() -> binary:copy(<<"ab">>, id(-5)) end),
    ok.

%% hide constants from the compiler, which would otherwise fold (and warn)
id(X) -> X.

p(Name, F) ->
    R = try F() of V -> {ok, V} catch C:E -> {C, E} end,
    io:format("~p: ~p~n", [Name, R]).
