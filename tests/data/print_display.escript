#!/usr/bin/env escript
%% print_display.escript OUT - what erl's erlang:display/1 writes for a few
%% hundred terms, for tests/unit/test_print.c (runtime/print.c).
%%
%% display/1 writes straight to the emulator's stdout, so a second erl is
%% run with its stdout in a file; each term's text ends in "\r\n" there (OTP
%% adds the \r). Pids, refs and ports are made here, on nonode@nohost with
%% creation 0, so the displaying erl and laser both decode them as local
%% with the same numbers. Identifiers of other nodes print the index of the
%% node's atom, which differs between VMs: test_print.c checks their shape.
%% Output: u32 N, then N x (u32 Len, term_to_binary({Term, Text})).
-mode(compile).

main([Out]) ->
    Terms = terms(),
    Dir = filename:dirname(Out),
    In = filename:join(Dir, "print_display_in." ++ os:getpid()),
    Txt = filename:join(Dir, "print_display_txt." ++ os:getpid()),
    ok = file:write_file(In, term_to_binary(Terms)),
    Erl = filename:join([code:root_dir(), "bin", "erl"]),
    Eval = "{ok, B} = file:read_file(\"" ++ In ++ "\"), "
           "[erlang:display(T) || T <- binary_to_term(B)], halt().",
    Cmd = Erl ++ " -noshell -eval '" ++ Eval ++ "' > " ++ Txt,
    _ = os:cmd(Cmd),
    {ok, Text} = file:read_file(Txt),
    ok = file:delete(In),
    ok = file:delete(Txt),
    Lines = binary:split(Text, <<"\r\n">>, [global]),
    [<<>>] = lists:nthtail(length(Terms), Lines),
    Recs = [begin
                B = term_to_binary({T, L}),
                <<(byte_size(B)):32, B/binary>>
            end || {T, L} <- lists:zip(Terms, lists:sublist(Lines, length(Terms)))],
    ok = file:write_file(Out, [<<(length(Recs)):32>> | Recs]).

terms() ->
    Pid = spawn(fun() -> ok end),
    Port = open_port({spawn, "true"}, []),
    atoms() ++ numbers() ++ lists() ++ binaries() ++ maps() ++ random_terms() ++
        [self(), Pid, make_ref(), make_ref(), Port, hd(erlang:ports()), {self(), [make_ref()]},
         fun() -> ok end, fun(X) -> {X, Pid} end, fun lists:map/2, fun erlang:'+'/2, fun 'A b':'c\nd'/0,
         [fun terms/0, fun main/1]].

atoms() ->
    [a, abc, 'Abc', 'a b', '', '_a', a_B9, '9a', 'a@b', 'a.b', '[]', 'true', 'if', 'end', '\'', 'a\'b',
     'a\\b', 'a"b', '\x01', 'a\nb', 'a\tb\rc\fd\be\vf', 'a\x7fb', 'a\x1fb', 'é', 'éa', 'aé', 'É', 'aÉ', 'ßa',
     'a÷', 'a×', 'Øa', 'aÀ', 'ÿ', 'a\x{100}', '\x{3b1}', 'a\x{3b1}', '\x{1F600}', '\x{80}', 'a\x{9f}',
     '\x{a0}', 'a\x{a0}b', 'hello_World123', list_to_atom(lists:duplicate(255, $z)), nonode@nohost].

numbers() ->
    [0, 1, -1, 42, -42, 1 bsl 59 - 1, -(1 bsl 59), 1 bsl 59, -(1 bsl 59) - 1, 1 bsl 64, -(1 bsl 64),
     1 bsl 100, 12345678901234567890123456789012345678901234567890, -(1 bsl 1000),
     0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 123456789.0, 1.0e100, -1.5e300, 1.0e-10, 5.0e-324,
     2.2250738585072014e-308, 1.7976931348623157e308, 9.999995, 9.9999949, 0.000123456789, 1.0e15, 3.14159265358979].

