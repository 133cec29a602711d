-module(oom_binary).
-export([main/0]).
main() -> B = binary:copy(<<1>>, 3000000000), io:format("~p~n", [byte_size(B)]).
