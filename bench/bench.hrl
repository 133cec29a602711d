%% bench.hrl - the entry point every benchmark program shares.
%%
%% A program defines ?DEFAULT_SIZE and run/1, then includes this file. It is
%% started as `erl -noshell -pa DIR -run MOD main SIZE` (the size arrives as
%% a string in a list; `-s` passes an atom, also accepted) or with no size for
%% the default. It prints exactly one line,
%%     checksum MOD SIZE RESULT
%% (RESULT printed with ~p on one line however long; programs keep it short
%% and round floats to a fixed number of decimals)
%% which bench/run compares between erl and laser, and then calls halt()
%% directly: init:stop/0 would add a second of orderly shutdown to every run.
%%
%% Header lines read by bench/run (keep them in every program):
%%     %% group: NAME      one of integer float lists gc bignum binary maps
%%                         ets messages spawn strings mixed parallel io
%%     %% quick: SIZE      present in the 3-4 programs of `bench/run --quick`

-export([main/0, main/1]).

%% `-s MOD main` with no size calls main/0.
main() -> main([]).

main(Args) ->
    Size = case Args of
               [] -> ?DEFAULT_SIZE;
               [A | _] -> bench_size(A)
           end,
    Result = run(Size),
    io:format("checksum ~s ~w ~999999p~n", [?MODULE, Size, Result]),
    halt().

%% -s passes atoms, -run passes strings; accept both (and integers from a
%% shell call) so the program is easy to try by hand.
bench_size(A) when is_atom(A) -> list_to_integer(atom_to_list(A));
bench_size(L) when is_list(L) -> list_to_integer(L);
bench_size(I) when is_integer(I), I >= 0 -> I.
