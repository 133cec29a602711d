%% erl's command line through the real boot: -run with string arguments,
%% -env (erlexec sets the variable, init never sees the flag), -config FILE
%% (kernel's application environment), a user flag, -extra and
%% init:get_plain_arguments/0, init:get_argument/1, init:stop/1's status.
%% run: -run boot_cmdline main first second -s boot_cmdline later x y
%% args: -env BOOT_CMDLINE_VAR hello_env -config $HERE/input/boot_cmdline -myflag v1 v2 -myflag v3 -extra plain1 -s not_run +S 1
-module(boot_cmdline).
-export([main/1, later/1]).

main(Args) ->
    io:format("run args ~p~n", [Args]),
    io:format("env ~p ~p~n", [os:getenv("BOOT_CMDLINE_VAR"), init:get_argument(env)]),
    io:format("config ~p ~p~n", [application:get_env(kernel, boot_cmdline_key),
                                 application:get_env(kernel, boot_cmdline_list)]),
    io:format("myflag ~p~n", [init:get_argument(myflag)]),
    io:format("missing ~p~n", [init:get_argument(no_such_flag)]),
    io:format("plain ~p~n", [init:get_plain_arguments()]),
    io:format("noshell ~p~n", [init:get_argument(noshell)]),
    {ok, [[Cfg]]} = init:get_argument(config),
    io:format("config file ~p~n", [filename:basename(Cfg)]).

later(Args) ->
    io:format("s args ~p~n", [Args]),
    io:format("status ~p~n", [element(1, init:get_status())]),
    init:stop(3).
