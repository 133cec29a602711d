%% Helper module for lang_multi_mod and lang_exc_stack.
-module(lang_mod_b).
-export([echo/1, raise/1, count_down/2, make_fun/1, rec/0]).

-record(rb, {x = 1, y = [b]}).

echo(X) -> {b, X}.

raise(error) -> error({b_error, line});
raise(throw) -> throw(b_throw);
raise(exit) -> exit(b_exit);
raise(badarith) -> 1 / zero();
raise(badmatch) -> {ok, _} = zero();
raise(function_clause) -> echo2(zero()).

zero() -> erlang:list_to_atom("zero").
echo2(one) -> one.

count_down(0, _) -> done;
count_down(N, F) -> F(N - 1).

make_fun(X) -> fun(Y) -> {b_fun, X, Y} end.

rec() -> #rb{}.
