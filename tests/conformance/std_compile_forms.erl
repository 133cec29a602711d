%% std_compile_forms: OTP's compiler (compile.beam and its passes, run
%% unchanged) on forms parsed at run time: compile:forms to a binary (its
%% MD5 must equal erl's: the compiler is deterministic), to assembly,
%% to Core Erlang and to kernel code, with warnings and errors returned,
%% and erl_lint diagnostics for broken modules. Loading the result
%% (erlang:load_module/2) and the inline pass (ETS) are in
%% pending/std_compile_load.erl.
-module(std_compile_forms).
-export([main/0]).
-import(stdh, [t/2, forms/1]).

msgs(L) -> [{F, [{Loc, lists:flatten(M:format_error(E))} || {Loc, M, E} <- Is]} || {F, Is} <- L].

main() ->
    Srcs = [{small, "-module(m1). -export([f/1]). f(X) -> {X, lists:reverse(X)}."},
            {records, "-module(m2). -export([mk/1, get/1]). -record(r, {a = 1, b = [] :: list()}). mk(A) -> #r{a = A}. get(#r{a = A, b = B}) -> {A, B}."},
            {binaries, "-module(m3). -export([p/1]). p(<<L:8, Body:L/binary, Rest/bits>>) -> {Body, Rest}; p(<<X/utf8, _/binary>>) -> X; p(_) -> none."},
            {maps_try, "-module(m4). -export([g/2]). g(K, M) -> try maps:get(K, M) of V when V > 0 -> {pos, V}; V -> {other, V} catch error:{badkey, _} -> missing end."},
            {receive_, "-module(m5). -export([r/0]). r() -> receive {a, X} -> X; {b, Y} when is_integer(Y) -> Y * 2 after 100 -> timeout end."},
            {comprehensions, "-module(m6). -export([c/1]). c(L) -> [{X, Y} || X <- L, Y <- L, X < Y] ++ << <<B:4>> || B <- L >> ++ [Z || <<Z>> <= <<1, 2, 3>>]."},
            {funs, "-module(m7). -export([h/1]). h(N) -> F = fun Fact(0) -> 1; Fact(K) -> K * Fact(K - 1) end, G = fun lists:sum/1, {F(N), G([N, N]), fun(A) -> A + N end}."},
            {big, "-module(m8). -export([s/1]). " ++ lists:flatten(["s(" ++ integer_to_list(I) ++ ") -> " ++ integer_to_list(I * I) ++ "; " || I <- lists:seq(1, 60)]) ++ "s(_) -> none."}],
    [t({bin_md5, N}, fun() -> {ok, M, Bin} = compile:forms(forms(S), [binary, deterministic]), {M, byte_size(Bin), erlang:md5(Bin)} end) || {N, S} <- Srcs],
    [t({asm, N}, fun() -> {ok, _, {M, Exp, _Attr, Fs, Labels}} = compile:forms(forms(S), [to_asm, binary]), {M, Exp, Labels, length(Fs), lists:sublist(Fs, 2)} end)
     || {N, S} <- lists:sublist(Srcs, 3)],
    t(core, fun() -> {ok, _, Core} = compile:forms(forms(element(2, hd(Srcs))), [to_core, binary]), lists:flatten(core_pp:format(Core)) end),
    t(kernel, fun() -> {ok, M, _} = compile:forms(forms(element(2, hd(Srcs))), [to_kernel, binary]), M end),
    t(warnings, fun() -> {ok, M, _, Ws} = compile:forms(forms("-module(w). -export([f/1]). f(X) -> Y = 1, case X of a -> 1; a -> 2 end."), [binary, return_warnings]),
                         {M, msgs(Ws)} end),
    t(errors, fun() -> {error, Es, Ws} = compile:forms(forms("-module(e). -export([f/1, g/0]). f(X) -> Y + undefined_fun(X)."), [binary, return_errors, return_warnings]),
                       {msgs(Es), msgs(Ws)} end),
    t(errors_plain, fun() -> compile:forms(forms("-module(e2). f(X) -> X + ."), [binary]) end),
    t(not_forms, fun() -> compile:forms(not_forms, [binary]) end),
    ok.
