#!/usr/bin/env escript
%% etf_terms.escript OUT - terms of every class encoded by erl's
%% term_to_binary/2 under several option sets, for tests/unit/test_etf.c.
%% Output (big-endian):
%%   u32 NOpts; NOpts x (u8 Level (255 = not compressed), u8 MinorVersion,
%%                       u8 Deterministic)
%%   u32 NTerms; NTerms x (u8 Portable, NOpts x (u32 Len, term_to_binary(T, Opts)))
%% Portable = 0 if T holds a large map (a HAMT, over 32 keys) with an atom,
%% pid, port, ref or fun in a key: OTP hashes those by table index or
%% address, so such a map's order (and its encoding without
%% `deterministic`) is particular to the VM that built it.
%% The first terms are the ones test_etf.c also builds in C (expected/0);
%% keep that list and the C side in step.
-mode(compile).

opts() ->
    [{[], 255, 1, 0},
     {[{minor_version, 0}], 255, 0, 0},
     {[{minor_version, 1}], 255, 1, 0},
     {[{minor_version, 2}], 255, 2, 0},
     {[compressed], 6, 1, 0},
     {[{compressed, 9}], 9, 1, 0},
     {[{compressed, 1}, {minor_version, 2}], 1, 2, 0},
     {[deterministic], 255, 1, 1},
     {[deterministic, {minor_version, 2}, {compressed, 6}], 6, 2, 1}].

main([Out]) ->
    Terms = expected() ++ terms(),
    Opts = opts(),
    Head = [<<(length(Opts)):32>>, [<<L, M, D>> || {_, L, M, D} <- Opts]],
    Body = [<<(length(Terms)):32>>,
            [[<<(case order_portable(T) of true -> 1; false -> 0 end)>>,
              [begin B = term_to_binary(T, O), [<<(byte_size(B)):32>>, B] end || {O, _, _, _} <- Opts]]
             || T <- Terms]],
    ok = file:write_file(Out, [Head, Body]).

order_portable(T) when is_list(T) -> order_portable_list(T);
order_portable(T) when is_tuple(T) -> lists:all(fun order_portable/1, tuple_to_list(T));
order_portable(T) when is_map(T) ->
    Ks = maps:keys(T),
    (map_size(T) =< 32 orelse lists:all(fun hash_portable/1, Ks))
        andalso lists:all(fun order_portable/1, Ks ++ maps:values(T));
order_portable(_) -> true.

order_portable_list([H | T]) -> order_portable(H) andalso order_portable_list(T);
order_portable_list([]) -> true;
order_portable_list(T) -> order_portable(T).

hash_portable(T) when is_atom(T); is_pid(T); is_port(T); is_reference(T); is_function(T) -> false;
hash_portable([H | T]) -> hash_portable(H) andalso hash_portable(T);
hash_portable(T) when is_tuple(T) -> lists:all(fun hash_portable/1, tuple_to_list(T));
hash_portable(T) when is_map(T) -> lists:all(fun hash_portable/1, maps:keys(T) ++ maps:values(T));
hash_portable(_) -> true.

