%% startup - not a timed benchmark: the start-up time of a VM.
%% bench/run times `VM -noshell -pa EBIN -run startup main`, which prints
%% "ok" and halts: the same command line on erl and on laser (laser has no
%% -eval before the OTP shell/boot lands).
-module(startup).
-export([main/0, main/1]).

%% -run MOD FUNC with no argument calls FUNC/0.
main() ->
    io:put_chars("ok\n"),
    halt().

main(_) ->
    main().
