%% bif_cases.hrl - shared by the BIF oracle escripts (tests/data/bif_*.escript):
%% run every {M, F, Args} case in erl and write what happened, for
%% tests/unit/support/bif_oracle.c to replay against laser's BIFs.
%% Output: u32 N, then N x (u32 Len, term_to_binary({M, F, Args, Outcome, Text}))
%% with Outcome = {ok, Result} | {error | exit | throw, Reason}.

write_cases(Out, Cases) ->
    Recs = [begin
                Outcome = try {ok, apply(M, F, Args)} catch C:R -> {C, R} end,
                Text = iolist_to_binary(io_lib:format("~w:~w(~s)", [M, F, args_text(Args)])),
                B = term_to_binary({M, F, Args, Outcome, Text}),
                <<(byte_size(B)):32, B/binary>>
            end || {M, F, Args} <- Cases],
    ok = file:write_file(Out, [<<(length(Recs)):32>> | Recs]).

args_text(Args) ->
    S = lists:flatten(lists:join(", ", [io_lib:format("~0P", [A, 12]) || A <- Args])),
    case length(S) > 300 of true -> lists:sublist(S, 300) ++ "..."; false -> S end.
