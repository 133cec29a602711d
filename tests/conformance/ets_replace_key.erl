-module(ets_replace_key).
-export([main/0]).
%% select_replace refuses, before running, a match spec that could change
%% an object's key (OTP's db_match_keeps_key): even on a table where no
%% object matches, and whatever the objects are.
main() ->
    Specs = [
      [{{'$1','$2'}, [], ['$_']}],
      [{{'$1','$2'}, [], [{{'$1', x}}]}],
      [{{'$1','$2'}, [], [{{'$2', x}}]}],
      [{{'$1','$2'}, [], [{{{element, 1, '$_'}, x}}]}],
      [{{a,'$2'}, [], [{const, {a, 5}}]}],
      [{{a,'$2'}, [], [{const, {b, 5}}]}],
      [{{a,'$2'}, [], [{{a, '$2', 1}}]}],
      [{{{a,'$1'},'$2'}, [], [{{{{a,'$1'}}, '$2'}}]}],
      [{{{a,'$1'},'$2'}, [], [{{{const,{a,1}}, '$2'}}]}],
      [{{[a|'$1'],'$2'}, [], [{{[a|'$1'], '$2'}}]}],
      [{{'_','$2'}, [], [{{'_', '$2'}}]}],
      [{{'$1','$2'}, [], [{{'$1', x}}, '$_']}],
      [{{'$1','$2'}, [], []}],
      [{{'$1','$2'}, [{'>', '$2', 1}], [{{'$1', {'+', '$2', 1}}}]}, {{'$1','$2'}, [], [{{'$2', x}}]}],
      [{'$1', [], ['$1']}],
      [{'_', [], ['$_']}],
      [{{'$1','$2'}, [], [{{'$1'}}]}],
      [{{1.0,'$2'}, [], [{{1, '$2'}}]}],
      [{{1,'$2'}, [], [{{1, '$2'}}]}],
      [{{<<"ab">>,'$2'}, [], [{{<<"ab">>, '$2'}}]}],
      [{{#{a => 1},'$2'}, [], [{{#{a => 1}, '$2'}}]}],
      [{{'$1','$2'}, [], [{{{'$1'}, x}}]}]
    ],
    [io:format("~w ~w~n", [N, [run(Ty, S) || Ty <- [set, ordered_set, duplicate_bag]]])
     || {N, S} <- lists:zip(lists:seq(1, length(Specs)), Specs)],
    %% an empty table refuses too; a bag is refused for its type first
    E = ets:new(e, []),
    io:format("empty ~w ~w~n", [try ets:select_replace(E, [{{'$1', '$2'}, [], [{{'$2', x}}]}]) catch error:R0 -> R0 end,
                                ets:select_replace(E, [{{'$1', '$2'}, [], [{{'$1', x}}]}])]),
    B = ets:new(b, [bag]),
    io:format("bag ~w~n", [try ets:select_replace(B, [{{'$1', '$2'}, [], [{{'$2', x}}]}]) catch error:R -> R end]),
    ok.

run(Ty, S) ->
    T = new(Ty),
    R = try ets:select_replace(T, S) catch error:E -> E end,
    {R, lists:sort(ets:tab2list(T))}.
new(Ty) -> T = ets:new(t, [Ty]), ets:insert(T, [{a, 1}, {1, 2}, {{a, 1}, 3}, {[a|b], 4}]), T.
