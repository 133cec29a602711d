%% OTP's inets over the inet driver: httpd serves a file and a 404 on
%% the loopback, httpc fetches them (http packet mode, keep-alive, the
%% acceptor and request handler processes of httpd).
-module(inet_httpd).
-export([main/0]).

main() ->
    Dir = filename:join("/tmp", "laser_inet_httpd_" ++ os:getpid()),
    Www = filename:join(Dir, "www"),
    ok = filelib:ensure_dir(filename:join(Www, "x")),
    ok = file:write_file(filename:join(Www, "index.html"), <<"hello from httpd\n">>),
    ok = inets:start(),
    {ok, Pid} = inets:start(httpd, [{port, 0}, {server_name, "t"}, {server_root, Dir},
                                    {document_root, Www}, {bind_address, {127,0,0,1}}]),
    [{port, Port}] = httpd:info(Pid, [port]),
    Url = "http://127.0.0.1:" ++ integer_to_list(Port),
    {ok, {{_, Code, _}, Hdrs, Body}} = httpc:request(get, {Url ++ "/index.html", []}, [], []),
    io:format("index: ~p ~p ~p~n", [Code, Body, proplists:get_value("content-length", Hdrs)]),
    {ok, {{_, Code2, _}, _, _}} = httpc:request(get, {Url ++ "/missing", []}, [], []),
    io:format("missing: ~p~n", [Code2]),
    Rs = [element(1, httpc:request(get, {Url ++ "/index.html", []}, [], [])) || _ <- lists:seq(1, 20)],
    io:format("20 more: ~p~n", [lists:usort(Rs)]),
    %% last: httpd closes the connection after a HEAD (erl too), and a
    %% request right after it may race with the close
    {ok, {{_, Code3, _}, _, Body3}} = httpc:request(head, {Url ++ "/index.html", []}, [], []),
    io:format("head: ~p ~p~n", [Code3, Body3]),
    ok = inets:stop(httpd, Pid),
    file:delete(filename:join(Www, "index.html")),
    file:del_dir(Www),
    file:del_dir(Dir),
    ok.
