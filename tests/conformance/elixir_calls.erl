-module(elixir_calls).
-export([main/0]).
%% pa: /usr/lib/elixir/lib/elixir/ebin
%% Functions of Elixir 1.14's own beams (compiled by OTP 24: they build
%% binaries with bs_init2/bs_put_*/bs_append), run unchanged.
main() ->
    t(fun() -> 'Elixir.String':upcase(<<"héllo"/utf8>>) end),
    t(fun() -> 'Elixir.String':downcase(<<"ÀB Ç"/utf8>>) end),
    t(fun() -> 'Elixir.Integer':to_string(255, 16) end),
    t(fun() -> 'Elixir.Integer':to_string(-1234567890123456789012) end),
    t(fun() -> 'Elixir.Base':encode16(<<1,2,255>>) end),
    t(fun() -> 'Elixir.Base':encode16(<<1,2,255>>, [{'case', lower}]) end),
    t(fun() -> 'Elixir.Base':decode16(<<"01AbFF">>, [{'case', mixed}]) end),
    t(fun() -> 'Elixir.Base':encode64(<<"hello world!!">>) end),
    t(fun() -> 'Elixir.Base':url_encode64(<<255,254,253,1>>, [{padding, false}]) end),
    t(fun() -> 'Elixir.Base':decode64(<<"aGVsbG8gd29ybGQhIQ==">>) end),
    t(fun() -> 'Elixir.Base':encode32(<<"foobar">>) end),
    t(fun() -> 'Elixir.Enum':map([1,2,3], fun(X) -> X * 2 end) end),
    t(fun() -> 'Elixir.Enum':join([1,<<"a">>,3], <<", ">>) end),
    t(fun() -> 'Elixir.String':duplicate(<<"ab">>, 5) end),
    t(fun() -> 'Elixir.String':pad_leading(<<"7">>, 4, <<"0">>) end),
    t(fun() -> 'Elixir.String':reverse(<<"abc€"/utf8>>) end),
    t(fun() -> 'Elixir.String':split(<<"a,b,,c">>, <<",">>) end),
    t(fun() -> 'Elixir.String':replace(<<"a-b-c">>, <<"-">>, <<"+">>) end),
    t(fun() -> 'Elixir.String':length(<<"héllo"/utf8>>) end),
    t(fun() -> 'Elixir.String':trim(<<"  hi  ">>) end),
    t(fun() -> 'Elixir.String':capitalize(<<"élan"/utf8>>) end),
    t(fun() -> 'Elixir.Integer':digits(1234) end),
    t(fun() -> 'Elixir.Integer':parse(<<"42abc">>) end),
    t(fun() -> 'Elixir.URI':encode(<<"a b&c/é"/utf8>>) end),
    t(fun() -> 'Elixir.URI':decode(<<"a%20b%26">>) end),
    t(fun() -> 'Elixir.Enum':reduce(lists:seq(1, 100), 0, fun(X, A) -> X + A end) end),
    t(fun() -> 'Elixir.String':upcase(<<"ß"/utf8>>) end),
    ok.

t(F) ->
    R = try {ok, F()} catch C:E -> {C, E} end,
    erlang:display(R).
