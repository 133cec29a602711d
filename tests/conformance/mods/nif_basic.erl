%% nif_basic: the Erlang side of tests/nif/nif_basic.c (used by
%% nif_lib.erl). on_load loads the library built in the build tree's nif/
%% (../../nif from this module's ebin) with the load info in
%% persistent_term nif_basic_info (default 1), and keeps load_nif's answer
%% in persistent_term nif_basic_load.
-module(nif_basic).
-export([lib/1, counts/0, priv/0, add/2, ints/1, type_of/1, make_terms/0, iolist_rev/1, inspect/1,
         grow_bin/1, res_new/1, res_add/2, res_hold/1, res_held/1, res_live/0, raise_it/1, dirty_cpu/0, dirty_io/0, send_from_thread/2,
         send_self/1, map_pairs/1, fmt/1, atom_text/1, get_string/1, cmp/2, sum_to/1, big_list/1, t2b/1,
         call_local/0]).
-on_load(init/0).
-nifs([counts/0, priv/0, add/2, ints/1, type_of/1, make_terms/0, iolist_rev/1, inspect/1, grow_bin/1,
       res_new/1, res_add/2, res_hold/1, res_held/1, res_live/0, raise_it/1, dirty_cpu/0, dirty_io/0, send_from_thread/2, send_self/1,
       map_pairs/1, fmt/1, atom_text/1, get_string/1, cmp/2, sum_to/1, big_list/1, t2b/1,
       local_stub/0]).

lib(Name) ->
    filename:join([filename:dirname(code:which(?MODULE)), "..", "..", "nif", Name]).

init() ->
    R = erlang:load_nif(lib("nif_basic"), persistent_term:get(nif_basic_info, 1)),
    persistent_term:put(nif_basic_load, R),
    ok. %% the module stays either way: callers check nif_basic_load

counts() -> erlang:nif_error(not_loaded).
priv() -> erlang:nif_error(not_loaded).
add(_, _) -> erlang:nif_error(not_loaded).
ints(_) -> erlang:nif_error(not_loaded).
type_of(_) -> erlang:nif_error(not_loaded).
make_terms() -> erlang:nif_error(not_loaded).
iolist_rev(_) -> erlang:nif_error(not_loaded).
inspect(_) -> erlang:nif_error(not_loaded).
grow_bin(_) -> erlang:nif_error(not_loaded).
res_new(_) -> erlang:nif_error(not_loaded).
res_add(_, _) -> erlang:nif_error(not_loaded).
res_hold(_) -> erlang:nif_error(not_loaded).
res_held(_) -> erlang:nif_error(not_loaded).
res_live() -> erlang:nif_error(not_loaded).
raise_it(_) -> erlang:nif_error(not_loaded).
dirty_cpu() -> erlang:nif_error(not_loaded).
dirty_io() -> erlang:nif_error(not_loaded).
send_from_thread(_, _) -> erlang:nif_error(not_loaded).
send_self(_) -> erlang:nif_error(not_loaded).
map_pairs(_) -> erlang:nif_error(not_loaded).
fmt(_) -> erlang:nif_error(not_loaded).
atom_text(_) -> erlang:nif_error(not_loaded).
get_string(_) -> erlang:nif_error(not_loaded).
cmp(_, _) -> erlang:nif_error(not_loaded).
sum_to(_) -> erlang:nif_error(not_loaded).
big_list(_) -> erlang:nif_error(not_loaded).
t2b(_) -> erlang:nif_error(not_loaded).
local_stub() -> erlang:nif_error(not_loaded).

%% a NIF that is not exported, called locally
call_local() -> local_stub().
