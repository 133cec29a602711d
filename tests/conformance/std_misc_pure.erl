%% std_misc_pure: smaller pure stdlib modules: timer's arithmetic helpers
%% (hms/seconds/minutes/hours/now_diff), erl_expand_records on run-time
%% forms, ms_transform turning fun syntax into match specifications
%% (parse_transform on forms and ets:fun2ms compiled in this module),
%% erl_internal/erl_bits defaults, and lists/proplists/maps interplay in
%% os-free helpers (string:lexemes on paths, filename joins).
-module(std_misc_pure).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
-import(stdh, [t/2, forms/1]).

main() ->
    t(timer_units, fun() -> {timer:seconds(3), timer:minutes(2), timer:hours(1), timer:hms(1, 2, 3)} end),
    t(timer_now_diff, fun() -> [timer:now_diff(A, B) || {A, B} <- [{{1, 2, 3}, {1, 2, 3}}, {{1, 2, 3}, {0, 999999, 999999}}, {{0, 0, 0}, {1, 0, 0}}]] end),
    t(timer_bad, fun() -> timer:seconds(a) end),
    t(fun2ms, fun() -> {ets:fun2ms(fun({K, V}) when V > 10 -> K end), ets:fun2ms(fun({K, _} = O) when is_atom(K) -> O end),
                        ets:fun2ms(fun(X) -> {X, self()} end), ets:fun2ms(fun({A, B}) when A =:= B; A > 3 -> {A} end)} end),
    t(fun2ms_const, fun() -> ets:fun2ms(fun({_, #{a := A}}) -> A end) end),
    t(ms_transform_forms, fun() -> Fs = forms("-module(mt). -include_lib(\"stdlib/include/ms_transform.hrl\"). -export([m/0]). m() -> ets:fun2ms(fun({A, B}) when A > B -> A end)."),
                                   %% the include does not expand here (no epp): the transform is applied directly
                                   Out = ms_transform:parse_transform(Fs, []),
                                   lists:flatten([erl_pp:form(F) || F <- Out, element(1, F) =:= function]) end),
    t(ms_transform_error, fun() -> Fs = forms("-module(mt2). -export([m/0]). m() -> ets:fun2ms(fun(X, Y) -> X end)."), ms_transform:parse_transform(Fs, []) end),
    t(expand_records, fun() -> Fs = forms("-module(er). -export([f/1]). -record(r, {a = 1, b}). f(X) -> {#r{b = 2}, X#r.a, X#r{a = 3}, is_record(X, r)}."),
                               [lists:flatten(erl_pp:form(F)) || F <- erl_expand_records:module(Fs, []), element(1, F) =:= function] end),
    t(erl_bits, fun() -> {erl_bits:system_bittypes(), erl_bits:system_bitdefault(), erl_bits:as_list({bittype, integer, unsigned, big, 1})} end),
    t(bits_set_bit_type, fun() -> [erl_bits:set_bit_type(S, T) || {S, T} <- [{default, default}, {8, [little, signed]}, {default, [binary]}, {default, [utf8]}, {3, [float]}]] end),
    ok.
