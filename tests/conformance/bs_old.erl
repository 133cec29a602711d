-module(bs_old).
-export([main/0]).
%% The pre-OTP-25 binary construction instructions, through the assembled
%% module bs_old_asm (tests/conformance/bs_old_asm.S): OTP 25's erlc no
%% longer emits them, but OTP-24-compiled beams (Elixir's) use them.
main() ->
    M = bs_old_asm,
    t(fun() -> M:cat(1, <<"xyz">>, -2) end),
    t(fun() -> M:cat(300, <<>>, 65535) end),
    t(fun() -> M:cat(1, binary:copy(<<"0123456789">>, 10), 7) end),
    t(fun() -> M:cat(a, <<>>, 1) end),
    t(fun() -> M:cat(1, <<1:7>>, 1) end),
    t(fun() -> M:cat(1, [], 1) end),
    t(fun() -> M:cat(1, <<>>, 1.5) end),
    t(fun() -> M:bits(5, 5) end),
    t(fun() -> M:bits(-1, 13) end),
    t(fun() -> M:bits(1 bsl 70, 75) end),
    t(fun() -> M:bits(1, -3) end),
    t(fun() -> M:bits(x, 8) end),
    t(fun() -> M:bits(3, foo) end),
    t(fun() -> M:flt(1.5, 64) end),
    t(fun() -> M:flt(-2.25, 32) end),
    t(fun() -> M:flt(3, 64) end),
    t(fun() -> M:flt(1 bsl 80, 64) end),
    t(fun() -> M:flt(1.0e300, 64) end),
    t(fun() -> M:flt(a, 64) end),
    [t(fun() -> M:flt(F, 16) end) || F <- [1.5, 65504.0, 65519.0, 65520.0, 1.0e-7, -0.0, 3.0e-8, 1.0e-9, 1.0e300, 1 bsl 2000]],
    %% the same floats through bs_create_bin and back through matching
    [t(fun() -> B = <<F:16/float, F:32/float-little>>, <<G:16/float, H:32/float-little>> = B, {B, G, H} end)
     || F <- [1.5, 0.1, 65504.0, 2.0e-5, 1.0e-7, 1.0e40, -1.0e300]],
    t(fun() -> <<X:16/float>> = <<124, 0>>, X end),
    t(fun() -> M:flt(1.0, 33) end),
    [t(fun() -> M:utf(C) end) || C <- [$a, 16#7F, 16#80, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#10FFFF]],
    [t(fun() -> M:utf(C) end) || C <- [16#D800, 16#110000, -1, a, 1.0]],
    [t(fun() -> M:utf16(C, E) end) || C <- [$a, 16#FFFF, 16#10000, 16#10FFFF], E <- [little, big]],
    t(fun() -> M:utf16(16#DFFF, big) end),
    [t(fun() -> M:utf32(C) end) || C <- [0, $a, 16#10FFFF, 16#D800, -5, 16#110000]],
    t(fun() -> M:app(<<>>, 1) end),
    t(fun() -> M:app(<<"abc">>, $d) end),
    t(fun() -> M:app(<<1:4>>, 1) end),
    t(fun() -> M:app(notbin, 1) end),
    t(fun() -> M:app(<<"abc">>, x) end),
    t(fun() -> M:app_bits(<<1:3>>, 5) end),
    t(fun() -> M:app_bits(<<"ab">>, 4) end),
    t(fun() -> M:app_bits(<<>>, 0) end),
    t(fun() -> M:app_bits(<<"ab">>, -1) end),
    %% a long append loop (in place) and the old accumulators unchanged
    Acc = loop(M, <<>>, 0, 5000, []),
    erlang:display({byte_size(Acc), erlang:md5(Acc)}),
    B1 = M:app(<<"base">>, $1),
    B2 = M:app(B1, $2),
    B3 = M:app(B1, $3),
    B4 = M:app(B2, $4),
    erlang:display({B1, B2, B3, B4}),
    t(fun() -> M:priv([1, 2, 3, 65535]) end),
    t(fun() -> byte_size(M:priv(lists:seq(1, 3000))) end),
    t(fun() -> erlang:md5(M:priv(lists:seq(1, 3000))) end),
    t(fun() -> M:priv([1, x]) end),
    t(fun() -> byte_size(M:size_or_fail(3)) end),
    t(fun() -> M:size_or_fail(0) end),
    t(fun() -> byte_size(M:size_or_fail(100)) end),
    t(fun() -> M:size_or_fail(-1) end),
    t(fun() -> M:size_or_fail(a) end),
    t(fun() -> M:size_or_fail(1 bsl 64) end),
    t(fun() -> M:add(1, 2, x) end),
    t(fun() -> M:add(-1, 2, x) end),
    t(fun() -> M:add(1, -2, x) end),
    t(fun() -> M:add(1, 1 bsl 64, x) end),
    t(fun() -> M:add(1 bsl 57, 1 bsl 57, x) end),
    ok.

loop(_M, Acc, N, N, _) -> Acc;
loop(M, Acc, I, N, Keep) ->
    Acc1 = M:app(Acc, I band 255),
    Keep1 = case I rem 1000 of 0 -> [Acc | Keep]; _ -> Keep end,
    case I rem 1000 of
        999 -> [erlang:display(byte_size(K)) || K <- Keep1];
        _ -> ok
    end,
    loop(M, Acc1, I + 1, N, Keep1).

t(F) ->
    R = try {ok, F()} catch C:E -> {C, E} end,
    erlang:display(R).