lists() ->
    [[], "a", "abc", "hi\n", "\t\r", "\e", "a\"b", "a\\b", "a'b", "\x7f", [160, 255], [159], [128], "é",
     [$a | $b], [1, 2, 3], [a, b], [[]], [[], []], "a" ++ [256], [-1], [1 bsl 64], [1.0], [a | b],
     [1 | 2], [1, 2 | 3], ["abc", "def"], [[[[[[[a]]]]]]], lists:seq(1, 40), lists:seq(32, 126),
     lists:seq(0, 31), {}, {a}, {a, "b", <<"c">>, [d], {e}}, {{{}}}, list_to_tuple(lists:seq(1, 30)),
     [{a, 1}, {b, 2} | c]].

binaries() ->
    [<<>>, <<0>>, <<1, 2, 3>>, <<"abc">>, <<"a b~">>, <<"a\"b">>, <<"a\\b">>, <<"\t">>, <<127>>, <<31>>,
     <<"é">>, <<1:1>>, <<1:3>>, <<255:7>>, <<1, 2, 3:4>>, <<"abc", 5:5>>, <<"abc", 1:1>>,
     list_to_binary(lists:seq(0, 255)), binary:copy(<<"xyz">>, 40), binary:copy(<<1>>, 100),
     <<0:1000>>, {<<"a">>, [<<>>]}].

maps() ->
    Big = fun(N, F) -> maps:from_list([{F(I), I} || I <- lists:seq(1, N)]) end,
    [#{}, #{a => 1}, #{a => 1, b => "x", 1 => 2.0, {t} => [x]}, #{#{} => #{a => #{}}},
     #{<<"k">> => <<"v">>, "k" => "v", 1.0 => 1, 1 => 1.0},
     Big(32, fun(I) -> I end), Big(33, fun(I) -> I end), Big(40, fun(I) -> {I, [I]} end),
     Big(100, fun(I) -> integer_to_list(I) end), Big(200, fun(I) -> I * 1.5 end),
     Big(1000, fun(I) -> I * I end), maps:from_list([{I, []} || I <- lists:seq(97, 140)]),
     #{nested => Big(50, fun(I) -> <<I>> end)},
     Big(64, fun(I) -> -I end), Big(70, fun(I) -> (1 bsl 80) + I end), Big(90, fun(I) -> <<"key", I:16>> end),
     Big(120, fun(I) -> [I, {I, [I]}] end), Big(33, fun(I) -> {I, <<I>>, -I * 0.25} end),
     Big(500, fun(I) -> case I rem 4 of 0 -> I; 1 -> [I]; 2 -> <<I:24>>; 3 -> I / 7 end end)].
%% No large map here has atoms in its keys: OTP hashes an atom by its index
%% in the atom table, which depends on the order atoms were made in, so
%% the node layout of such a map differs from run to run of erl itself.

%% Random nested terms (a fixed seed): the printer's separators and nesting.
random_terms() ->
    rand:seed(exsss, {1, 2, 3}),
    [rnd(4) || _ <- lists:seq(1, 250)].

rnd(0) -> leaf();
rnd(D) ->
    case rand:uniform(9) of
        1 -> list_to_tuple([rnd(D - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)]);
        2 -> [rnd(D - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)];
        3 -> [rnd(D - 1) | rnd(D - 1)];
        4 -> maps:from_list([{rnd(D - 1), rnd(D - 1)} || _ <- lists:seq(1, rand:uniform(3) - 1)]);
        5 -> [rand:uniform(300) - 20 || _ <- lists:seq(1, rand:uniform(5))];
        _ -> leaf()
    end.

leaf() ->
    element(rand:uniform(12),
            {rand:uniform(1000) - 500, rand:uniform() * 1.0e6, (rand:uniform() - 0.5) * 1.0e-5,
             rand:uniform(1 bsl 90), lists:nth(rand:uniform(6), [a, 'B', 'c d', [], '', ok]),
             list_to_binary([rand:uniform(95) + 31 || _ <- lists:seq(1, rand:uniform(6))]),
             list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(6))]),
             <<(rand:uniform(127)):(rand:uniform(7))>>, [rand:uniform(95) + 31 || _ <- lists:seq(1, 4)],
             {}, #{}, -(rand:uniform(1 bsl 70))}).
