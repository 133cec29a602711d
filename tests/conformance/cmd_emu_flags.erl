%% erl's emulator flags as erlexec reads them: attached (+A4, +sbtu) and
%% separate values (+hms 500, +MBas aobf), +B, flags that tune what erts
%% has and laser does not (accepted), the settings the runtime reports
%% (+A, +pc, +W, +fnl, +hmqd, +hms, +hmbs, +SDio), and -args_file with
%% comments, quotes and an -extra part that goes last.
%% flags: -smp auto -smpenable +A4 +sbtu +B +W i +fnl +hmqd off_heap +hms 500 +hmbs 100000 +MBas aobf +K true +c false +zdbbl 2048 +SDio 3 +Bi -args_file $HERE/input/cmd_emu_flags.args
%% args: -extra last
-module(cmd_emu_flags).
-export([main/0]).

main() ->
    io:format("~p~n", [[erlang:system_info(thread_pool_size), io:printable_range(), error_logger:warning_map(),
                        file:native_name_encoding(), erlang:system_info(message_queue_data),
                        erlang:system_info(min_heap_size), erlang:system_info(min_bin_vheap_size),
                        erlang:system_info(dirty_io_schedulers)]]),
    Me = self(),
    P = spawn(fun() -> Me ! {mqd, process_info(self(), message_queue_data)} end),
    receive {mqd, M} -> io:format("~p ~p~n", [M, is_pid(P)]) end,
    {_, H} = process_info(self(), min_heap_size),
    io:format("~p~n", [H >= 500]),
    io:format("~p ~p ~p~n", [init:get_plain_arguments(), init:get_argument(myflag), init:get_argument(smp)]).
