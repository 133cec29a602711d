-module(ets_hash_big).
-export([main/0]).
%% ets_hash_order's checks (mods/ets_hash_check.erl) on tables of 100000 objects (many segments,
%% shrinking by whole segments after deletes).
%% stress: skip (GC stress adds nothing to hashing here and takes minutes)

main() ->
    [ets_hash_check:run(set, Opts, 100000) || Opts <- [[], [{write_concurrency, true}]]],
    ets_hash_check:run(duplicate_bag, [{write_concurrency, auto}], 100000),
    ok.
