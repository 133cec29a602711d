%% boot_pterm: persistent_term (preloaded, unchanged module on Laser's BIFs):
%% put/get/erase, get/2 defaults, get/0 and info/0 (as deltas: erl's boot
%% stores keys of its own), values of every kind copied out of the
%% putting process (readable after it died), replacing and erasing.
-module(boot_pterm).
-export([main/0]).
-import(stdh, [t/2]).

mine() -> lists:sort([KV || {{boot_pterm, _}, _} = KV <- persistent_term:get()]).
count() -> maps:get(count, persistent_term:info()).

main() ->
    %% the first io:format makes laser's stdlib cache a few terms that
    %% erl's boot already cached: count from after it
    t(get_missing, fun() -> persistent_term:get({boot_pterm, none}) end),
    C0 = count(),
    t(get_default, fun() -> persistent_term:get({boot_pterm, none}, dflt) end),
    t(put, fun() -> persistent_term:put({boot_pterm, a}, 1) end),
    t(get, fun() -> persistent_term:get({boot_pterm, a}) end),
    t(count_after_put, fun() -> count() - C0 end),
    t(put_same, fun() -> {persistent_term:put({boot_pterm, a}, 1), count() - C0} end),
    t(replace, fun() -> persistent_term:put({boot_pterm, a}, [x, y]), persistent_term:get({boot_pterm, a}) end),
    Big = #{list => lists:seq(1, 50), bin => binary:copy(<<"ab">>, 200), float => 1.5,
            big => 1 bsl 100, tuple => {a, "str", <<1:3>>}},
    t(put_terms, fun() ->
        Self = self(),
        Pid = spawn(fun() -> persistent_term:put({boot_pterm, big}, Big), Self ! stored end),
        receive stored -> ok end,
        Ref = monitor(process, Pid),
        receive {'DOWN', Ref, _, _, _} -> ok end,
        persistent_term:get({boot_pterm, big}) =:= Big
    end),
    t(from_other, fun() ->
        Self = self(),
        spawn(fun() -> Self ! {got, persistent_term:get({boot_pterm, a})} end),
        receive {got, V} -> V end
    end),
    t(keys_any_term, fun() ->
        persistent_term:put({boot_pterm, <<"bin key">>}, b),
        persistent_term:put({boot_pterm, 2.0}, float_key),
        {persistent_term:get({boot_pterm, <<"bin key">>}), persistent_term:get({boot_pterm, 2.0}, none),
         persistent_term:get({boot_pterm, 2}, none)}
    end),
    t(get_all, fun() -> mine() end),
    t(erase, fun() -> {persistent_term:erase({boot_pterm, a}), persistent_term:erase({boot_pterm, a})} end),
    t(after_erase, fun() -> persistent_term:get({boot_pterm, a}, gone) end),
    t(count_end, fun() -> count() - C0 end),
    t(get_all_end, fun() -> [K || {K, _} <- mine()] end),
    t(info_keys, fun() -> lists:sort(maps:keys(persistent_term:info())) end),
    ok.
