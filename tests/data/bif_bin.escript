#!/usr/bin/env escript
%% bif_bin.escript OUT - erl's outcomes for the binary, external term
%% format and checksum BIFs of runtime/bif/erlang_bin.c; replayed by
%% tests/unit/test_bif_bin.c.
%% Left out: erlang:md5_init/0, whose 88-byte context carries 64 buffer
%% bytes that erl does not initialise (heap garbage differs run to run);
%% test_bif_bin.c checks its layout and the digests through it instead.
%% md5_update's contexts come from erl; their stale buffer bytes show how
%% the input was split into MD5Update calls, which laser reproduces.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    rand:seed(exsss, {1, 2, 3}),
    Bytes = list_to_binary(lists:seq(0, 255)),
    Big = binary:copy(<<"0123456789">>, 1000),
    Sub = binary:part(Big, 3, 77),
    Bins = [<<>>, <<1>>, <<1, 2, 3>>, Bytes, Big, Sub, unaligned()],
    Bits = [<<1:1>>, <<1, 2, 3:4>>, <<7:3>>, <<0:1001>>, <<Sub/binary, 1:1>>],
    Bad = [a, 1, 1.5, [], [1, 2], {<<"a">>}, -1, 1 bsl 70, #{}],
    Ints = [0, 1, 2, 3, 4, 77, 255, 256, 10000, 10001, -1, -2, -3, -4, 1 bsl 59, 1 bsl 64, -(1 bsl 64), 1.0, a],
    Terms = [0, -1, 255, 256, 1 bsl 31, -(1 bsl 31) - 1, 1 bsl 59, 1 bsl 64, -(1 bsl 200), 1.5, -0.0, 1.0e300,
             a, 'hello world', 'ÿ', '\x{100}', [], "abc", [1 | 2], lists:seq(1, 300), {}, {a, b},
             list_to_tuple(lists:seq(1, 300)), <<>>, Bytes, Big, Sub, <<1:3>>, <<1, 2, 3:4>>, #{},
             #{a => 1, b => [2]}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
             [{deep, [[[[x]]]]}, #{k => {v, <<1, 2>>}}, "text with ünïcødé"],
             self(), make_ref(), fun lists:map/2, binary:copy(<<"compressible ">>, 500)],
    T2BOpts = [[], [compressed], [{compressed, 0}], [{compressed, 1}], [{compressed, 9}], [{compressed, 10}],
               [{compressed, -1}], [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 2}],
               [{minor_version, 3}], [deterministic], [compressed, deterministic, {minor_version, 2}],
               [x], [compressed | x], x, [{compressed}], [{minor_version, a}], [compressed, {compressed, 0}],
               [{compressed, 0}, compressed], [{minor_version, 0}, {minor_version, 2}], [deterministic, deterministic],
               [{compressed, 1 bsl 64}], [{minor_version, 1.0}]],
    Encs = [term_to_binary(T, O) || T <- Terms, O <- [[], [compressed], [{minor_version, 0}],
                                                   [{minor_version, 2}]], is_local(T)],
    Corrupt = [<<>>, <<131>>, <<130, 100, 0, 1, 97>>, <<131, 100, 0, 5, "ab">>, <<131, 97>>,
               <<131, 80, 0, 0, 0, 10, 1, 2, 3>>, <<131, 100, 0, 5, "abcde">>, <<131, 119, 5, "xyzzq">>,
               <<131, 108, 0, 0, 0, 2, 97, 1, 106>>, <<131, 104, 2, 97, 1>>,
               <<(term_to_binary(a))/binary, 1, 2, 3>>, <<(term_to_binary({1, 2}))/binary, 0:3>>,
               <<131, 100, 0, 1, 97>>] ++
              [binary:part(E, 0, byte_size(E) - 1) || E <- lists:sublist(Encs, 1, 30), byte_size(E) > 1],
    B2TOpts = [[], [safe], [used], [safe, used], [x], [used | x], x],
    Iodata = [<<>>, <<"abc">>, Bytes, Big, Sub, unaligned(), [], "abc", [<<"a">>, [$b, [<<"c">>]] | <<"d">>],
              lists:duplicate(1000, [1, <<2, 3>>]), [Big, Sub, Big]],
    BadIo = [<<1:3>>, [<<1:3>>], [256], [a], [1 | 2], a, 1, 1.5],
    U32 = [0, 1, 16#FFFFFFFF, 16#100000000, -1, 1 bsl 64, a, 1.0, 12345678],
    Ctx = md5_contexts(),
    Cases =
        [{erlang, F, [B]} || F <- [byte_size, bit_size], B <- Bins ++ Bits ++ Bad] ++
        [{erlang, split_binary, [B, I]} || B <- Bins ++ Bits ++ [a], I <- Ints] ++
        [{erlang, binary_part, [B, P, L]} || B <- Bins ++ Bits ++ [a], P <- Ints, L <- Ints] ++
        [{erlang, binary_part, [B, {P, L}]} || B <- Bins ++ Bits, P <- [0, 1, 3, -1, 77], L <- [0, 1, -1, 3, -3, 77]] ++
        [{erlang, binary_part, [<<"abc">>, X]} || X <- [{1}, {1, 1, 1}, [1, 1], a]] ++
        [{erlang, term_to_binary, [T]} || T <- Terms] ++
        [{erlang, term_to_binary, [T, O]} || T <- Terms, O <- T2BOpts] ++
        [{erlang, term_to_iovec, [T]} || T <- Terms ++ iovec_terms(Big, Sub)] ++
        [{erlang, term_to_iovec, [T, O]} || T <- Terms ++ iovec_terms(Big, Sub), O <- T2BOpts] ++
        [{erlang, external_size, [T]} || T <- Terms] ++
        [{erlang, external_size, [T, O]} || T <- Terms,
                                            O <- [[], [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 2}],
                                                  [compressed], [deterministic], x, [x | y]]] ++
        [{erlang, binary_to_term, [B]} || B <- Encs ++ Corrupt ++ Bad ++ Bits] ++
        [{erlang, binary_to_term, [B, O]} || B <- lists:sublist(Encs, 1, 40) ++ Corrupt, O <- B2TOpts] ++
        [{erlang, binary_to_term, [B, O]} || B <- mutants(Encs), O <- [[safe, used], [used]]] ++
        [{erlang, F, [D]} || F <- [md5, crc32, adler32, iolist_to_iovec], D <- Iodata ++ BadIo] ++
        [{erlang, iolist_to_iovec, [D]} || D <- iovec_cases(Big, Sub)] ++
        [{erlang, F, [Old, D]} || F <- [crc32, adler32], Old <- U32, D <- [<<>>, <<"abc">>, [1, <<2>>], <<1:3>>]] ++
        [{erlang, F, [A, B, L]} || F <- [crc32_combine, adler32_combine], A <- U32, B <- [0, 16#DEADBEEF, -1],
                                   L <- [0, 1, 3, 1000, 16#FFFFFFFF, 16#100000000]] ++
        [{erlang, md5_update, [C, D]} || C <- Ctx, D <- [<<>>, <<"abc">>, Bytes, Big, Sub, <<1:3>>, [256]] ++ Iodata] ++
        [{erlang, md5_update, [C, <<"x">>]} || C <- [<<>>, <<0:87/unit:8>>, <<0:89/unit:8>>, <<0:705>>, a]] ++
        [{erlang, md5_final, [C]} || C <- Ctx ++ [<<>>, <<0:87/unit:8>>, a, [1]]],
    write_cases(Out, Cases).

%% Pids, refs and funs of this node encode with this node's name and
%% creation, which laser's test process does not share.
is_local(T) -> not (is_pid(T) orelse is_reference(T) orelse (is_function(T) andalso not is_function(T, 2))).

%% md5 contexts built by erl after a few inputs (their stale buffer bytes are
%% part of the state the cases carry).
md5_contexts() ->
    Inputs = [[], [<<"a">>], [<<"abc">>, <<"defgh">>], [binary:copy(<<"x">>, 63)], [binary:copy(<<"y">>, 64)],
              [binary:copy(<<"z">>, 100), <<"tail">>], [binary:copy(<<"w">>, 1000)]],
    [lists:foldl(fun(B, C) -> erlang:md5_update(C, B) end, erlang:md5_init(), In) || In <- Inputs].

%% Terms holding binaries around term_to_iovec's 65-byte threshold, in
%% every kind of container. (Unaligned binaries, which erl copies, lose
%% their alignment on the way through the case file: test_bif_bin.c has
%% that case.)
iovec_terms(Big, Sub) ->
    B = fun(N) -> binary:part(Big, 100, N) end,
    <<B64:64/binary, _/binary>> = Big,
    M = maps:from_list([{I, B(65 + I)} || I <- lists:seq(1, 40)]),
    [B(64), B(65), <<B64/binary, 1:1>>, <<Big/binary, 1:7>>, {B(65), a, B(65)}, [B(70) | B(66)],
     [a, B(70)], #{a => B(65), b => [B(100)], B(90) => c}, M, #{M => B(65)}, <<>>, {<<>>, B(65), <<>>},
     {1.5, fun() -> B(65) end, Sub}, [Big, Sub, binary:copy(<<"k">>, 1000)], {self(), B(80), make_ref()},
     [B(65), [[[B(66)]]], {[B(67)]} | B(68)], lists:seq(1, 300) ++ [B(65)]].

%% Encodings with one byte changed at random (hostile input: mostly
%% badarg, sometimes another term).
mutants(Encs) ->
    Small = [E || E <- Encs, byte_size(E) < 400],
    [begin
         E = lists:nth(rand:uniform(length(Small)), Small),
         P = rand:uniform(byte_size(E)) - 1,
         <<Pre:P/binary, _, Post/binary>> = E,
         <<Pre/binary, (rand:uniform(256) - 1), Post/binary>>
     end || _ <- lists:seq(1, 600)].

%% Shapes around iolist_to_iovec's accumulator limits (256, 512, 8192).
%% Not [lists:duplicate(8192, 1), 2]: erl gives [8192, 1] or [8193] by
%% where the BIF's reductions run out in the generating process (both
%% seen, in two builds of one tree).
iovec_cases(Big, Sub) ->
    B = fun(N) -> binary:copy(<<"b">>, N) end,
    [[1, B(300)], [1, B(600)], [B(255), B(257)], [B(256), B(256)], [B(100), B(500)], [B(300), 1, B(300)],
     lists:duplicate(100, B(100)), lists:duplicate(30, B(255)), [lists:duplicate(9000, 1), lists:duplicate(9000, 2)],
     [lists:duplicate(8191, 1), B(300)], [B(0), [], [[]] | B(0)], [<<>>],
     [Sub, 1, Big, [Sub | Sub]], [unaligned(), B(400), unaligned()], [[1, [2, [3 | B(300)]]], 4 | B(3)],
     [1 | 2], [B(300) | a], [B(10), <<1:1>>], [B(300), -1], [1, 2, 256], [[[[x]]]], B(0), B(100), <<1:1>>].

%% A binary that does not start on a byte boundary.
unaligned() ->
    <<_:3, B:40/bitstring, _:5>> = <<"abcdef">>,
    B.
