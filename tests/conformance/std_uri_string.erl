%% std_uri_string: uri_string parse/recompose/normalize/resolve/
%% transcode, query handling (compose_query/dissect_query), percent
%% encoding (quote/unquote where OTP 25 has them: it does not), on lists
%% and binaries, IPv6 hosts, relative references, and error tuples.
-module(std_uri_string).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Uris = ["http://user:pw@example.com:8080/a/b?q=1&r=2#frag", <<"https://[::1]:443/path">>, "mailto:someone@example.org",
            "file:///etc/hosts", "//host/only", "/abs/path?x", "rel/path", "?q", "#f", "", "foo://h/%7Euser/%E2%82%AC",
            "HTTP://Example.COM:80/./a/../b/%63", "urn:isbn:0451450523", "http://h/a b", "http://[v1.fe]/", "http://h:port/",
            "http://h/\x{3B1}", "ht tp://x", <<"http://h/%zz">>, "http://[::1/"],
    [t({parse, I}, fun() -> uri_string:parse(U) end) || {I, U} <- lists:zip(lists:seq(1, length(Uris)), Uris)],
    [t({normalize, I}, fun() -> uri_string:normalize(U) end) || {I, U} <- lists:zip(lists:seq(1, length(Uris)), Uris)],
    t(normalize_map, fun() -> uri_string:normalize("HTTP://Ex.com:80/%7e/../x", [return_map]) end),
    t(recompose, fun() -> [uri_string:recompose(M) || M <- [#{scheme => "http", host => "h", path => "/p", query => "a=1", fragment => "f"},
                                                            #{path => "rel"}, #{scheme => <<"s">>, host => <<"h">>, port => 99, path => <<>>},
                                                            #{host => "h", userinfo => "u:p", path => ""}, #{scheme => "x", path => "a:b"}]] end),
    t(roundtrip, fun() -> [uri_string:recompose(uri_string:parse(U)) =:= U || U <- lists:sublist(Uris, 10)] end),
    t(resolve, fun() -> B = "http://a/b/c/d;p?q", [uri_string:resolve(R, B) || R <- ["g:h", "g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", ";x", "",
                                                                                       ".", "./", "..", "../", "../g", "../..", "../../../g", "/./g", "g.", ".g", "g..",
                                                                                       "./../g", "g;x=1/../y"]] end),
    t(resolve_bin, fun() -> uri_string:resolve(<<"../x">>, <<"http://h/a/b">>) end),
    t(resolve_err, fun() -> uri_string:resolve("x", "relative/base") end),
    t(transcode, fun() -> {uri_string:transcode(<<"http://h/%E2%82%AC"/utf8>>, [{in_encoding, utf8}, {out_encoding, utf8}]),
                           uri_string:transcode("http://h/%C3%A9", [{in_encoding, utf8}, {out_encoding, latin1}])} end),
    t(compose_query, fun() -> [uri_string:compose_query(Q) || Q <- [[{"a", "1"}, {"b", "x y"}], [{"k", true}], [], [{<<"a">>, <<"&=">>}],
                                                                     [{"\x{3B1}", "\x{3B2}"}]]] ++ [uri_string:compose_query([{"a", "b c"}], [{encoding, latin1}])] end),
    t(dissect_query, fun() -> [uri_string:dissect_query(Q) || Q <- ["a=1&b=x+y", "k", "", <<"a=%26&b">>, "a=1;b=2", "a=%zz", "=v&k="]] end),
    t(allowed, fun() -> {uri_string:allowed_characters() =/= [], length(uri_string:allowed_characters())} end),
    t(parse_bad_type, fun() -> uri_string:parse(123) end),
    t(recompose_bad, fun() -> uri_string:recompose(#{port => 80}) end),
    ok.
