%% std_queue: the whole queue API: original (new/in/out/in_r/out_r/len/
%% join/split/reverse/filter/filtermap/fold/any/all/delete*...), extended
%% (get/get_r/peek/peek_r/drop/drop_r) and Okasaki (cons/head/tail/snoc/
%% daeh/last/liat/lait/init), with the empty-queue errors.
-module(std_queue).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Q = queue:from_list([1, 2, 3, 4, 5]), E = queue:new(),
    L = fun queue:to_list/1,
    t(basic, fun() -> {L(Q), queue:len(Q), queue:is_empty(Q), queue:is_empty(E), queue:is_queue(Q), queue:is_queue([]), queue:member(3, Q), queue:member(9, Q)} end),
    t(in_out, fun() -> Q1 = queue:in(6, Q), {V, Q2} = queue:out(Q1), {V2, Q3} = queue:out_r(Q2), {V, V2, L(Q3), queue:out(E), queue:out_r(E)} end),
    t(in_r, fun() -> L(queue:in_r(0, queue:in_r(-1, Q))) end),
    t(interleave_res, fun() -> {Acc, Qf} = lists:foldl(fun(I, {Acc, Qa}) when I rem 3 =:= 0 -> {R, Qb} = queue:out_r(Qa), {[R | Acc], Qb};
                                                        (I, {Acc, Qa}) when I rem 3 =:= 1 -> {Acc, queue:in(I, Qa)};
                                                        (I, {Acc, Qa}) -> {Acc, queue:in_r(I, Qa)} end, {[], E}, lists:seq(1, 60)),
                               {lists:reverse(Acc), L(Qf)} end),
    t(join_split, fun() -> {L(queue:join(Q, queue:from_list([a, b]))), [{L(A), L(B)} || N <- [0, 2, 5], {A, B} <- [queue:split(N, Q)]]} end),
    t(split_err, fun() -> queue:split(6, Q) end),
    t(reverse, fun() -> {L(queue:reverse(Q)), L(queue:reverse(E))} end),
    t(filter, fun() -> {L(queue:filter(fun(X) -> X rem 2 =:= 1 end, Q)), L(queue:filter(fun(X) -> [X, X] end, Q)),
                        L(queue:filtermap(fun(X) when X > 3 -> {true, X * 10}; (X) -> X =:= 1 end, Q))} end),
    t(fold_any_all, fun() -> {queue:fold(fun(X, A) -> [X | A] end, [], Q), queue:any(fun(X) -> X > 4 end, Q), queue:all(fun(X) -> X > 4 end, Q),
                              queue:any(fun(_) -> true end, E), queue:all(fun(_) -> false end, E)} end),
    t(delete, fun() -> D = queue:from_list([a, b, a, c, a]),
                       {L(queue:delete(a, D)), L(queue:delete_r(a, D)), L(queue:delete(z, D)), L(queue:delete_with(fun(X) -> X =:= c end, D)),
                        L(queue:delete_with_r(fun(X) -> X =:= a end, D))} end),
    t(extended, fun() -> {queue:get(Q), queue:get_r(Q), queue:peek(Q), queue:peek_r(Q), queue:peek(E), queue:peek_r(E), L(queue:drop(Q)), L(queue:drop_r(Q))} end),
    t(get_empty, fun() -> queue:get(E) end),
    t(get_r_empty, fun() -> queue:get_r(E) end),
    t(drop_empty, fun() -> queue:drop(E) end),
    t(drop_r_empty, fun() -> queue:drop_r(E) end),
    t(okasaki, fun() -> {L(queue:cons(0, Q)), queue:head(Q), L(queue:tail(Q)), L(queue:snoc(Q, 6)), queue:daeh(Q), queue:last(Q),
                         L(queue:liat(Q)), L(queue:lait(Q)), L(queue:init(Q))} end),
    t(head_empty, fun() -> queue:head(E) end),
    t(tail_empty, fun() -> queue:tail(E) end),
    t(last_empty, fun() -> queue:last(E) end),
    t(liat_empty, fun() -> queue:liat(E) end),
    t(one_elem, fun() -> O = queue:from_list([x]), {queue:head(O), queue:last(O), L(queue:tail(O)), L(queue:liat(O)), queue:out(O), queue:out_r(O)} end),
    t(bad_queue, fun() -> queue:in(1, notaqueue) end),
    t(bad_from_list, fun() -> queue:from_list(notalist) end),
    t(bad_len, fun() -> queue:len({a, b}) end),
    t(big, fun() -> B = lists:foldl(fun queue:in/2, E, lists:seq(1, 10000)), {queue:len(B), queue:peek(B), queue:peek_r(B),
                                                                            lists:sum(L(queue:filter(fun(X) -> X rem 1000 =:= 0 end, B)))} end),
    t(drain, fun() -> B = queue:from_list(lists:seq(1, 100)), Drain = fun D(Qd, Acc) -> case queue:out_r(Qd) of {empty, _} -> Acc; {{value, V}, Q2} -> D(Q2, Acc + V) end end,
                      Drain(B, 0) end),
    ok.
