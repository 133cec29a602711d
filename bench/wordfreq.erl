%% wordfreq - word frequencies of a generated text: tokenise a binary of N
%% words (mixed case, punctuation, line breaks) by binary matching, count
%% lower-cased words in a map, then merge per-chunk maps and rank the top
%% words: map insertion, update and iteration on a few thousand keys.
%% Size: number of words. Result: distinct words, total, the top ten.
-module(wordfreq).
%% group: maps
-define(DEFAULT_SIZE, 150000).
-define(CHUNK, 5000).
-include("bench.hrl").

run(N) ->
    Vocab = list_to_tuple([word(I) || I <- lists:seq(1, 4000)]),
    Text = text(N, 2024, Vocab, []),
    Counts = merge(count_chunks(Text, [])),
    Total = maps:fold(fun(_, C, A) -> A + C end, 0, Counts),
    Top = lists:sublist(lists:sort(fun({W1, C1}, {W2, C2}) -> {C1, W2} >= {C2, W1} end,
                                   maps:to_list(Counts)), 10),
    {maps:size(Counts), Total, Top}.

%% Syllable words; a skewed pick (the square of a uniform value) gives a
%% Zipf-like distribution.
word(I) ->
    Syl = {<<"ka">>, <<"lo">>, <<"mi">>, <<"ne">>, <<"ru">>, <<"sa">>, <<"to">>, <<"ve">>},
    iolist_to_binary([element((I bsr (3 * K)) rem 8 + 1, Syl) || K <- lists:seq(0, 1 + I rem 3)]).

text(0, _S, _V, Acc) -> iolist_to_binary(Acc);
text(N, S, V, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    R = (S1 bsr 8) rem 4000,
    W = element(R * R div 4000 + 1, V),
    W1 = case S1 band 7 of 0 -> capitalise(W); _ -> W end,
    Sep = case S1 band 63 of 1 -> <<".\n">>; 2 -> <<", ">>; 3 -> <<"; ">>; _ -> <<" ">> end,
    text(N - 1, S1, V, [Sep, W1 | Acc]).

capitalise(<<C, Rest/binary>>) -> <<(C - 32), Rest/binary>>.

%% Cut the text into chunks of about ?CHUNK bytes at word boundaries, count
%% each chunk into its own map.
count_chunks(<<>>, Maps) -> Maps;
count_chunks(Text, Maps) ->
    Cut = boundary(Text, min(?CHUNK, byte_size(Text))),
    <<Chunk:Cut/binary, Rest/binary>> = Text,
    count_chunks(Rest, [words(Chunk, <<>>, #{}) | Maps]).

boundary(Text, Cut) when Cut >= byte_size(Text) -> byte_size(Text);
boundary(Text, Cut) ->
    case binary:at(Text, Cut) of
        $\s -> Cut;
        _ -> boundary(Text, Cut + 1)
    end.

words(<<C, Rest/binary>>, W, M) when C >= $a, C =< $z -> words(Rest, <<W/binary, C>>, M);
words(<<C, Rest/binary>>, W, M) when C >= $A, C =< $Z -> words(Rest, <<W/binary, (C + 32)>>, M);
words(<<_, Rest/binary>>, <<>>, M) -> words(Rest, <<>>, M);
words(<<_, Rest/binary>>, W, M) -> words(Rest, <<>>, bump(W, M));
words(<<>>, <<>>, M) -> M;
words(<<>>, W, M) -> bump(W, M).

bump(W, M) ->
    case M of
        #{W := C} -> M#{W := C + 1};
        _ -> M#{W => 1}
    end.

merge([M | Ms]) ->
    lists:foldl(fun(M1, Acc) ->
                        maps:fold(fun(K, V, A) -> maps:update_with(K, fun(X) -> X + V end, V, A) end,
                                  Acc, M1)
                end, M, Ms).
