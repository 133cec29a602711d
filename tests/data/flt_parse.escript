#!/usr/bin/env escript
%% flt_parse.escript OUT - what list_to_float/1 and binary_to_float/1 accept,
%% for tests/unit/test_flt.c. One record per line:
%%   S <text as hex bytes> <list_to_float result> <binary_to_float result>
%%   L <elements, comma-separated> <list_to_float result>
%%     odd lists: an element is a decimal integer or atom; a last element
%%     tail means the list ends in the atom tail; none is the empty list
%% a result is the IEEE bits (16 hex digits) or !badarg.
-mode(compile).

main([Out]) ->
    rand:seed(exsss, {9, 9, 9}),
    Strs = lists:usort(strings()),
    Odd = [[$1, $., 16#130], [$1, $., 16#30], [$1, $., -208], [$1, $., $0, tail], [$1, $., $0, atom],
           [$1, $., 256 + $0], [$1, $., $0, 0, 16#130], [$1, $., $0, 0, -1], [tail], []],
    ok = file:write_file(Out, [[rec(S) || S <- Strs],
                               [["L ", case L of [] -> "none"; _ -> string:join([elem(E) || E <- L], ",") end, " ",
                                 res(fun() -> list_to_float(build(L)) end), $\n] || L <- Odd]]).

elem(C) when is_integer(C) -> integer_to_list(C);
elem(A) -> atom_to_list(A).

build([tail]) -> tail;
build([X | T]) -> [X | build(T)];
build([]) -> [].

rec(S) ->
    ["S ", hex(S), " ", res(fun() -> list_to_float(S) end), " ",
     res(fun() -> binary_to_float(list_to_binary(S)) end), $\n].

hex([]) -> "-";
hex(S) -> [io_lib:format("~2.16.0B", [C]) || C <- S].

res(F) ->
    try F() of X -> <<B:64>> = <<X/float>>, string:right(integer_to_list(B, 16), 16, $0)
    catch error:badarg -> "!badarg"
    end.

strings() ->
    Fixed = ["1", "1.", ".5", "1.0", "+1.0", "-1.0", "1.0e5", "1.0E+5", "1.0e-5", "1.0e", "1.0e+", "1.0e-",
             "1,5", "-0,25e3", "1.0e5.0", "1.0 ", " 1.0", "1.0\n", "01.50", "00.0", "-0.0", "+0.0", "1.0e0005",
             "1.0e400", "-1.0e400", "1.0e-400", "2.4703282292062327e-324", "2.4703282292062328e-324",
             "4.9406564584124654e-324", "1.7976931348623157e308", "1.7976931348623158e308",
             "1.7976931348623159e308", "2.2250738585072011e-308", "0.1e1", "1e5", "1.e5", "1.0e5e5",
             "1..0", "1.0.0", "++1.0", "--1.0", "+-1.0", "1.0f", "0x1.0", "inf", "nan", "1.0e+-5", "", "-",
             "1.0" ++ [0] ++ "junk", [0] ++ "1.0", "1" ++ [0] ++ ".0", "1.0" ++ [0], "1.5" ++ [255],
             "9007199254740993.0", "9007199254740992.5", "0.30000000000000004", "123456789012345678901234567890.5",
             "1.0e-320", "1.0e-310", "4.0e-324", "3.0e-324", "2.0e-324", "2.5e-324"],
    Long = ["0." ++ lists:duplicate(400, $0) ++ "1e400", "1." ++ lists:duplicate(1000, $0) ++ "1",
            lists:duplicate(400, $9) ++ ".9", "1" ++ lists:duplicate(308, $0) ++ ".0",
            "17976931348623158" ++ lists:duplicate(292, $0) ++ ".0"],
    Rand = [rand_str() || _ <- lists:seq(1, 3000)],
    Printed = [P || _ <- lists:seq(1, 1000), F <- [rnd()],
                    P <- [float_to_list(F, [short]), float_to_list(F), float_to_list(F, [{scientific, 16}])]],
    Fixed ++ Long ++ Rand ++ Printed.

digits(N) -> [$0 + rand:uniform(10) - 1 || _ <- lists:seq(1, N)].

rand_str() ->
    Sign = pick(["", "", "-", "+"]),
    Int = digits(rand:uniform(20)),
    Dot = pick([".", ".", ".", ",", ""]),
    Frac = case rand:uniform(10) of 1 -> ""; _ -> digits(rand:uniform(22)) end,
    Exp = case rand:uniform(3) of
              1 -> "";
              _ -> pick(["e", "E"]) ++ pick(["", "+", "-", "-"]) ++ integer_to_list(rand:uniform(340))
          end,
    Sign ++ Int ++ Dot ++ Frac ++ Exp.

pick(L) -> lists:nth(rand:uniform(length(L)), L).

rnd() ->
    case rand:bytes(8) of
        <<_:1, 2047:11, _:52>> -> rnd();
        <<F/float>> -> F
    end.
