%% make_ref numbers as OTP lays them out: the middle number's low 16 bits
%% are the scheduler that made the ref (from 1), the last is below
%% 2^18, and list_to_ref takes back every ref_to_list (laser's counter
%% bits in the middle number broke that after 786,432 refs).
%% stress: skip (800,000 refs printed and parsed: minutes under GC stress, nothing of the GC tested)
-module(refs_layout).
-export([main/0]).

check(0, Bad) -> Bad;
check(N, Bad) ->
    R = make_ref(),
    "#Ref<" ++ Text = ref_to_list(R),
    [Node, _High, Mid, Low] = [list_to_integer(T) || T <- string:lexemes(Text -- ">", ".")],
    Sched = Mid band 16#FFFF,
    Ok = Node =:= 0 andalso Sched >= 1 andalso Sched =< 1024
        andalso Low < 1 bsl 18 andalso list_to_ref(ref_to_list(R)) =:= R,
    check(N - 1, case Ok of true -> Bad; false -> [ref_to_list(R) | Bad] end).

main() ->
    erlang:display(lists:sublist(check(800000, []), 5)),
    [A, B] = [make_ref(), make_ref()],
    erlang:display({A < B, A =:= A, is_reference(list_to_ref(ref_to_list(A)))}).
