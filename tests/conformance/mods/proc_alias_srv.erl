-module(proc_alias_srv).
%% The gen_server behind the last check (proc_alias's gen_server:call).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2]).
init([]) -> {ok, 0}.
handle_call(ping, _From, S) -> {reply, pong, S};
handle_call({add, K}, _From, S) -> {reply, S + K, S + K}.
handle_cast(_, S) -> {noreply, S}.
