-module(ets_owner).
-export([main/0]).
%% Table ownership: owner death deletes, heir inherits with
%% 'ETS-TRANSFER', give_away/3, setopts/2 heir, protection seen from
%% other processes, rename/delete rights, safe_fixtable by a dying process.

e({'EXIT', {R, [{M, F, A, I} | _]}}) -> {'EXIT', R, M, F, length(A), I};
e(X) -> X.

main() ->
    Self = self(),
    %% owner death deletes
    P1 = spawn(fun() -> ets:new(dies, [named_table, public]), ets:insert(dies, {a}), Self ! made, receive stop -> ok end end),
    receive made -> ok end,
    io:format("before ~p~n", [ets:lookup(dies, a)]),
    Ref1 = monitor(process, P1), P1 ! stop,
    receive {'DOWN', Ref1, _, _, _} -> ok end,
    io:format("after death ~p ~p~n", [ets:info(dies), e(catch ets:lookup(dies, a))]),
    %% heir inherits
    P2 = spawn(fun() -> T = ets:new(inh, [named_table, {heir, Self, my_data}]), ets:insert(T, {k, v}), Self ! made, receive stop -> ok end end),
    receive made -> ok end,
    io:format("heir ~p owner is P2 ~p~n", [ets:info(inh, heir) =:= Self, ets:info(inh, owner) =:= P2]),
    P2 ! stop,
    receive {'ETS-TRANSFER', Tab, From, Data} -> io:format("transfer ~p ~p ~p~n", [Tab, From =:= P2, Data]) end,
    io:format("owner now me ~p ~p~n", [ets:info(inh, owner) =:= Self, ets:lookup(inh, k)]),
    %% heir that is dead: table deleted
    Dead = spawn(fun() -> ok end),
    Rd = monitor(process, Dead), receive {'DOWN', Rd, _, _, _} -> ok end,
    P3 = spawn(fun() -> ets:new(deadheir, [named_table, {heir, Dead, x}]), Self ! made, receive stop -> ok end end),
    receive made -> ok end,
    R3 = monitor(process, P3), P3 ! stop, receive {'DOWN', R3, _, _, _} -> ok end,
    io:format("dead heir ~p~n", [ets:info(deadheir)]),
    %% give_away
    T = ets:new(gift, [protected]),
    ets:insert(T, {g, 1}),
    P4 = spawn(fun() ->
                       receive {'ETS-TRANSFER', Tb, Giver, D} ->
                               Self ! {got, ets:info(Tb, owner) =:= self(), Giver =:= Self, D, ets:insert(Tb, {h, 2})}
                       end,
                       receive back -> ets:give_away(Tb, Self, returned) end,
                       receive stop -> ok end
               end),
    io:format("give_away ~p~n", [ets:give_away(T, P4, present)]),
    receive {got, A, B, C, D} -> io:format("got ~p ~p ~p ~p~n", [A, B, C, D]) end,
    io:format("not owner ~p ~p~n", [e(catch ets:insert(T, {x})), e(catch ets:give_away(T, self(), x))]),
    io:format("read ok ~p~n", [lists:sort(ets:tab2list(T))]),
    P4 ! back,
    receive {'ETS-TRANSFER', T, P4, returned} -> io:format("returned~n") end,
    io:format("mine again ~p~n", [ets:insert(T, {y})]),
    io:format("give_away errors ~p ~p ~p~n", [e(catch ets:give_away(T, self(), x)), e(catch ets:give_away(T, Dead, x)),
                                               e(catch ets:give_away(T, notapid, x))]),
    %% setopts heir
    io:format("setopts ~p ~p~n", [ets:setopts(T, {heir, P4, hd}), ets:info(T, heir) =:= P4]),
    io:format("setopts none ~p ~p~n", [ets:setopts(T, [{heir, none}]), ets:info(T, heir)]),
    io:format("setopts bad ~p~n", [e(catch ets:setopts(T, {bad, 1}))]),
    P4 ! stop,
    %% private/protected/public from another process
    Priv = ets:new(priv, [private]), Prot = ets:new(prot, [protected]), Pub = ets:new(pub, [public]),
    [ets:insert(X, {k, 1}) || X <- [Priv, Prot, Pub]],
    spawn(fun() ->
                  Self ! {acc, [{N, e(catch ets:lookup(X, k)), e(catch ets:insert(X, {k, 2})), e(catch ets:info(X, size))}
                                || {N, X} <- [{priv, Priv}, {prot, Prot}, {pub, Pub}]]}
          end),
    receive {acc, L} -> [io:format("~p~n", [X]) || X <- L] end,
    io:format("pub updated ~p~n", [ets:lookup(Pub, k)]),
    %% public table deleted by another process
    spawn(fun() -> Self ! {del, ets:delete(Pub)} end),
    receive {del, Dl} -> io:format("deleted by other ~p ~p~n", [Dl, ets:info(Pub)]) end,
    %% a fixing process that dies releases its fixation
    Fx = ets:new(fx, [public]),
    P5 = spawn(fun() -> ets:safe_fixtable(Fx, true), ets:safe_fixtable(Fx, true), Self ! fixed, receive stop -> ok end end),
    receive fixed -> ok end,
    {_, Fixers} = ets:info(Fx, safe_fixed),
    io:format("fixed ~p ~p~n", [ets:info(Fx, fixed), Fixers =:= [{P5, 2}]]),
    R5 = monitor(process, P5), P5 ! stop, receive {'DOWN', R5, _, _, _} -> ok end,
    io:format("released ~p ~p~n", [ets:info(Fx, fixed), ets:info(Fx, safe_fixed)]),
    ok.
