%% onload_ok - a helper of the conformance program onload.erl (a module with an
%% on_load function; assembled by the runner: only programs are .erl).
{module, onload_ok}.  %% version = 0

{exports, [{hello,0},{module_info,0},{module_info,1}]}.

{attributes, [{on_load,[{init,0}]}]}.

{labels, 11}.


{function, init, 0, 2}.
  {label,1}.
    {func_info,{atom,onload_ok},{atom,init},0}.
  {label,2}.
    {allocate,0,0}.
    {call,0,{f,4}}. % helper/0
    {'%',{var_info,{x,0},[{type,{t_atom,[local_call_ok]}}]}}.
    {move,{literal,{onload_ok_init,local_call_ok}},{x,0}}.
    {call_ext,1,{extfunc,erlang,display,1}}.
    {move,{atom,ok},{x,0}}.
    {deallocate,0}.
    return.


{function, helper, 0, 4}.
  {label,3}.
    {func_info,{atom,onload_ok},{atom,helper},0}.
  {label,4}.
    {move,{atom,local_call_ok},{x,0}}.
    return.


{function, hello, 0, 6}.
  {label,5}.
    {func_info,{atom,onload_ok},{atom,hello},0}.
  {label,6}.
    {move,{atom,world},{x,0}}.
    return.


{function, module_info, 0, 8}.
  {label,7}.
    {func_info,{atom,onload_ok},{atom,module_info},0}.
  {label,8}.
    {move,{atom,onload_ok},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.


{function, module_info, 1, 10}.
  {label,9}.
    {func_info,{atom,onload_ok},{atom,module_info},1}.
  {label,10}.
    {move,{x,0},{x,1}}.
    {move,{atom,onload_ok},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.
