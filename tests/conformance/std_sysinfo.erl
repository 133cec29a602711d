%% std_sysinfo: the erlang:system_info/1 items that describe the build and
%% the platform (the ones stdlib reads: os_type for filename, wordsize,
%% otp_release, ...), badarg for unknown items, and file:
%% native_name_encoding/0 (from the locale both VMs inherit).
-module(std_sysinfo).
-export([main/0]).
-import(stdh, [t/2]).

main() ->
    Items = [os_type, wordsize, {wordsize, internal}, {wordsize, external}, otp_release, version, machine, endian, smp_support, threads,
             hipe_architecture, debug_compiled, heap_type, nif_version, driver_version, atom_limit, process_limit, port_limit, ets_limit,
             build_type, system_architecture, compat_rel],
    [t(I, fun() -> erlang:system_info(I) end) || I <- Items],
    [t({bad, I}, fun() -> erlang:system_info(I) end) || I <- [bogus, "os_type", 1, {wordsize, x}, {os_type}, [os_type]]],
    t(native_name_encoding, fun() -> file:native_name_encoding() end),
    t(os_type, fun() -> os:type() end),
    t(release_int, fun() -> list_to_integer(erlang:system_info(otp_release)) >= 25 end),
    ok.
