%% port_busy - a spawn port whose child does not read becomes busy once
%% its output queue passes erts' 8 KB mark: port_command/3 with nosuspend
%% answers false, port_command/2 suspends the sender until the queue
%% drains, `Port ! {Pid, {command, D}}` sends and then suspends; force is
%% notsup (erts' spawn driver has no soft busy). Bitstrings to a port are
%% taken as erts takes them: shorter than a byte is empty, bytes with bits
%% left over are badarg (with erts' report; `!` reports them, no badsig).
%% (Not here: erl's `!` takes or refuses short bitstrings in lists
%% depending on timing.) A sender suspended on a busy port still dies of
%% an exit signal.
-module(port_busy).
-export([main/0, tell/2]).

tell(Pid, Msg) -> Pid ! Msg.

main() ->
    erlang:system_flag(system_logger, self()),
    bits(),
    erlang:system_flag(system_logger, logger),
    busy(),
    bang(),
    killed(),
    ok.

bits() ->
    P = open_port({spawn, "cat"}, [binary]),
    <<_:3, R24:24/bitstring, _/bitstring>> = <<"abcd">>,
    <<_:3, R29/bitstring>> = <<"abcd">>,
    lists:foreach(
      fun(D) ->
              Res = try port_command(P, D) catch error:E -> E end,
              true = port_command(P, <<"|">>),
              io:format("~w: ~p ~p reported: ~p~n", [D, Res, upto_bar(P, <<>>), reports()])
      end,
      [<<1:3>>, <<"ab", 1:3>>, R24, R29, [R24], [<<1:3>>], [<<"a">>, <<1:3>>],
       [[<<"ab", 1:3>>]], [<<"x">> | <<5:4>>], [<<"x">> | R24], <<>>]),
    %% through `!`: reported, no badsig (this process lives on)
    P ! {self(), {command, <<"ab", 1:3>>}},
    true = port_command(P, <<"|">>),
    io:format("! bits: ~p reported: ~p~n", [upto_bar(P, <<>>), reports()]),
    port_close(P).

upto_bar(P, Acc) ->
    receive
        {P, {data, D}} ->
            A = <<Acc/binary, D/binary>>,
            case binary:last(A) of $| -> A; _ -> upto_bar(P, A) end
    after 2000 -> {timeout, Acc}
    end.

reports() ->
    receive {log, _, _, _, _} -> [log | reports()]
    after 100 -> []
    end.

%% a child that reads nothing for a second, then everything
slow() -> open_port({spawn, "sh -c 'sleep 1; cat >/dev/null'"}, [binary]).

fill(S, Big) ->
    case port_command(S, Big, [nosuspend]) of
        true -> [true | fill(S, Big)];
        false -> [false]
    end.

busy() ->
    S = slow(),
    Big = binary:copy(<<"y">>, 30000),
    io:format("nosuspend until busy: ~p~n", [fill(S, Big)]),
    io:format("still busy: ~p, queue over 8 KB: ~p~n",
              [port_command(S, <<"z">>, [nosuspend]), element(2, erlang:port_info(S, queue_size)) > 8192]),
    io:format("force: ~p~n", [try port_command(S, <<"z">>, [force]) catch error:E -> E end]),
    Me = self(),
    W = spawn(fun() -> R = port_command(S, Big), Me ! {done, self(), R} end),
    timer:sleep(300),
    io:format("sender: ~p~n", [erlang:process_info(W, status)]),
    receive {done, W, R} -> io:format("sender resumed: ~p~n", [R]) after 5000 -> io:format("sender stuck~n") end,
    io:format("nosuspend after the drain: ~p~n", [port_command(S, <<"z">>, [nosuspend])]),
    io:format("info: ~p~n", [[is_integer(V) || {_, V} <- [erlang:port_info(S, queue_size), erlang:port_info(S, memory)]]]),
    port_close(S),
    io:format("closed: ~p~n", [try port_command(S, <<"z">>, [nosuspend]) catch error:E2 -> E2 end]).

%% a sender suspended on a busy port still dies of an exit signal
killed() ->
    S = slow(),
    Big = binary:copy(<<"y">>, 30000),
    _ = fill(S, Big),
    W = spawn(fun() -> port_command(S, Big) end),
    timer:sleep(200),
    Before = erlang:process_info(W, status),
    exit(W, kill),
    timer:sleep(100),
    io:format("killed while suspended: ~p ~p~n", [Before, is_process_alive(W)]),
    port_close(S).

bang() ->
    Me = self(),
    W = spawn(fun() ->
                      S = slow(),
                      Big = binary:copy(<<"y">>, 30000),
                      Me ! {filled, fill(S, Big)},
                      S ! {self(), {command, Big}},
                      %% (laser suspends at the next call, erl at the send)
                      ?MODULE:tell(Me, sent),
                      receive stop -> port_close(S) end
              end),
    receive {filled, F} -> io:format("filled: ~p~n", [F]) end,
    timer:sleep(300),
    Early = receive sent -> sent_at_once after 0 -> waiting end,
    io:format("bang sender: ~p ~p~n", [Early, erlang:process_info(W, status)]),
    receive sent -> ok after 5000 -> io:format("bang sender stuck~n") end,
    io:format("bang sender resumed~n"),
    W ! stop.
