%% file_dirty: file operations block a dirty I/O scheduler, not the
%% scheduler (prim_file's NIFs are dirty I/O jobs in OTP). On one scheduler
%% (+S 1), a process opens a FIFO for reading, which blocks until a writer
%% comes, and then reads from it; meanwhile another process runs, opens the
%% writing end and writes. Without dirty I/O the VM would hang here.
%% flags: +S 1
-module(file_dirty).
-export([main/0]).

-define(FIFO, "file_dirty.fifo").

p(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

main() ->
    _ = prim_file:delete(?FIFO),
    "" = os:cmd("mkfifo " ++ ?FIFO),
    Self = self(),
    Reader = spawn(fun() ->
                           {ok, R} = prim_file:open(?FIFO, [read, binary]),
                           Self ! {reader, opened},
                           Data = read_all(R, []),
                           ok = prim_file:close(R),
                           Self ! {reader, Data}
                   end),
    %% the reader is blocked in open(2); this process still runs
    p(reader_alive, is_process_alive(Reader)),
    Ticks = tick(5),
    p(ticks_while_blocked, Ticks),
    {ok, W} = prim_file:open(?FIFO, [write]),
    receive {reader, opened} -> p(reader_opened, true) end,
    ok = prim_file:write(W, <<"through the fifo\n">>),
    ok = prim_file:write(W, <<"second write\n">>),
    ok = prim_file:close(W),
    receive {reader, D} -> p(read, D) end,
    p(delete, prim_file:delete(?FIFO)).

%% timer-driven work that needs the (only) scheduler
tick(0) -> done;
tick(N) -> receive after 10 -> tick(N - 1) end.

read_all(R, Acc) ->
    case prim_file:read(R, 1000) of
        {ok, B} -> read_all(R, [B | Acc]);
        eof -> iolist_to_binary(lists:reverse(Acc))
    end.