%% Built in C by test_etf.c, in this order.
expected() ->
    P = fun(E) -> 1 bsl E end,
    [0, 255, 256, -1, (1 bsl 31) - 1, -(1 bsl 31), 1 bsl 31, -(1 bsl 31) - 1,
     P(59) - 1, -P(59), P(59), -P(59) - 1, P(60), -P(60), P(64) - 1, P(64), -P(64),
     1.5, -0.0, 0.0, 5.0e-324, 1.7976931348623157e308,
     abc, '', 'hello world', 'λ', 'é',
     [], "abc", [1, 2 | 3], {}, {a, 1},
     <<>>, <<1, 2, 3>>, <<5:3>>, #{}, #{a => 1, 1 => a}].

a(N) -> B = atom_to_binary(N), <<119, (byte_size(B)), B/binary>>.
pid(N, Id, Ser, Cr) -> binary_to_term(<<131, 88, (a(N))/binary, Id:32, Ser:32, Cr:32>>).
port(N, Id, Cr) -> binary_to_term(<<131, 120, (a(N))/binary, Id:64, Cr:32>>).
ref(N, Cr, Ids) ->
    binary_to_term(<<131, 90, (length(Ids)):16, (a(N))/binary, Cr:32, (<< <<I:32>> || I <- Ids >>)/binary>>).
%% NEW_FUN_EXT of a module that is not loaded anywhere
fn(Mod, Uniq, Index, OldUniq, Free) ->
    FreeB = << <<B/binary>> || <<131, B/binary>> <- [term_to_binary(F) || F <- Free] >>,
    Body = <<1, Uniq:128, Index:32, (length(Free)):32, (a(Mod))/binary,
             98, Index:32/signed, 98, OldUniq:32/signed,
             88, (a('nonode@nohost'))/binary, 1:32, 0:32, 0:32, FreeB/binary>>,
    binary_to_term(<<131, 112, (byte_size(Body) + 4):32, Body/binary>>).

closure(X) -> fun() -> X end.
closure3(X, Y, Z) -> fun(A) -> {A, X, Y, Z} end.

terms() ->
    ints() ++ floats() ++ atoms() ++ lists() ++ tuples() ++ bins() ++ maps() ++ ids() ++ funs()
        ++ mixed().

ints() ->
    P = fun(E) -> 1 bsl E end,
    Base = [1, 2, 127, 128, 254, 1000, 65535, 65536, P(27), P(28) - 1, P(32) - 1, P(32), P(40),
            P(53) + 1, P(63) - 1, P(63), P(64) + 1, P(65), P(100), P(255 * 8 - 1), P(255 * 8),
            P(256 * 8), P(3000) + 12345, P(20000) - 1, fact(100), pow(7, 400)],
    Base ++ [-X || X <- Base].

floats() ->
    [1.0, -1.0, 0.1, -0.1, 3.141592653589793, 1.0e300, -1.0e-300, 2.2250738585072014e-308,
     2.225073858507201e-308, -5.0e-324, 1.0e16, 123456789012345680.0, 0.5, 1.0e-10, 6.02214076e23,
     float(1 bsl 60), -float(1 bsl 64), 9007199254740993.0, 1.7976931348623157e308 / 3].

atoms() ->
    [a, 'Z', true, false, undefined, nonode@nohost, 'a b\nc', '\'',
     list_to_atom([255]), list_to_atom([128, 200, 255]), list_to_atom([16#65e5, 16#672c]),
     list_to_atom([$a, 16#1F600, $b]), list_to_atom(lists:duplicate(255, $x)),
     list_to_atom(lists:duplicate(255, 16#e9)), list_to_atom(lists:duplicate(255, 16#3bb)),
     list_to_atom(lists:duplicate(200, 16#1F600))].

lists() ->
    [[0], [255], [256], [-1], "hello", lists:seq(0, 255), lists:seq(1, 65535) -- [], string:copies("ab", 40000),
     lists:duplicate(65535, 7), lists:duplicate(65536, 7), [a], [a | b], [1 | 2.0], [[]], [[], []],
     ["abc" | "def"], [1, 2, 3 | <<4>>], lists:seq(1, 100000), [1.0, a, "x", {}],
     nest_list(1000), nest_list_tail(500), [{1, 2}, {3, 4}], [<<>> | <<>>]].

tuples() ->
    [{a}, {1, 2, 3}, list_to_tuple(lists:seq(1, 255)), list_to_tuple(lists:seq(1, 256)),
     list_to_tuple(lists:seq(1, 70000)), {{{{}}}}, nest_tuple(1000), {[], #{}, <<>>}].

bins() ->
    Big = list_to_binary([I rem 256 || I <- lists:seq(1, 3000)]),
    <<_:3, Odd:2000/bitstring, _/bitstring>> = Big,
    [<<0>>, <<255>>, list_to_binary(lists:seq(0, 63)), list_to_binary(lists:seq(0, 64)),
     list_to_binary(lists:seq(0, 65)), Big, Odd, <<1:1>>, <<0:1>>, <<255:7>>, <<1, 2, 3:4>>,
     <<Big/binary, 5:5>>, binary:part(Big, 100, 200), <<(binary:part(Big, 7, 70))/binary, 1:1>>,
     [<<X:N>> || N <- [1, 2, 3, 7, 9, 15, 17, 63, 65], X <- [0, 1]]].

maps() ->
    M = fun(N) -> maps:from_list([{I, I * I} || I <- lists:seq(1, N)]) end,
    [#{a => 1}, M(1), M(2), M(31), M(32), M(33), M(100), M(5000),
     maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 300)]),
     maps:from_list([{float(I), I} || I <- lists:seq(1, 40)] ++ [{I, I} || I <- lists:seq(1, 40)]),
     maps:from_list([{K, K} || K <- [a, b, 1, 1.0, 2.0, {x}, [y], <<"z">>, "str", self(), -5,
                                     1 bsl 70, #{}, #{a => 1}, {1, 2}, [], <<1:1>>]]
                    ++ [{{k, I}, I} || I <- lists:seq(1, 30)]),
     #{#{1 => 2} => #{3 => #{4 => 5}}},
     maps:from_list([{I, maps:from_list([{J, J} || J <- lists:seq(1, 40)])} || I <- lists:seq(1, 40)]),
     maps:remove(7, M(33)), maps:put(0.5, x, M(32)), (M(100))#{50 := changed}].

ids() ->
    lists:sublist(erlang:ports(), 2) ++
        [self(), make_ref(), make_ref(), list_to_pid("<0.1.0>"), list_to_pid("<0.32767.8191>"),
         list_to_port("#Port<0.5>"), list_to_port("#Port<0.268435455>"),
         list_to_ref("#Ref<0.1.2.3>"), list_to_ref("#Ref<0.4294967295.0.262143>"),
         pid('a@b', 5, 0, 1), pid('other@host', 16#ffffffff, 16#ffffffff, 16#ffffffff),
         pid('λ@x', 1, 2, 3), pid(nonode@nohost, 1, 2, 5),
         port('a@b', 5, 1), port('a@b', 1 bsl 40, 2), port('a@b', 16#ffffffff, 2),
         port('a@b', 1 bsl 32, 2), port(nonode@nohost, 7, 9),
         ref('a@b', 1, [1, 2, 3]), ref('a@b', 1, [1, 2, 3, 4, 5]), ref('a@b', 1, [9]),
         ref('a@b', 1, []), ref('a@b', 1, [1, 2]), ref('a@b', 16#ffffffff, [16#ffffffff, 0, 7])].

funs() ->
    [fun lists:map/2, fun erlang:abs/1, fun no_such_module:f/0, fun m:f/255,
     fun() -> ok end, fun(X) -> X end, closure(1), closure(<<1, 2, 3>>),
     closure3(a, [1, 2], #{k => v}), closure(closure(self())),
     fn(not_loaded, 16#0123456789abcdef0123456789abcdef, 0, 5, []),
     fn(not_loaded, 1, 7, -5, [a, 1.5]), fn('λ', 2, 300, 1000, [{x}])].

mixed() ->
    rand:seed(exsss, {1, 2, 3}),
    [random_term(5) || _ <- lists:seq(1, 120)].

pow(_, 0) -> 1;
pow(B, N) -> B * pow(B, N - 1).
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
nest_list(0) -> [];
nest_list(N) -> [nest_list(N - 1)].
nest_list_tail(0) -> [];
nest_list_tail(N) -> [N | nest_list_tail(N - 1)] ++ [nest_list_tail(0)].
nest_tuple(0) -> {};
nest_tuple(N) -> {N, nest_tuple(N - 1)}.

random_term(0) -> random_leaf();
random_term(D) ->
    case rand:uniform(7) of
        1 -> [random_term(D - 1) || _ <- lists:seq(1, rand:uniform(5) - 1)];
        2 -> list_to_tuple([random_term(D - 1) || _ <- lists:seq(1, rand:uniform(4) - 1)]);
        3 -> maps:from_list([{random_leaf(), random_term(D - 1)} || _ <- lists:seq(1, rand:uniform(40) - 1)]);
        4 -> [random_term(D - 1) | random_leaf()];
        _ -> random_leaf()
    end.

random_leaf() ->
    case rand:uniform(10) of
        1 -> rand:uniform(1000) - 500;
        2 -> rand:uniform(1 bsl 62) * (1 bsl rand:uniform(200)) * (rand:uniform(3) - 2);
        3 -> (rand:uniform() - 0.5) * math:pow(10, rand:uniform(600) - 300);
        4 -> list_to_atom("atom" ++ integer_to_list(rand:uniform(30)));
        5 -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(90) - 1)]);
        6 -> N = rand:uniform(40), <<(rand:uniform(1 bsl 40)):N>>;
        7 -> [rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(12) - 1)];
        8 -> [];
        9 -> list_to_atom([rand:uniform(1000) || _ <- lists:seq(1, rand:uniform(5))]);
        _ -> rand:uniform(1 bsl 27)
    end.
