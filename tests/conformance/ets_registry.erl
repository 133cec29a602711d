-module(ets_registry).
-export([main/0]).
%% Tables are created, renamed and deleted while other processes (on other
%% schedulers) look them up by id and by name: every lookup answers with
%% the table's contents or badarg (never another table's objects, never a
%% crash), and slots and names are reused safely.

main() ->
    Before = length(ets:all()),
    Reg = ets:new(reg, [public, {read_concurrency, true}]),
    Self = self(),
    Ws = [spawn_link(fun() -> writer(Reg, W, 300), Self ! {done, self()} end) || W <- lists:seq(1, 4)],
    Rs = [spawn_link(fun() -> Self ! {read, self(), reader(Reg, R, 3000, 0, 0)} end) || R <- lists:seq(1, 4)],
    [receive {done, P} -> ok end || P <- Ws],
    Reads = [receive {read, P, Res} -> Res end || P <- Rs],
    io:format("readers saw only their own tables: ~p~n", [lists:all(fun({Bad, _}) -> Bad =:= 0 end, Reads)]),
    ets:delete(Reg),
    %% every table went; names are free again
    io:format("tables left ~p~n", [length(ets:all()) - Before]),
    [io:format("~p ~p~n", [N, ets:whereis(N)]) || N <- [name_of(W, I) || W <- [1, 4], I <- [0, 1]]],
    T = ets:new(name_of(1, 0), [named_table]),
    io:format("reused ~p ~p~n", [T, ets:info(T, size)]),
    ok.

name_of(W, I) -> list_to_atom("ets_registry_" ++ integer_to_list(W) ++ "_" ++ integer_to_list(I)).

%% Each table holds {owner, W, Gen}: a reader checks it got W's table.
writer(_, _, 0) -> ok;
writer(Reg, W, N) ->
    Name = name_of(W, N rem 2),
    T = ets:new(Name, [named_table, public, {write_concurrency, N rem 3 =:= 0}]),
    ets:insert(T, {owner, W, N}),
    ets:insert(Reg, {W, ets:whereis(Name), Name}),
    case N rem 5 of
        0 -> ets:rename(Name, name_of(W, 2)), ets:insert(Reg, {W, ets:whereis(name_of(W, 2)), name_of(W, 2)}),
             ets:delete(name_of(W, 2));
        _ -> ets:delete(T)
    end,
    writer(Reg, W, N - 1).

reader(_, _, 0, Bad, Good) -> {Bad, Good};
reader(Reg, R, N, Bad, Good) ->
    W = N rem 4 + 1,
    case ets:lookup(Reg, W) of
        [{W, Tid, Name}] ->
            A = check(W, fun() -> ets:lookup(Tid, owner) end),
            B = check(W, fun() -> ets:lookup(Name, owner) end),
            C = case ets:info(Name, owner) of undefined -> 0; _ -> 0 end,
            reader(Reg, R, N - 1, Bad + A + B + C, Good + 1);
        [] ->
            reader(Reg, R, N - 1, Bad, Good)
    end.

check(W, F) ->
    try F() of
        [{owner, W, _}] -> 0;
        [] -> 0;
        _ -> 1
    catch
        error:badarg -> 0
    end.
