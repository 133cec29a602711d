#!/usr/bin/env escript
%% hash_terms.escript OUT - terms with the hashes erl gives them, for
%% tests/unit/test_hash.c. OUT holds term_to_binary of a list of
%%   {Term, Phash2, [phash2(Term, R) || R <- Ranges], [phash(Term, R) || ...],
%%    InternalHash | undefined}
%% where InternalHash (OTP's make_internal_hash, salt 0) is given only for
%% terms whose internal hash is VM-independent (no atoms, pids, ports, refs
%% or funs inside: those hash by table index or pointer).
-mode(compile).
-compile(nowarn_deprecated_function).

ranges() -> [1, 2, 7, 1000, 1 bsl 27, (1 bsl 32) - 1, 1 bsl 32].

main([Out]) ->
    erts_debug:set_internal_state(available_internal_state, true),
    rand:seed(exsss, {17, 4711, 99}),
    Terms = fixed() ++ [random_term(4) || _ <- lists:seq(1, 300)],
    Recs = [record(T) || T <- Terms],
    ok = file:write_file(Out, term_to_binary(Recs)).

record(T) ->
    IH = case portable(T) of
             true -> erts_debug:get_internal_state({internal_hash, T});
             false -> undefined
         end,
    {T, erlang:phash2(T), [erlang:phash2(T, R) || R <- ranges()],
     [erlang:phash(T, R) || R <- ranges()], IH}.

portable(T) when is_atom(T); is_pid(T); is_port(T); is_reference(T); is_function(T) -> false;
portable(T) when is_list(T) -> portable_list(T);
portable(T) when is_tuple(T) -> lists:all(fun portable/1, tuple_to_list(T));
portable(T) when is_map(T) -> lists:all(fun portable/1, maps:keys(T) ++ maps:values(T));
portable(_) -> true.

portable_list([H | T]) -> portable(H) andalso portable_list(T);
portable_list([]) -> true;
portable_list(T) -> portable(T).

fixed() ->
    Ints = [0, 1, -1, 2, 255, 256, -255, -256, 65535, 1 bsl 27 - 1, 1 bsl 27, -(1 bsl 27),
            -(1 bsl 27) - 1, 1 bsl 28, 1 bsl 31, 1 bsl 32, 1 bsl 32 - 1, -(1 bsl 32),
            1 bsl 59 - 1, -(1 bsl 59), 1 bsl 59, -(1 bsl 59) - 1, 1 bsl 60, 1 bsl 63,
            1 bsl 64 - 1, 1 bsl 64, -(1 bsl 64), 1 bsl 100, -(1 bsl 100),
            pow(10, 50), -pow(10, 77), pow(7, 300), fact(40)],
    Floats = [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 0.1, 3.141592653589793, 1.0e300,
              -1.0e-300, 5.0e-324, 1.7976931348623157e308, 123456789.0],
    Atoms = ['', a, hello, 'hello world', true, false, undefined, nonode@nohost,
             list_to_atom([$\x{e9}, $t, $\x{e9}]), list_to_atom([16#65e5, 16#672c]),
             list_to_atom(lists:duplicate(255, $z)), list_to_atom([255, 128, 200])],
    Lists = [[], "a", "ab", "abc", "abcd", "abcde", "abcdefghi", [256], [1, 2, 3 | 4],
             [a, b, c], [1, a, 2, b], [[]], [[], []], "abc" ++ [a], [-1, 1],
             lists:seq(1, 300), lists:seq(200, 300), [1000, "x", <<"y">>],
             [a | b], ["ab" | "cd"], [{}], nest_list(2000), lists:seq(1, 10000),
             [1.5, 2.5], [[1, 2], [3, 4]], [255, 256, 255]],
    Tuples = [{}, {a}, {1, 2}, {1, {2, {3, {}}}}, {[], [], []}, list_to_tuple(lists:seq(1, 300)),
              nest_tuple(2000), {<<>>, <<1>>, 1.0}],
    Bins = [<<>>] ++ [list_to_binary([(I * 7 + J) rem 256 || J <- lists:seq(1, I)])
                      || I <- lists:seq(1, 70) ++ [100, 255, 1000, 5000]]
        ++ [<<I:N>> || {I, N} <- [{1, 1}, {0, 1}, {5, 3}, {127, 7}, {300, 9}, {65535, 17},
                                  {12345678, 25}, {16#abcdef, 23}, {1, 63}, {3, 65}]]
        ++ [<<(list_to_binary(lists:seq(1, 80)))/binary, 5:3>>,
            <<(list_to_binary(lists:seq(1, 80)))/binary, 21:5>>],
    Maps = [#{}, #{a => 1}, #{1 => a}, #{1 => 2, 3 => 4}, #{<<"k">> => [1, 2]},
            #{{1, 2} => 3.0, 1.0 => 1, 1 => 1.0},
            maps:from_list([{I, I * I} || I <- lists:seq(1, 32)]),
            maps:from_list([{I, I * I} || I <- lists:seq(1, 33)]),
            maps:from_list([{I, [I]} || I <- lists:seq(1, 200)]),
            maps:from_list([{integer_to_binary(I), I} || I <- lists:seq(1, 100)]),
            #{#{1 => 2} => #{3 => #{}}}, #{[] => []}],
    Others = [self(), c:pid(0, 1, 0), c:pid(0, 32767, 3), c:pid(0, 1, 8191),
              list_to_port("#Port<0.5>"), list_to_port("#Port<0.123456>"),
              list_to_ref("#Ref<0.1.2.3>"), make_ref(),
              ext_pid(), ext_port(), ext_ref(),
              {self(), [list_to_ref("#Ref<0.3.2.1>")]}],
    Ints ++ [-I || I <- Ints, is_integer(I), I > 1 bsl 40] ++ Floats ++ Atoms ++ Lists
        ++ Tuples ++ Bins ++ Maps ++ Others.

ext_pid() ->
    binary_to_term(<<131, 88, 100, 0, 13, "other@machine", 0, 0, 0, 42, 0, 0, 0, 7, 0, 0, 0, 3>>).
ext_port() ->
    binary_to_term(<<131, 89, 100, 0, 13, "other@machine", 0, 0, 0, 42, 0, 0, 0, 9>>).
ext_ref() ->
    binary_to_term(<<131, 90, 0, 3, 100, 0, 13, "other@machine", 0, 0, 0, 9, 1:32, 2:32, 3:32>>).

pow(_, 0) -> 1;
pow(B, N) -> B * pow(B, N - 1).
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
nest_list(0) -> [];
nest_list(N) -> [nest_list(N - 1)].
nest_tuple(0) -> {};
nest_tuple(N) -> {N, nest_tuple(N - 1)}.

random_term(0) -> random_leaf();
random_term(D) ->
    case rand:uniform(6) of
        1 -> [random_term(D - 1) || _ <- lists:seq(1, rand:uniform(5) - 1)];
        2 -> list_to_tuple([random_term(D - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)]);
        3 -> maps:from_list([{random_leaf(), random_term(D - 1)} || _ <- lists:seq(1, rand:uniform(5) - 1)]);
        4 -> [random_term(D - 1) | random_leaf()];
        _ -> random_leaf()
    end.

random_leaf() ->
    case rand:uniform(9) of
        1 -> rand:uniform(1000) - 500;
        2 -> rand:uniform(1 bsl 62) * (1 bsl rand:uniform(100)) * (rand:uniform(3) - 2);
        3 -> (rand:uniform() - 0.5) * math:pow(10, rand:uniform(40) - 20);
        4 -> list_to_atom("atom" ++ integer_to_list(rand:uniform(30)));
        5 -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(90) - 1)]);
        6 -> N = rand:uniform(40), <<(rand:uniform(1 bsl 40)):N>>;
        7 -> [rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(12) - 1)];
        8 -> [];
        _ -> rand:uniform(1 bsl 27)
    end.
