%% Helper module for lang_multi_mod and lang_exc_stack: calls into
%% lang_mod_b and back, raises from several depths.
-module(lang_mod_a).
-export([call_b/1, raise_in_b/1, fold/3, deep_raise/1, apply_back/2, counter/1, wrap/1]).

call_b(X) -> {a, lang_mod_b:echo(X)}.

raise_in_b(Kind) ->
    R = lang_mod_b:raise(Kind),
    {not_tail, R}.

fold(F, Acc, [H | T]) -> fold(F, F(H, Acc), T);
fold(_, Acc, []) -> Acc.

deep_raise(0) -> lang_mod_b:raise(error);
deep_raise(N) -> [deep_raise(N - 1)].

apply_back(M, X) -> {M:back(X), ok}.

counter(N) -> lang_mod_b:count_down(N, fun lang_mod_a:counter/1).

wrap(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {caught_in_a, C, R, length(S)}
    end.
