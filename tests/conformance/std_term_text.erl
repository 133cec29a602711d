%% std_term_text: terms to text and back, JSON-like round trips: ~w/~p
%% output parsed by erl_scan + erl_parse:parse_term, io_lib:write with
%% depth, term_to_binary/binary_to_term with base64 transport, and
%% list/binary/atom/float text conversions on nested document-like terms.
-module(std_term_text).
-export([main/0]).
-import(stdh, [t/2]).

parse(S) -> {ok, Ts, _} = erl_scan:string(S ++ "."), {ok, T} = erl_parse:parse_term(Ts), T.

main() ->
    Docs = [#{<<"name">> => <<"laser">>, <<"tags">> => [<<"vm">>, <<"erlang">>], <<"stars">> => 42, <<"ratio">> => 0.75, <<"null">> => null},
            [#{id => I, vals => lists:seq(1, I), f => I / 3} || I <- lists:seq(1, 4)],
            {tuple, [nested, {deep, [{deeper, #{k => "v"}}]}], <<"b">>, 'quoted atom', -1.5e-7, 1 bsl 80},
            "plain string", [], #{}, <<>>, <<1, 2, 3:4>>, [1 | 2], 'a\nb', "\x{3B1}\x{3B2}", 1.0e300, -0.0, 123456789.0],
    [t({w_roundtrip, I}, fun() -> S = lists:flatten(io_lib:format("~w", [D])), P = parse(S), {P =:= D, S} end) || {I, D} <- lists:zip(lists:seq(1, length(Docs)), Docs)],
    [t({p_roundtrip, I}, fun() -> S = lists:flatten(io_lib:format("~p", [D])), parse(S) =:= D end) || {I, D} <- lists:zip(lists:seq(1, length(Docs)), Docs)],
    [t({tp_roundtrip, I}, fun() -> S = lists:flatten(io_lib:format("~tp", [D])), parse(S) =:= D end) || {I, D} <- lists:zip(lists:seq(1, length(Docs)), Docs)],
    [t({etf_b64, I}, fun() -> B = base64:encode(term_to_binary(D)), {byte_size(B), binary_to_term(base64:decode(B)) =:= D} end) || {I, D} <- lists:zip(lists:seq(1, length(Docs)), Docs)],
    t(write_depth, fun() -> [lists:flatten(io_lib:write(hd(Docs), N)) || N <- [1, 2, 3]] end),
    t(floats_text, fun() -> [{float_to_list(F), float_to_list(F, [short]), io_lib:format("~w", [F]), list_to_float(float_to_list(F)) =:= F}
                             || F <- [0.1, 1.0 / 3, 1.0e-300, 5.0e-324, 1.7976931348623157e308, 100.0, 1.0e16, 123.456]] end),
    t(ints_text, fun() -> [{integer_to_list(N), integer_to_list(N, 16), integer_to_binary(N, 36), list_to_integer(integer_to_list(N, 7), 7) =:= N}
                           || N <- [0, -1, 255, 1 bsl 64, -(1 bsl 100)]] end),
    t(atoms_text, fun() -> [{atom_to_list(A), atom_to_binary(A), io_lib:write_atom(A), list_to_atom(atom_to_list(A)) =:= A}
                            || A <- [a, 'A b', '', 'é', '\x{3B1}', 'with\'quote']] end),
    t(parse_bad, fun() -> parse("{a, ") end),
    t(parse_var, fun() -> parse("{X}") end),
    t(parse_expr, fun() -> parse("1 + 2") end),
    ok.
