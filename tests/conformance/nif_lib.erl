-module(nif_lib).
-export([main/0]).
%% NIF libraries (runtime/nif.c): erl and laser load the same .so files of
%% tests/nif/ (built into the build tree's nif/) and must answer alike:
%% load/upgrade/unload callbacks, load_nif's errors, terms of every kind,
%% binaries, resources and their destructors at GC, exceptions, dirty
%% NIFs, enif_send from a thread the library made, schedule_nif.

p(X) -> io:format("~p~n", [X]).

main() ->
    {module, nif_basic} = code:ensure_loaded(nif_basic),
    p({load, persistent_term:get(nif_basic_load)}),
    p({counts, counts3()}),
    p({priv, nif_basic:priv()}),
    p({add, nif_basic:add(1, 2), nif_basic:add(1 bsl 40, -5), nif_basic:add(-(1 bsl 62), -(1 bsl 62))}),
    p({add_badarg, catch nif_basic:add(a, 1)}),
    p({add_badarg_trace, try nif_basic:add(1.0, 1) catch error:E:S -> {E, hd(S)} end}),
    [p({ints, X, nif_basic:ints(X)})
     || X <- [0, 1, -1, 1 bsl 31, -(1 bsl 31), 1 bsl 32, (1 bsl 63) - 1, 1 bsl 63, (1 bsl 64) - 1,
              1 bsl 64, -(1 bsl 63), -(1 bsl 63) - 1, 1.5, a, "x"]],
    [p({type_of, nif_basic:type_of(X)})
     || X <- [a, <<1,2>>, <<1:3>>, 1.0, fun p/1, fun lists:map/2, 5, 1 bsl 70, [1], [], #{}, self(),
              hd(erlang:ports()), make_ref(), {}, {1,2}]],
    p({make_terms, nif_basic:make_terms()}),
    p({iolist_rev, nif_basic:iolist_rev([<<"abc">>, $d, [<<"ef">>, []], <<>>]), nif_basic:iolist_rev(<<"xyz">>),
       nif_basic:iolist_rev(lists:duplicate(100, <<"0123456789">>)) =:= list_to_binary(lists:reverse(lists:flatten(lists:duplicate(100, "0123456789"))))}),
    p({iolist_rev_bad, catch nif_basic:iolist_rev([a]), catch nif_basic:iolist_rev(<<1:7>>)}),
    Big = binary:copy(<<"abcdefgh">>, 100),
    <<_:3, Unaligned:80/bits, _/bits>> = Big,
    p({inspect, nif_basic:inspect(<<"hello">>), nif_basic:inspect(Big), nif_basic:inspect(Unaligned),
       nif_basic:inspect(<<1:4>>), nif_basic:inspect(foo), nif_basic:inspect(binary:part(Big, 3, 70))}),
    G = nif_basic:grow_bin(300),
    p({grow_bin, byte_size(G), binary:part(G, 295, 7), nif_basic:grow_bin(3)}),
    resources(),
    p({raise, catch nif_basic:raise_it({my, reason}), catch nif_basic:raise_it(badarg)}),
    p({raise_trace, try nif_basic:raise_it(oops) catch C:R:St -> {C, R, hd(St)} end}),
    p({dirty, nif_basic:dirty_cpu(), nif_basic:dirty_io()}),
    p({send_from_thread, nif_basic:send_from_thread(self(), 5), recv_all()}),
    p({send_self, nif_basic:send_self({hello, [1,2,3], <<"bin">>}), recv_all()}),
    p({send_bad, catch nif_basic:send_from_thread(not_a_pid, 1)}),
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)] ++ [{a, x}]),
    {Tail, Val, Len, Pairs} = nif_basic:map_pairs(M),
    p({map_pairs, Tail, Val, Len, lists:sort(Pairs) =:= lists:sort(maps:to_list(M))}),
    p({map_pairs_small, nif_basic:map_pairs(#{b => 2, a => 1}), nif_basic:map_pairs(#{})}),
    p({fmt, nif_basic:fmt({a, "b", <<"c">>, 1.5, [1|2]}), nif_basic:fmt(12345678901234567890)}),
    p({atom_text, nif_basic:atom_text(hello), nif_basic:atom_text(a_rather_long_atom_name),
       nif_basic:atom_text('caf\x{e9}'), catch nif_basic:atom_text("x")}),
    [p({get_string, S, nif_basic:get_string(S)}) || S <- ["abc", "", "abcdefghij", [256], [a], "abcdefg", "abcdef", improper]],
    [p({cmp, A, B, nif_basic:cmp(A, B)}) || {A, B} <- [{1, 1.0}, {1, 2}, {b, a}, {[1], [1]}, {{}, []}, {<<1>>, <<1>>}]],
    p({sum_to, nif_basic:sum_to(100), catch nif_basic:sum_to(-1)}),
    L = nif_basic:big_list(200000),
    p({big_list, length(L), hd(L), lists:last(L)}),
    p({t2b, nif_basic:t2b({a, [1, 2.5, "s"], #{k => <<"v">>}})}),
    p({local_nif, nif_basic:call_local()}),
    p({exported_local_stub, erlang:function_exported(nif_basic, local_stub, 0)}),
    errors(),
    upgrade(),
    ok.

resources() ->
    R = nif_basic:res_new(10),
    p({res, is_reference(R), nif_basic:res_add(R, 5), nif_basic:res_add(R, -20)}),
    p({res_bad, reason_mfa(catch nif_basic:res_add(make_ref(), 1)), reason_mfa(catch nif_basic:res_add(R, x))}),
    %% resources made and dropped in a process: destructors after its GC
    %% and its exit (erts runs them a little later: wait for them)
    {_, _, _, D0} = nif_basic:counts(),
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
        [nif_basic:res_new(I) || I <- lists:seq(1, 1000)],
        erlang:garbage_collect(),
        Parent ! {kept, nif_basic:res_add(nif_basic:res_new(1), 1)}
    end),
    receive {'DOWN', Ref, process, Pid, Why} -> p({worker, Why}) end,
    receive {kept, K} -> p({kept, K}) end,
    p({dtors, wait_dtors(D0 + 1001, 200)}),
    %% a resource sent to another process survives its maker's GC
    R2 = nif_basic:res_new(77),
    Self = self(),
    P2 = spawn(fun() -> receive {res, X} -> Self ! {back, nif_basic:res_add(X, 1)} end end),
    P2 ! {res, R2},
    receive {back, B} -> p({res_msg, B}) end,
    p({res_alive, nif_basic:res_add(R2, 0), nif_basic:res_add(R, 0)}),
    %% every object's destructor runs once its last term and count go,
    %% whatever the collections (GC stress: one at every allocation):
    %% holders keep counters (enif_keep_resource) whose terms are gone, the
    %% NIF making them allocates much; a counter outlives its holder while
    %% a term names it, and a holder sent to another process outlives ours
    Live0 = nif_basic:res_live(),
    {Pid3, Ref3} = spawn_monitor(fun() ->
        Hs = nif_basic:res_hold(300),
        erlang:garbage_collect(),
        Sum = lists:sum([element(1, nif_basic:res_add(nif_basic:res_held(H), 1)) || H <- Hs]),
        C = nif_basic:res_held(hd(Hs)),
        Keeper = spawn(fun() -> receive {hold, X} -> receive {give, To} -> To ! {held, nif_basic:res_add(nif_basic:res_held(X), 0)} end end end),
        Keeper ! {hold, lists:last(Hs)},
        Parent ! {made, Sum, nif_basic:res_live() =/= Live0, Keeper},
        erlang:garbage_collect(),
        Parent ! {counter, nif_basic:res_add(C, 0)}
    end),
    receive {'DOWN', Ref3, process, Pid3, Why3} -> p({holders_worker, Why3}) end,
    receive {made, Sum, Grew, Keeper} -> p({holders, Sum, Grew}) end,
    receive {counter, CV} -> p({counter_after_holder, CV}) end,
    Keeper ! {give, self()},
    receive {held, HV} -> p({held_elsewhere, HV}) end,
    p({holders_freed, wait_live(Live0, 300)}).

%% an exception's reason and top frame without the arguments (references
%% print differently on each run)
reason_mfa({'EXIT', {Reason, [{M, F, Args, Loc} | _]}}) -> {Reason, M, F, length(Args), Loc}.

wait_dtors(Want, 0) -> {timeout, element(4, nif_basic:counts()), Want};
wait_dtors(Want, N) ->
    case nif_basic:counts() of
        {_, _, _, Want} -> ok;
        _ -> timer:sleep(10), wait_dtors(Want, N - 1)
    end.

wait_live(Want, 0) -> {timeout, nif_basic:res_live(), Want};
wait_live(Want, N) ->
    case nif_basic:res_live() of
        Want -> ok;
        _ -> erlang:garbage_collect(), timer:sleep(10), wait_live(Want, N - 1)
    end.

recv_all() ->
    receive M -> [M | recv_all()] after 100 -> [] end.

errors() ->
    L = fun(N) -> nif_basic:lib(N) end,
    p({missing, nif_loader:try_load(L("no_such_lib"), 0)}),
    p({badver, nif_loader:try_load(L("nif_badver"), 0)}),
    p({name_mismatch, nif_loader:try_load(L("nif_basic"), 0)}),
    p({no_function, nif_loader:try_load(L("nif_other"), 0)}),
    p({veto, nif_loader:try_load(L("nif_veto"), 0)}),
    p({reload, erlang:load_nif(L("nif_basic"), 1) =:= ok}),
    p({badarg_path, catch nif_loader:try_load(a, 0)}).

upgrade() ->
    {nif_basic, Bin, File} = code:get_object_code(nif_basic),
    %% a new version: on_load calls load_nif again, upgrade runs
    {module, nif_basic} = code:load_binary(nif_basic, File, Bin),
    p({upgraded, persistent_term:get(nif_basic_load), counts3(), nif_basic:priv()}),
    %% the old version goes: its library's unload runs
    true = code:soft_purge(nif_basic),
    p({purged, counts3()}),
    %% an upgrade that vetoes: on_load fails, the module stays the old one
    persistent_term:put(nif_basic_info, 98),
    R = code:load_binary(nif_basic, File, Bin),
    p({veto_upgrade, R, persistent_term:get(nif_basic_load), try counts3() catch error:E -> E end}),
    persistent_term:put(nif_basic_info, 1).

%% loads, upgrades, unloads (destructor counts depend on GC timing)
counts3() -> {L, U, Un, _} = nif_basic:counts(), {L, U, Un}.
