#!/usr/bin/env escript
%% print_io.escript OUT - erl's erlang:display_string/1 and display_nl/0
%% (runtime/bif/erlang_io.c): the outcome for each input and the bytes
%% written to stderr, captured from a second erl. Replayed by
%% tests/unit/test_print.c. A \1\2\3 separator marks the end of each case
%% (no input here contains those characters).
%% Output: u32 N, then N x (u32 Len, term_to_binary({Input, Outcome, Bytes}))
%% where Input = nl stands for display_nl().
-mode(compile).

inputs() ->
    ["a", [], "b\n", "\n\n", "tab\there", "cr\rlf\n", [16#3B1, 16#1F600], [255, 128, 127], [16#10FFFF],
     "before" ++ [0] ++ "after", [0], <<"bin">>, abc, [a], [1 | 2], ["ab", "c"], [<<"x">>], [-1],
     [16#D800], [16#DFFF], [16#110000], [1 bsl 64], [1.0], 42, {"a"}, nl].

main([Out]) ->
    Dir = filename:dirname(Out),
    In = filename:join(Dir, "print_io_in." ++ os:getpid()),
    Res = filename:join(Dir, "print_io_res." ++ os:getpid()),
    Err = filename:join(Dir, "print_io_err." ++ os:getpid()),
    ok = file:write_file(In, term_to_binary(inputs())),
    Eval = "{ok, B} = file:read_file(\"" ++ In ++ "\"), "
           "R = [begin "
           "       O = try {ok, case I of nl -> erlang:display_nl(); _ -> erlang:display_string(I) end} "
           "           catch C:E -> {C, E} end, "
           "       erlang:display_string([1, 2, 3]), O "
           "     end || I <- binary_to_term(B)], "
           "ok = file:write_file(\"" ++ Res ++ "\", term_to_binary(R)), halt().",
    Erl = filename:join([code:root_dir(), "bin", "erl"]),
    _ = os:cmd(Erl ++ " -noshell -eval '" ++ Eval ++ "' 2> " ++ Err),
    {ok, RB} = file:read_file(Res),
    {ok, Bytes} = file:read_file(Err),
    [ok = file:delete(F) || F <- [In, Res, Err]],
    Outcomes = binary_to_term(RB),
    Texts = binary:split(Bytes, <<1, 2, 3>>, [global]),
    N = length(inputs()),
    [<<>>] = lists:nthtail(N, Texts),
    Recs = [begin
                B = term_to_binary({I, O, T}),
                <<(byte_size(B)):32, B/binary>>
            end || {I, O, T} <- lists:zip3(inputs(), Outcomes, lists:sublist(Texts, N))],
    ok = file:write_file(Out, [<<(length(Recs)):32>> | Recs]).
