#!/usr/bin/env escript
%% bif_id.escript OUT - erl's outcomes for the BIFs of runtime/bif/erlang_id.c,
%% erlang_timeunit.c and std_text.c where they are reproducible: crafted
%% local identifiers (no pid, port or ref of erl's own), export funs,
%% is_builtin of BIFs laser has, unit conversions, number parsing; replayed
%% by tests/unit/test_bif_id.c.
-mode(compile).
-include("bif_cases.hrl").

main([Out]) ->
    PidTexts = ["<0.0.0>", "<0.1.2>", "<00.01.02>", "<0.32767.8191>", "<0.32768.0>", "<0.0.8192>", "<0.1.2",
                "<0.1.2>x", "< 0.1.2>", "<>", "<0.1.2.3>", "<0.-1.2>", "<0..2>", "<1.2.3>", "", [$<, 256],
                "<0.1.4294967296>", "<0.1.99999999999999999999999>", foo, [$<, $0 | $>], "<0.1.2>\n"],
    PortTexts = ["#Port<0.5>", "#Port<0.0>", "#Port<0.01>", "#Port<0.268435455>", "#Port<0.268435456>",
                 "#Port<0.99999999999>", "#Port<1.5>", "#Port<0.5", "#Port<0>", "#port<0.5>", 5],
    RefTexts = ["#Ref<0.1.2.3>", "#Ref<0.0.0.0>", "#Ref<0.262144.2.3>", "#Ref<0.1.2.262143>", "#Ref<0.1.2.262144>",
                "#Ref<0.4294967295.0.1>", "#Ref<0.4294967296.1.1>", "#Ref<0.1.2147483648.3>", "#Ref<0.1.65535.3>",
                "#Ref<0.1.65536.3>", "#Ref<0.1.2>", "#Ref<0.1>", "#Ref<0.1.2.3.4>", "#Ref<0..2.3>", "#Ref<0.1.2.3>x",
                "#Ref<1.1.2.3>", <<"#Ref<0.1.2.3>">>],
    Pids = [list_to_pid(S) || S <- ["<0.0.0>", "<0.1.2>", "<0.32767.8191>"]],
    Ports = [list_to_port(S) || S <- ["#Port<0.0>", "#Port<0.268435455>"]],
    Refs = [list_to_ref(S) || S <- ["#Ref<0.1.2.3>", "#Ref<0.4294967295.2147483648.262143>"]],
    Funs = [fun lists:map/2, fun erlang:'+'/2, fun 'a b':'c d'/0, erlang:make_fun(m, f, 255)],
    Others = [a, 1, "<0.1.2>", 1.5, {}],
    Items = [module, name, arity, env, index, new_index, new_uniq, uniq, pid, type, foo, 1],
    MFAs = [{erlang, self, 0}, {erlang, '+', 2}, {erlang, apply, 3}, {erlang, apply, 2}, {erlang, min, 2},
            {erlang, max, 2}, {erlang, atom_to_binary, 1}, {erlang, atom_to_binary, 2}, {erlang, binary_to_atom, 1},
            {erlang, binary_to_existing_atom, 1}, {erlang, fun_info, 1}, {erlang, fun_info, 2}, {erlang, halt, 0},
            {erlang, halt, 1}, {erlang, halt, 2}, {erlang, convert_time_unit, 3}, {init, get_arguments, 0},
            {lists, reverse, 2}, {lists, map, 2}, {erlang, is_builtin, 3}, {erlang, element, 2}, {zlib, crc32_nif, 1},
            {erlang, self, -1}, {erlang, self, 256}, {string, list_to_integer, 1}, {io, printable_range, 0},
            {1, f, 1}, {erlang, "f", 1}, {erlang, self, a}, {erlang, self, 1 bsl 70}, {erlang, node, 0},
            {erlang, node, 1}],
    Units = [second, millisecond, microsecond, nanosecond, native, perf_counter, seconds, milli_seconds,
             micro_seconds, nano_seconds, 3, 1 bsl 70, 0, -1, 2.0, foo],
    Times = [0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, 1 bsl 80, -(1 bsl 80), 1.0, a],
    IntTexts = ["123abc", "-7", "+", "-", "", "abc", "+0x", "007", [$1, a], [$1 | $2], a, <<"12">>, "1" ++ [256],
                "99999999999999999999999x", "- 1", "--1", "1.5", [$1, $2 | tail], [a | b]],
    FloatTexts = ["1.5e3xyz", "1.0", "1", "1.", ".5", "1.5e", "1.5e+", "1.5e+2", "1.5E-2x", "-0.5", "+2.5", "1e5",
                  "1.0e999", "1.0e-999", "12.34.5", a, "1.5" ++ [a], [$1, $., $5 | b], "0.000000000000000000000000001",
                  "1.5e0003", "1,5", "1.0e308", "2.0e308", "0.1", "2.2250738585072014e-308", "4.9e-324x", "-0.0"],
    Cases = [{erlang, list_to_pid, [S]} || S <- PidTexts] ++
            [{erlang, list_to_port, [S]} || S <- PortTexts] ++
            [{erlang, list_to_ref, [S]} || S <- RefTexts] ++
            [{erlang, pid_to_list, [X]} || X <- Pids ++ Ports ++ Refs ++ Others] ++
            [{erlang, port_to_list, [X]} || X <- Ports ++ Pids ++ Others] ++
            [{erlang, ref_to_list, [X]} || X <- Refs ++ Pids ++ Others] ++
            [{erlang, fun_to_list, [X]} || X <- Funs ++ Others] ++
            [{erlang, fun_info, [X]} || X <- Funs ++ Others] ++
            [{erlang, fun_info, [X, I]} || X <- Funs ++ [a], I <- Items] ++
            [{erlang, fun_info_mfa, [X]} || X <- Funs ++ Others] ++
            [{erlang, make_fun, [M, F, A]} || M <- [lists, 1], F <- [map, "map"], A <- [-1, 0, 2, 255, 256, a]] ++
            [{erlang, is_builtin, [M, F, A]} || {M, F, A} <- MFAs] ++
            [{erlang, bump_reductions, [N]} || N <- [0, 1, 100000, 1 bsl 70, -1, a, 1.0]] ++
            [{erlang, convert_time_unit, [T, F, U]} || T <- Times, F <- Units, U <- [second, millisecond, nanosecond, 7, foo]] ++
            [{string, list_to_integer, [S]} || S <- IntTexts] ++
            [{string, list_to_float, [S]} || S <- FloatTexts] ++
            [{io, printable_range, []}, {erlang, node, []}] ++
            [{erlang, node, [X]} || X <- Pids ++ Ports ++ Refs ++ Others],
    write_cases(Out, Cases).
