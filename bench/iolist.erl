%% iolist - build a large deeply nested iolist (an HTML-like report: tags,
%% integers and floats converted to text, binaries, single characters) the
%% way servers build responses, then flatten it with iolist_size/1,
%% iolist_to_binary/1 and list_to_binary/1, and split it again.
%% Size: number of rows. Result: sizes and a hash of the flattened binary.
-module(iolist).
%% group: binary
-define(DEFAULT_SIZE, 200000).
-include("bench.hrl").

run(N) ->
    Doc = [<<"<table>\n">>, rows(N, 1, []), <<"</table>\n">>],
    Size = iolist_size(Doc),
    Bin = iolist_to_binary(Doc),
    Size = byte_size(Bin),
    Bin = list_to_binary([Doc]),
    Lines = binary:split(Bin, <<"\n">>, [global]),
    Cells = count_cells(Lines, 0),
    {Size, length(Lines), Cells, erlang:phash2(Bin)}.

rows(0, _S, Acc) -> Acc;
rows(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    Row = ["<tr class=\"", class(S1), "\">",
           cell(integer_to_list(N)),
           cell(integer_to_binary(S1, 16)),
           cell(float_to_list((S1 rem 100000) / 100, [{decimals, 2}])),
           cell([$x || _ <- lists:seq(1, S1 rem 7)]),
           cell(<<"&amp;">>),
           "</tr>", $\n],
    rows(N - 1, S1, [Row | Acc]).

class(S) when S rem 2 =:= 0 -> <<"even">>;
class(_) -> "odd".

cell(Content) -> [<<"<td>">>, Content, <<"</td>">>].

%% Count "<td>" occurrences by matching, line by line.
count_cells([], Acc) -> Acc;
count_cells([L | Ls], Acc) -> count_cells(Ls, Acc + tds(L, 0)).

tds(<<"<td>", Rest/binary>>, N) -> tds(Rest, N + 1);
tds(<<_, Rest/binary>>, N) -> tds(Rest, N);
tds(<<>>, N) -> N.
