%% onload_bad - a helper of the conformance program onload.erl (a module with an
%% on_load function; assembled by the runner: only programs are .erl).
{module, onload_bad}.  %% version = 0

{exports, [{hello,0},{module_info,0},{module_info,1}]}.

{attributes, [{on_load,[{init,0}]}]}.

{labels, 9}.


{function, init, 0, 2}.
  {label,1}.
    {func_info,{atom,onload_bad},{atom,init},0}.
  {label,2}.
    {allocate,0,0}.
    {move,{literal,{onload_bad,init}},{x,0}}.
    {call_ext,1,{extfunc,erlang,display,1}}.
    {move,{literal,{error,because}},{x,0}}.
    {deallocate,0}.
    return.


{function, hello, 0, 4}.
  {label,3}.
    {func_info,{atom,onload_bad},{atom,hello},0}.
  {label,4}.
    {move,{atom,world},{x,0}}.
    return.


{function, module_info, 0, 6}.
  {label,5}.
    {func_info,{atom,onload_bad},{atom,module_info},0}.
  {label,6}.
    {move,{atom,onload_bad},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.


{function, module_info, 1, 8}.
  {label,7}.
    {func_info,{atom,onload_bad},{atom,module_info},1}.
  {label,8}.
    {move,{x,0},{x,1}}.
    {move,{atom,onload_bad},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.
