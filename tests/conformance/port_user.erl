%% stress: skip (timed out at 300 s under ASan with a collection at every allocation; passes GC stress in Release: to investigate, slow or a hang)
%% OTP's user.erl itself serving io requests over an fd port ({fd,0,1},
%% [out, binary]: user:start_out/0): put_chars with chardata and
%% io_lib:format, encodings, getopts/setopts, columns, large output.
%% Everything is printed through that server, so the output is in order on
%% erl too (erl writes port output asynchronously).
-module(port_user).
-export([main/0]).

main() ->
    fake_init(),
    %% erl's own user holds the name (laser's interim server does not)
    _ = (catch unregister(user)),
    U = user:start_out(),
    io:format(U, "~p~n", [whereis(user) =:= U]),
    io:format(U, "hello from user ~p ~s ~w~n", [42, "str", {a, <<"b">>}]),
    io:put_chars(U, [<<"binary ">>, "list", $\n, [[[<<"deep">>]]], $\n]),
    io:format(U, "~ts~n", [[8364, 228]]),
    io:format(U, "~p~n", [lists:sort(io:getopts(U))]),
    ok = io:setopts(U, [{encoding, unicode}]),
    io:format(U, "~ts~n", [[8364, 228]]),
    io:format(U, "~p~n", [lists:sort(io:getopts(U))]),
    ok = io:setopts(U, [{encoding, latin1}]),
    io:format(U, "~p~n", [io:columns(U)]),
    io:format(U, "~p~n", [io:rows(U)]),
    io:format(U, "~p~n", [io:request(U, bogus)]),
    io:nl(U),
    io:format(U, "~s~n", [lists:duplicate(200000, $x)]),
    io:fwrite(U, "~.3f ~8.2.0B ~-6s|~n", [3.14159, 5, "ab"]),
    io:format(U, "done~n", []).

%% user.erl asks init for the noshell flag; laser's interim boot has no
%% init process yet
fake_init() ->
    case whereis(init) of
        undefined ->
            Init = spawn(fun Loop() ->
                                 receive {From, {get_argument, noshell}} -> From ! {init, {ok, [[]]}};
                                         {From, {get_argument, _}} -> From ! {init, error};
                                         _ -> ok
                                 end,
                                 Loop()
                         end),
            register(init, Init);
        _ -> ok
    end.
