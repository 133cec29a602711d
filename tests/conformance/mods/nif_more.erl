%% nif_more: the Erlang side of tests/nif/nif_more.c (used by nif_api.erl).
%% on_load loads the library built in the build tree's nif/.
-module(nif_more).
-export([watch/2, monitor/2, monitor_twice/2, demonitor/1, downs/1, watch_dtors/0, monitor_plain/1, iovec/2,
         q_new/0, q_enqv/3, q_enq_bin/3, q_deq/2, q_peek/1, unique/1, hash/2, times/0, thread_names/0]).
-on_load(init/0).
-nifs([watch/2, monitor/2, monitor_twice/2, demonitor/1, downs/1, watch_dtors/0, monitor_plain/1, iovec/2,
       q_new/0, q_enqv/3, q_enq_bin/3, q_deq/2, q_peek/1, unique/1, hash/2, times/0, thread_names/0]).

init() ->
    erlang:load_nif(filename:join([filename:dirname(code:which(?MODULE)), "..", "..", "nif", "nif_more"]), 0).

watch(_, _) -> erlang:nif_error(not_loaded).
monitor(_, _) -> erlang:nif_error(not_loaded).
monitor_twice(_, _) -> erlang:nif_error(not_loaded).
demonitor(_) -> erlang:nif_error(not_loaded).
downs(_) -> erlang:nif_error(not_loaded).
watch_dtors() -> erlang:nif_error(not_loaded).
monitor_plain(_) -> erlang:nif_error(not_loaded).
iovec(_, _) -> erlang:nif_error(not_loaded).
q_new() -> erlang:nif_error(not_loaded).
q_enqv(_, _, _) -> erlang:nif_error(not_loaded).
q_enq_bin(_, _, _) -> erlang:nif_error(not_loaded).
q_deq(_, _) -> erlang:nif_error(not_loaded).
q_peek(_) -> erlang:nif_error(not_loaded).
unique(_) -> erlang:nif_error(not_loaded).
hash(_, _) -> erlang:nif_error(not_loaded).
times() -> erlang:nif_error(not_loaded).
thread_names() -> erlang:nif_error(not_loaded).
