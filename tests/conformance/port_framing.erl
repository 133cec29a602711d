%% {packet, N} framing both ways through cat, {line, N} splitting into
%% eol/noeol messages (lists and binaries), stream mode, large packets.
-module(port_framing).
-export([main/0]).

recv(P, N) -> recv(P, N, []).
recv(_P, 0, Acc) -> lists:reverse(Acc);
recv(P, N, Acc) ->
    receive {P, {data, D}} -> recv(P, N - 1, [D | Acc])
    after 5000 -> {timeout, lists:reverse(Acc)}
    end.

%% every data message until the port closes
until_exit(P) -> until_exit(P, []).
until_exit(P, Acc) ->
    receive
        {P, {data, D}} -> until_exit(P, [D | Acc]);
        {'EXIT', P, R} -> {lists:reverse(Acc), R}
    after 5000 -> {timeout, lists:reverse(Acc)}
    end.

main() ->
    process_flag(trap_exit, true),
    %% packets through cat: each command is one packet, each packet one message
    [begin
         P = open_port({spawn, "cat"}, [{packet, N}, binary]),
         port_command(P, <<"one">>),
         port_command(P, ["two", [$-, <<"three">>]]),
         port_command(P, <<>>),
         port_command(P, lists:seq(1, 200)),
         erlang:display({N, [byte_size(B) || B <- recv(P, 4)]}),
         port_close(P)
     end || N <- [1, 2, 4]],
    P2 = open_port({spawn, "cat"}, [{packet, 2}]),
    port_command(P2, "list mode"),
    erlang:display(recv(P2, 1)),
    port_close(P2),
    %% a packet too long for its header
    P3 = open_port({spawn, "cat"}, [{packet, 1}, binary]),
    erlang:display(port_command(P3, binary:copy(<<"x">>, 255))),
    erlang:display([byte_size(B) || B <- recv(P3, 1)]),
    erlang:display(port_command(P3, binary:copy(<<"x">>, 256))),
    erlang:display(receive {'EXIT', P3, R3} -> R3 after 5000 -> timeout end),
    %% a large packet, arriving in many reads
    P4 = open_port({spawn, "cat"}, [{packet, 4}, binary]),
    Big = binary:copy(<<"0123456789">>, 300000),
    port_command(P4, Big),
    erlang:display(recv(P4, 1) =:= [Big]),
    port_close(P4),
    %% packets written by the program itself
    P5 = open_port({spawn, "printf '\\000\\003abc\\000\\000\\000\\002xy'"}, [{packet, 2}, binary]),
    erlang:display(until_exit(P5)),
    %% lines
    P6 = open_port({spawn, "printf 'short\\nexactly8\\nmuch longer than eight\\n\\nlast'"}, [{line, 8}]),
    erlang:display(until_exit(P6)),
    P7 = open_port({spawn, "printf 'crlf\\r\\nbin\\n'"}, [{line, 100}, binary]),
    erlang:display(until_exit(P7)),
    P8 = open_port({spawn, "cat"}, [{line, 5}, binary]),
    port_command(P8, "ab"),
    port_command(P8, "cd\nefghijk"),
    port_command(P8, "l\n"),
    erlang:display(recv(P8, 3)),
    port_close(P8),
    %% stream: whatever arrives, in order
    P9 = open_port({spawn, "cat"}, [stream, binary]),
    [port_command(P9, integer_to_list(I)) || I <- lists:seq(1, 1000)],
    erlang:display(collect_bytes(P9, length(lists:flatten([integer_to_list(I) || I <- lists:seq(1, 1000)])), [])),
    port_close(P9),
    ok.

collect_bytes(_P, 0, Acc) -> erlang:md5(lists:reverse(Acc));
collect_bytes(P, N, Acc) ->
    receive {P, {data, D}} -> collect_bytes(P, N - byte_size(D), [D | Acc])
    after 5000 -> timeout
    end.
