%% Compiled match specifications: ets:match_spec_compile/1,
%% ets:match_spec_run/2 over lists, ets:is_compiled_ms/1, ets:test_ms/2,
%% and specifications written with ets:fun2ms (the ms_transform parse
%% transform) run on records, maps, binaries, bignums and floats.
-module(ms_run).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").

-record(emp, {id, name, dept, salary}).

show(Label, X) -> io:format("~s: ~p~n", [Label, norm(X)]).

%% an exception's stack trace names references: keep the reason
norm({'EXIT', {R, _}}) -> {'EXIT', R};
norm(X) -> X.

run(Label, MS, List) ->
    C = ets:match_spec_compile(MS),
    show(Label, ets:match_spec_run(List, C)).

main() ->
    Emps = [#emp{id = K, name = list_to_atom("e" ++ integer_to_list(K)),
                 dept = lists:nth(1 + K rem 3, [sales, dev, ops]),
                 salary = 1000 * K + (K rem 2) * 0.5}
            || K <- lists:seq(1, 12)],
    run("dev names", ets:fun2ms(fun(#emp{name = N, dept = dev}) -> N end), Emps),
    run("rich", ets:fun2ms(fun(#emp{name = N, salary = S}) when S > 6000 -> {N, S} end), Emps),
    run("float salaries", ets:fun2ms(fun(#emp{id = I, salary = S}) when is_float(S) -> I end), Emps),
    run("two clauses",
        ets:fun2ms(fun(#emp{id = I, dept = sales}) when I < 5 -> {low, I};
                      (#emp{id = I, dept = ops}) when I >= 9 -> {high, I} end), Emps),
    run("whole", ets:fun2ms(fun(E = #emp{id = 3}) -> E end), Emps),
    run("andalso orelse",
        ets:fun2ms(fun(#emp{id = I}) when I > 2 andalso I < 6 orelse I =:= 11 -> I * I end), Emps),
    run("arith", ets:fun2ms(fun({A, B}) when is_integer(A), is_integer(B) ->
                                    {A + B, A - B, A * B, A div B, A rem B, A band B, A bor B,
                                     A bxor B, bnot A, A bsl 3, A bsr 1, -A, abs(-A)} end),
        [{7, 3}, {100, 7}, {1 bsl 70, 3}, {a, 1}, {-5, 2}]),
    run("floats", ets:fun2ms(fun({X}) when is_number(X) -> {float(X), trunc(X), round(X), X / 2} end),
        [{1}, {2.5}, {-3.7}, {12345678901234567890}]),
    run("int vs float", ets:fun2ms(fun({X, Y}) when X == Y -> {X =:= Y, X} end),
        [{1, 1.0}, {1, 1}, {2.0, 2.0}, {3, 4}]),
    run("lists", ets:fun2ms(fun({L}) when is_list(L), length(L) > 1 -> {hd(L), tl(L)} end),
        [{[1, 2, 3]}, {[x]}, {"abc"}, {not_a_list}]),
    run("binaries",
        ets:fun2ms(fun({B}) when is_binary(B), byte_size(B) >= 2 ->
                           {binary_part(B, 1, 1), bit_size(B), size(B)} end),
        [{<<"hello">>}, {<<1>>}, {<<0:300>>}, {<<1:3>>}]),
    run("maps", ets:fun2ms(fun({M}) when is_map(M), is_map_key(k, M) ->
                                   {map_get(k, M), map_size(M)} end),
        [{#{k => 1}}, {#{j => 2}}, {#{k => [a], l => b}}, {nomap}]),
    run("map head", [{#{k => '$1', l => '$2'}, [], [{{'$2', '$1'}}]}],
        [#{k => 1, l => 2}, #{k => 1}, #{k => a, l => b, m => c}]),
    run("map body", [{{'$1', '$2'}, [], [#{'$1' => '$2', x => {{'$1'}}}]}], [{a, 1}, {b, 2}]),
    run("records", [{'$1', [{is_record, '$1', emp, 5}], [{element, 2, '$1'}]}],
        [hd(Emps), {emp, 1}, {other, 1, 2, 3, 4}]),
    run("element bad", ets:fun2ms(fun(T) -> element(9, T) end), [{a}, {a, b}]),
    run("tuple_size guard", [{'$1', [{'>', {size, '$1'}, 1}], ['$1']}], [{a}, {a, b}, <<"ab">>]),
    run("bignums", [{{'$1'}, [{'>', '$1', 1 bsl 64}], [{'*', '$1', '$1'}]}],
        [{1}, {1 bsl 65}, {-(1 bsl 70)}, {(1 bsl 64) + 1}]),
    run("repeated vars", [{{'$1', '$1', '$2'}, [], ['$$']}],
        [{a, a, b}, {a, b, c}, {1, 1.0, x}, {[x], [x], y}]),
    run("const", ets:fun2ms(fun({X}) -> {const, X} end), [{1}]),
    run("nested", [{{'$1', ['$2' | '_']}, [{is_atom, '$2'}], [[{{'$2', '$1'}}, '$1' | '$2']]}],
        [{1, [a, b]}, {2, [3]}, {3, []}, {4, [c]}]),
    _ = ets:fun2ms(fun(_) -> self() end),
    [Pid] = ets:match_spec_run([x], ets:match_spec_compile([{'_', [], [{self}]}])),
    show("self is caller", Pid =:= self()),
    run("strings", [{"ab" ++ '$1', [], ['$1']}], ["abc", "ab", "xbc", "abcd"]),
    C = ets:match_spec_compile([{'$1', [], ['$1']}]),
    show("is_compiled_ms", {ets:is_compiled_ms(C), ets:is_compiled_ms(make_ref()),
                            ets:is_compiled_ms(foo), ets:is_compiled_ms(<<>>), is_reference(C)}),
    show("compile bad", catch ets:match_spec_compile([{a, b}])),
    show("compile bad2", catch ets:match_spec_compile(foo)),
    show("run bad", catch ets:match_spec_run([1], make_ref())),
    show("run bad2", catch ets:match_spec_run(foo, C)),
    show("run_r", ets:match_spec_run_r([1, 2, 3], C, [acc])),
    show("run_r improper", catch ets:match_spec_run_r([1, 2, 3 | tail], C, [acc])),
    show("test_ms", ets:test_ms({a, 1}, [{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]}])),
    show("test_ms nomatch", ets:test_ms({a, b}, [{{'$1', '$2'}, [{is_integer, '$2'}], ['$1']}])),
    show("test_ms error", ets:test_ms({a, b}, [{{'$1', '$2'}, [{foo, '$2'}], ['$1']}])),
    show("fun2ms trace", dbg_spec()),
    TMS = dbg:fun2ms(fun([A, B]) when A > 1, is_atom(B) -> return_trace(), exception_trace(), message({A, B});
                        ([_, {x, Y}]) -> message(Y);
                        (Args) when length(Args) > 2 -> message(caller()), message(false) end),
    show("dbg:fun2ms", TMS),
    show("dbg:fun2ms runs", [erlang:match_spec_test(As, TMS, trace)
                             || As <- [[5, x], [0, x], [0, {x, 9}], [1, 2, 3], [], [5, "x"]]]),
    %% a compiled spec used by another process
    Parent = self(),
    spawn(fun() -> Parent ! {r, ets:match_spec_run([1, 2], C)} end),
    receive {r, R} -> show("other process", R) end,
    ok.

dbg_spec() ->
    MS = [{['$1', '_'], [{'>', '$1', 1}], [{message, {{'$1'}}}, {return_trace}]}],
    {erlang:match_spec_test([5, x], MS, trace), erlang:match_spec_test([0, x], MS, trace)}.
