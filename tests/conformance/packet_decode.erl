%% erlang:decode_packet/3: every packet type on whole, short, long and
%% malformed input, the options, bitstrings, and bad arguments.
-module(packet_decode).
-export([main/0]).

d(T, B, O) ->
    try erlang:decode_packet(T, B, O)
    catch error:R:S -> {R, element(4, hd(S))}
    end.

show(T, B, O) -> io:format("~p ~p ~p -> ~p~n", [T, B, O, d(T, B, O)]).

main() ->
    Bins = [<<>>, <<0>>, <<1>>, <<3,1,2,3,4>>, <<0,0>>, <<0,2,9,8,7>>, <<0,0,0,3,1,2>>,
            <<0,0,0,2,1,2,3>>, <<255,255,255,255>>, <<127,255,255,255,1>>, <<128,0,0,2,5,6>>,
            <<"abc\ndef">>, <<"abc">>, <<"\n">>, <<"a\r\nb">>],
    [show(T, B, []) || T <- [raw, 0, 1, 2, 4, sunrm, line], B <- Bins],
    [show(T, B, [{packet_size, 2}]) || T <- [raw, 1, 2, 4, line], B <- Bins],
    [show(line, B, [{line_length, L}]) || B <- Bins, L <- [0, 1, 2, 3, 10]],
    [show(line, B, [{line_length, 2}, {packet_size, 3}]) || B <- Bins],
    %% asn1: short and long tags, short and long lengths
    [show(asn1, B, O) || B <- [<<>>, <<16#30>>, <<16#30,0>>, <<16#30,2,1,2,3>>, <<16#30,3,1>>,
                                <<16#1f,16#81,16#01,2,7,8>>, <<16#1f,16#81>>, <<16#1f,16#81,16#01>>,
                                <<16#30,16#81,3,1,2,3>>, <<16#30,16#82,0,2,1,2>>, <<16#30,16#83,0,0,1,9>>,
                                <<16#30,16#84,0,0,0,1,9>>, <<16#30,16#85,0,0,0,0,1,9>>, <<16#30,16#80,5>>,
                                <<16#30,16#82,0>>],
                          O <- [[], [{packet_size, 2}]]],
    %% cdr: big and little endian sizes, bad magic
    [show(cdr, B, []) || B <- [<<"GIOP",1,2,0,0,0,0,0,2,7,8,9>>, <<"GIOP",1,2,1,0,2,0,0,0,7,8>>,
                               <<"GIOP",1,2,0,0,0,0,0,5,7>>, <<"GIOX",1,2,0,0,0,0,0,0>>, <<"GIOP">>]],
    %% fcgi: content and padding
    [show(fcgi, B, []) || B <- [<<1,1,0,1,0,2,1,0,$a,$b,0,$z>>, <<1,1,0,1,0,2,0,0,$a>>, <<2,1,0,1,0,0,0,0>>,
                                <<1,1,0,1,0,0,3,0,1,2,3>>, <<1,2,3>>]],
    %% tpkt: the length counts the 4-byte header
    [show(tpkt, B, O) || B <- [<<3,0,0,6,1,2,9>>, <<3,0,0,4>>, <<3,0,0,8,1>>, <<4,0,0,6,1,2>>, <<3,0,0,2>>, <<3,0>>],
                         O <- [[], [{packet_size, 1}]]],
    %% ssl_tls: records and an SSLv2 hello
    [show(ssl_tls, B, []) || B <- [<<22,3,1,0,2,9,9,7>>, <<22,3,3,0,5,1>>, <<16#80,6,1,3,1,7,7,7,7>>, <<1,2>>]],
    %% http
    Http = [<<"GET / HTTP/1.1\r\n">>, <<"GET /a?b=c HTTP/1.0\r\nHost: x\r\n">>, <<"POST * HTTP/1.1\n">>,
            <<"OPTIONS http://host:8080/p HTTP/1.1\r\n">>, <<"PUT https://host/ HTTP/1.1\r\n">>,
            <<"DELETE http://host HTTP/1.1\r\n">>, <<"HEAD http://host:x/ HTTP/1.1\r\n">>,
            <<"TRACE http://[::1]:80/x HTTP/1.1\r\n">>, <<"BREW coffee:pot HTTP/1.1\r\n">>,
            <<"get thing HTTP/2.0\r\n">>, <<"GET /\r\n">>, <<"GET / HTTP/1\r\n">>, <<"GET / HTTP/x.1\r\n">>,
            <<"GET / FTP/1.1\r\n">>, <<"GET  /  HTTP/1.1\r\n">>, <<"GET\r\n">>, <<" GET / HTTP/1.1\r\n">>,
            <<"HTTP/1.1 200 OK\r\n">>, <<"HTTP/1.0 404\r\n">>, <<"HTTP/1.1 500  Oh no \r\n">>,
            <<"HTTP/1.1 x\r\n">>, <<"HTTP/1.1\r\n">>, <<"HTTP/a.b 200 OK\r\n">>, <<"HTTP/1.1 200 OK">>,
            <<"\r\n">>, <<"\n">>, <<"foo\r\n">>, <<"GET / HTTP/1.1">>, <<"GET / HTTP/1.1\r">>,
            <<"GET /", 200, " HTTP/1.1\r\n">>, <<"HTTP/1.1 200 OK\r\nrest">>],
    [show(T, B, O) || T <- [http, http_bin], B <- Http, O <- [[], [{packet_size, 10}], [{line_length, 10}]]],
    Hdrs = [<<"Host: example.com\r\n\r\n">>, <<"host:x\r\n\r\n">>, <<"CONTENT-LENGTH:  5\r\n\r\n">>,
            <<"content-type: text/html\r\nX">>, <<"X-Custom-header: a b \r\n\r\n">>, <<"www-authenticate: b\r\n\r\n">>,
            <<"Content-MD5: q\r\n\r\n">>, <<"ETag: e\r\n\r\n">>, <<"Set-Cookie2: s\r\n\r\n">>,
            <<"A: b\r\n c\r\n\td\r\ne">>, <<"A: b\r\n c">>, <<"A: b\r\n">>, <<"\r\n">>, <<"\n">>, <<"Bad Header\r\n\r\n">>,
            <<": empty\r\n\r\n">>, <<"NoColon\r\n\r\n">>, <<"Name:\r\n\r\n">>,
            <<"A-very-long-header-name-that-goes-on-and-on-and-on-past-fifty: v\r\n\r\n">>,
            <<"Exactly-fifty-characters-long-header-name-xxxxxxxx: v\r\n\r\n">>,
            <<"Tab\t: v\r\n\r\n">>, <<"Ünï: v\r\n\r\n"/utf8>>, <<"a\r">>],
    [show(T, B, O) || T <- [httph, httph_bin, http], B <- Hdrs, O <- [[], [{packet_size, 12}]]],
    %% bitstrings: bits past the last byte go with the rest
    [show(T, B, []) || T <- [raw, 1, line, http_bin],
                       B <- [<<1,2,3:4>>, <<2,1,2,3:4>>, <<5,1,2,3:4>>, <<1:3>>, <<"a\nb", 1:1>>,
                             <<"GET / HTTP/1.1\r\n", 0:7>>]],
    Big = binary:copy(<<"x">>, 300),
    show(2, <<1,44, Big/binary>>, []),
    show(line, <<Big/binary, "\nmore">>, []),
    show(http_bin, <<"GET /", Big/binary, " HTTP/1.1\r\n">>, []),
    %% unaligned: a sub binary starting inside a byte
    <<_:3, U/bitstring>> = <<0:3, 3, "abc", 9, 1:5>>,
    show(1, U, []),
    show(raw, U, []),
    %% bad arguments
    [show(T, B, O) || {T, B, O} <- [{foo, <<>>, []}, {raw, a, []}, {raw, <<>>, a}, {raw, <<>>, [a]}, {foo, a, []},
                                   {3, <<>>, []}, {-1, <<>>, []}, {1.0, <<>>, []}, {raw, <<>>, [{packet_size, a}]},
                                   {raw, <<>>, [{line_length, -1}]}, {raw, <<>>, [{other, 1}]},
                                   {raw, <<1>>, [{packet_size, 1 bsl 32}]}, {raw, <<1>>, [{packet_size, 1 bsl 32 - 1}]},
                                   {raw, <<>>, [{packet_size, 1, 2}]}, {raw, [1], []}, {"raw", <<>>, []}]],
    ok.
