%% std_filename: the pure parts of filename: join/split/basename/dirname/
%% extension/rootname/absname (with an explicit directory)/nativename/
%% pathtype/flatten, on strings, atoms, deep lists and
%% binaries, with unusual paths (trailing slashes, dots, empty).
-module(std_filename).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Ps = ["/usr/local/lib/file.tar.gz", "rel/dir/", "file", ".hidden", "a/b/.c", "/", "", "//double//slash", "dir.ext/file",
          <<"/bin/path.erl">>, 'atom/name.x', ["deep", [$/, "list"], ".txt"], "a/./b/../c", "trailing.", "..", "./x"],
    [t({p, I}, fun() -> {filename:basename(P), filename:dirname(P), filename:extension(P), filename:rootname(P), filename:split(P),
                         filename:pathtype(P), filename:flatten(P)} end) || {I, P} <- lists:zip(lists:seq(1, length(Ps)), Ps)],
    t(basename2, fun() -> [filename:basename(P, E) || {P, E} <- [{"a/b.erl", ".erl"}, {"a/b.erl", "erl"}, {"a/b.erl", ".beam"}, {<<"x.y">>, <<".y">>}, {"a.erl/", ".erl"}]] end),
    t(rootname2, fun() -> [filename:rootname(P, E) || {P, E} <- [{"a/b.erl", ".erl"}, {"a/b.erl", ".x"}, {<<"x.tar.gz">>, ".gz"}]] end),
    t(join, fun() -> {filename:join(["a", "b", "c"]), filename:join(["/a", "/b"]), filename:join("a/", "b"), filename:join(["a", "", "b"]),
                      filename:join([<<"a">>, "b"]), filename:join(["a", <<"b">>]), filename:join(['x', y]), filename:join(["a//", "..", "./c/"])} end),
    t(join_err, fun() -> filename:join([]) end),
    t(absname, fun() -> [filename:absname(P, "/base/dir") || P <- ["rel", "/abs", "../up", "./here", <<"bin">>]] end),
    t(absname_join, fun() -> filename:absname_join("/base", "rel/x") end),
    t(nativename, fun() -> [filename:nativename(P) || P <- ["a/b/", "/x//y", <<"c/d/">>]] end),
    t(find_src_free, fun() -> {filename:extension("a.b/c"), filename:extension(".profile"), filename:extension("x.")} end),
    t(bad, fun() -> filename:basename({a}) end),
    ok.
