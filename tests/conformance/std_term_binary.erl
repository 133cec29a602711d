%% std_term_binary: term_to_binary/binary_to_term round trips for every
%% term type, with the options compressed/{compressed,N}/{minor_version,N}/
%% deterministic, binary_to_term's safe and used options, term_to_iovec,
%% external_size, exact encodings of small terms, and badarg on corrupt
%% or truncated input.
-module(std_term_binary).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Terms = [0, 1, 255, 256, -1, 1 bsl 31, -(1 bsl 31), 1 bsl 64, -(1 bsl 200), 1.5, -0.0, 1.0e300, a, 'Ä', '\x{3B1}', "", "abc", [1000, 2000],
             [a | b], {}, {a, {b, {c}}}, list_to_tuple(lists:seq(1, 300)), <<>>, <<1, 2, 3>>, <<1:5>>, <<"x", 3:3>>, #{}, #{a => 1, "b" => [2]},
             maps:from_list([{I, I} || I <- lists:seq(1, 40)]), [#{1 => {}}, <<0:1000>>], lists:seq(1, 300), "\x{3B1}\x{3B2}", [1.0, 2.0]],
    [t({exact, I}, fun() -> term_to_binary(T) end) || {I, T} <- lists:zip(lists:seq(1, length(Terms)), Terms), I < 28],
    [t({rt, I}, fun() -> {binary_to_term(term_to_binary(T)) =:= T, binary_to_term(term_to_binary(T, [compressed])) =:= T,
                          binary_to_term(term_to_binary(T, [{minor_version, 0}])) =:= T, binary_to_term(term_to_binary(T, [deterministic])) =:= T,
                          erlang:external_size(T) =:= byte_size(term_to_binary(T))} end) || {I, T} <- lists:zip(lists:seq(1, length(Terms)), Terms)],
    t(minor0_float, fun() -> term_to_binary(1.5, [{minor_version, 0}]) end),
    t(minor2_atom, fun() -> {term_to_binary('\x{3B1}', [{minor_version, 1}]), term_to_binary(abc, [{minor_version, 2}])} end),
    t(compressed_levels, fun() -> B = lists:duplicate(200, abcdef), [byte_size(term_to_binary(B, [{compressed, N}])) < 1000 || N <- [0, 1, 6, 9]] end),
    t(compressed_small, fun() -> term_to_binary(abc, [compressed]) end),
    t(compressed_exact, fun() -> term_to_binary(lists:duplicate(50, x), [{compressed, 9}]) end),
    t(used, fun() -> binary_to_term(<<(term_to_binary({a, b}))/binary, "trailing">>, [used]) end),
    t(safe_known, fun() -> binary_to_term(term_to_binary(existing_atom_x), [safe]) end),
    t(safe_new_atom, fun() -> binary_to_term(<<131, 119, 12, "a_new_atom_q">>, [safe]) end),
    t(iovec, fun() -> iolist_to_binary(term_to_iovec({a, <<"bin">>})) =:= term_to_binary({a, <<"bin">>}) end),
    t(iovec_opts, fun() -> iolist_to_binary(term_to_iovec([1, 2], [{minor_version, 1}])) end),
    Bad = [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 107, 0, 5, "ab">>, <<131, 104, 2, 97, 1>>, <<131, 80, 0, 0, 0, 10, 1, 2>>,
           <<131, 118, 0, 2, 97>>, <<131, 116, 0, 0, 0, 1, 97, 1>>, <<131, 70, 0, 0, 0>>, <<131, 110, 255, 0>>, <<131, 77, 0, 0, 0, 1, 9, 1>>,
           <<131, 108, 0, 0, 0, 1, 97, 1>>, <<131, 255>>, <<131, 70, 127, 240, 0, 0, 0, 0, 0, 0>>],
    [t({bad, I}, fun() -> binary_to_term(B) end) || {I, B} <- lists:zip(lists:seq(1, length(Bad)), Bad)],
    t(bad_opt, fun() -> term_to_binary(a, [bogus]) end),
    t(bad_minor, fun() -> term_to_binary(a, [{minor_version, 9}]) end),
    t(bad_compress, fun() -> term_to_binary(a, [{compressed, 10}]) end),
    t(not_binary, fun() -> binary_to_term("list") end),
    t(b2t_bad_opt, fun() -> binary_to_term(term_to_binary(a), [bogus]) end),
    t(deep_list, fun() -> L = lists:foldl(fun(_, A) -> [A] end, [], lists:seq(1, 10000)), binary_to_term(term_to_binary(L)) =:= L end),
    t(funs_export, fun() -> F = fun lists:reverse/1, F2 = binary_to_term(term_to_binary(F)), {F2 =:= F, F2([1, 2])} end),
    ok.
