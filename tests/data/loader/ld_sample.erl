%% ld_sample - fixture of tests/unit/test_loader.c: compiled with erlc at
%% test time. The tests look for the things below by name and line number,
%% so keep add/2 on lines 13-14 and the literal of lit/0 as they are.
-module(ld_sample).
-export([add/2, lit/0, mk_fun/1, big/0, neg_big/0, flt/1, sel/1, bin/1, recv/0, str/1]).
-my_attr({hello, [1, 2, 3]}).

-record(point, {x = 0, y = 0}).

%% add/2 below anchors the line table test: head on line 13, body on 14.


add(A, B) ->
    A + B.

lit() -> {tag, [1, 2.5, <<"bin">>, "str"], #{k => v}}.

mk_fun(X) -> fun(Y) -> X + Y end.

big() -> 123456789012345678901234567890.

neg_big() -> -98765432109876543210987654321.

flt(X) when is_float(X) -> X * 1.5 + 2.0.

sel(a) -> 1;
sel(b) -> 2;
sel(c) -> 3;
sel({p, _}) -> tuple;
sel(#point{x = X}) -> X;
sel(_) -> 0.

bin(<<"magic", N:16, Rest/binary>>) -> {N, <<Rest/binary, "tail">>};
bin(_) -> no.

recv() ->
    receive
        {msg, M} -> M
    after 100 -> timeout
    end.

str(S) ->
    try list_to_atom(S) of
        A -> {ok, A}
    catch
        error:R:St -> {error, R, length(St)}
    end.
