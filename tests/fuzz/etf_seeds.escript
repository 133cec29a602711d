#!/usr/bin/env escript
%% etf_seeds.escript DIR - seed corpus for fuzz_etf: term_to_binary of a
%% generated set of terms under several option sets. Each file is one flag
%% byte (bit 0 = decode with [safe]) followed by the external term.
-mode(compile).

main([Dir]) ->
    ok = filelib:ensure_dir(filename:join(Dir, "x")),
    Opts = [[], [{minor_version, 0}], [{minor_version, 1}], [compressed], [deterministic]],
    Seeds = [{T, O} || T <- terms(), O <- Opts],
    lists:foldl(fun({T, O}, N) ->
                        B = term_to_binary(T, O),
                        F = filename:join(Dir, io_lib:format("seed~5..0B", [N])),
                        ok = file:write_file(F, [N rem 2, B]),
                        N + 1
                end, 0, Seeds),
    ok.

terms() ->
    rand:seed(exsss, {1, 2, 3}),
    Fixed = [0, 1, -1, 255, 256, 1 bsl 27, -(1 bsl 27), 1 bsl 59, 1 bsl 60, -(1 bsl 60), 1 bsl 64,
             -(1 bsl 200), 1 bsl 3000, 0.0, -0.0, 1.5, 1.0e300, 5.0e-324,
             a, 'hello world', 'ünïcödé', '', [], "abc", [1, 2 | 3], [a, "b", <<"c">>],
             {}, {a}, {a, b, c}, <<>>, <<1, 2, 3>>, <<1:1>>, <<255, 7:3>>, binary:copy(<<"x">>, 100),
             #{}, #{a => 1}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
             self(), fixed_ref(), hd(erlang:ports()), fun lists:map/2, fixed_fun([]), fixed_fun([{captured, 1}])],
    Random = [random_term(4) || _ <- lists:seq(1, 60)],
    Fixed ++ Random.

random_term(0) -> rand:uniform(1000);
random_term(D) ->
    case rand:uniform(8) of
        1 -> rand:uniform(1 bsl 70) - (1 bsl 69);
        2 -> rand:uniform() * 1.0e10;
        3 -> list_to_atom("a" ++ integer_to_list(rand:uniform(50)));
        4 -> list_to_tuple([random_term(D - 1) || _ <- lists:seq(1, rand:uniform(4))]);
        5 -> [random_term(D - 1) || _ <- lists:seq(1, rand:uniform(4))];
        6 -> maps:from_list([{random_term(0), random_term(D - 1)} || _ <- lists:seq(1, rand:uniform(5))]);
        7 -> crypto_free_bytes(rand:uniform(20));
        8 -> <<(rand:uniform(1000)):(rand:uniform(30))>>
    end.


%% A closure with fixed bytes (NEW_FUN_EXT of a module that need not
%% exist): a fun made here would carry this escript's run-dependent uniq.
fixed_fun(Free) ->
    A = fun(N) -> B = atom_to_binary(N), <<119, (byte_size(B)), B/binary>> end,
    FreeB = << <<B/binary>> || <<131, B/binary>> <- [term_to_binary(F) || F <- Free] >>,
    Body = <<1, 16#0123456789abcdef0123456789abcdef:128, 2:32, (length(Free)):32, (A(fuzz_mod))/binary,
             98, 2:32/signed, 98, -5:32/signed,
             88, (A('nonode@nohost'))/binary, 1:32, 0:32, 0:32, FreeB/binary>>,
    binary_to_term(<<131, 112, (byte_size(Body) + 4):32, Body/binary>>).

%% a reference with fixed numbers: make_ref() differs from run to run
fixed_ref() ->
    binary_to_term(<<131, 90, 3:16, 119, 13, "nonode@nohost", 0:32, 1:32, 2:32, 3:32>>).

crypto_free_bytes(N) -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, N)]).
