%% bs_old_asm - binary construction with the pre-OTP-25 instructions
%% (bs_init2, bs_init_bits, bs_add, bs_put_*, bs_utf8/16_size, bs_append,
%% bs_private_append, bs_init_writable) as OTP-24-compiled code uses them.
{module, bs_old_asm}.
{exports, [{cat,3},{bits,2},{flt,2},{utf,1},{utf16,2},{utf32,1},{app,2},
           {app_bits,2},{priv,1},{size_or_fail,1},{add,3},{module_info,0},{module_info,1}]}.
{attributes, []}.
{labels, 40}.

%% cat(X, Bin, Z) -> <<X:8, Bin/binary, Z:16/little-signed, "abc">>
{function, cat, 3, 2}.
  {label,1}.
    {func_info,{atom,bs_old_asm},{atom,cat},3}.
  {label,2}.
    {gc_bif,byte_size,{f,0},3,[{x,1}],{x,3}}.
    {bs_add,{f,0},[{x,3},{integer,6},1],{x,3}}.
    {bs_init2,{f,0},{x,3},0,4,{field_flags,[]},{x,3}}.
    {bs_put_integer,{f,0},{integer,8},1,{field_flags,[unsigned,big]},{x,0}}.
    {bs_put_binary,{f,0},{atom,all},8,{field_flags,[unsigned,big]},{x,1}}.
    {bs_put_integer,{f,0},{integer,16},1,{field_flags,[signed,little]},{x,2}}.
    {bs_put_string,3,{string,"abc"}}.
    {move,{x,3},{x,0}}.
    return.

%% bits(A, N) -> <<A:N, 1:3>> via bs_init_bits (fails to 'error')
{function, bits, 2, 4}.
  {label,3}.
    {func_info,{atom,bs_old_asm},{atom,bits},2}.
  {label,4}.
    {bs_add,{f,5},[{x,1},{integer,3},1],{x,2}}.
    {bs_init_bits,{f,5},{x,2},0,3,{field_flags,[]},{x,2}}.
    {bs_put_integer,{f,5},{x,1},1,{field_flags,[unsigned,big]},{x,0}}.
    {bs_put_integer,{f,5},{integer,3},1,{field_flags,[unsigned,big]},{integer,1}}.
    {move,{x,2},{x,0}}.
    return.
  {label,5}.
    {move,{atom,error},{x,0}}.
    return.

%% flt(F, Size) -> <<F:Size/float, F:32/float-little>> (raises on failure)
{function, flt, 2, 7}.
  {label,6}.
    {func_info,{atom,bs_old_asm},{atom,flt},2}.
  {label,7}.
    {bs_add,{f,0},[{integer,32},{x,1},1],{x,2}}.
    {bs_init_bits,{f,0},{x,2},0,3,{field_flags,[]},{x,2}}.
    {bs_put_float,{f,0},{x,1},1,{field_flags,[big]},{x,0}}.
    {bs_put_float,{f,0},{integer,32},1,{field_flags,[little]},{x,0}}.
    {move,{x,2},{x,0}}.
    return.

%% utf(C) -> <<C/utf8, "!">> with the size from bs_utf8_size
{function, utf, 1, 9}.
  {label,8}.
    {func_info,{atom,bs_old_asm},{atom,utf},1}.
  {label,9}.
    {bs_utf8_size,{f,0},{x,0},{x,1}}.
    {bs_add,{f,0},[{x,1},{integer,1},1],{x,1}}.
    {bs_init2,{f,0},{x,1},0,2,{field_flags,[]},{x,1}}.
    {bs_put_utf8,{f,0},{field_flags,[]},{x,0}}.
    {bs_put_string,1,{string,"!"}}.
    {move,{x,1},{x,0}}.
    return.

%% utf16(C, little|big) -> {Size, <<C/utf16-Endian>>}
{function, utf16, 2, 11}.
  {label,10}.
    {func_info,{atom,bs_old_asm},{atom,utf16},2}.
  {label,11}.
    {bs_utf16_size,{f,0},{x,0},{x,2}}.
    {bs_init2,{f,0},{x,2},0,3,{field_flags,[]},{x,3}}.
    {test,is_eq_exact,{f,12},[{x,1},{atom,little}]}.
    {bs_put_utf16,{f,0},{field_flags,[little]},{x,0}}.
    {jump,{f,13}}.
  {label,12}.
    {bs_put_utf16,{f,0},{field_flags,[big]},{x,0}}.
  {label,13}.
    {test_heap,3,4}.
    {put_tuple2,{x,0},{list,[{x,2},{x,3}]}}.
    return.

%% utf32(C) -> <<C/utf32, C/utf32-little>> (fails to 'error')
{function, utf32, 1, 15}.
  {label,14}.
    {func_info,{atom,bs_old_asm},{atom,utf32},1}.
  {label,15}.
    {bs_init2,{f,16},8,0,1,{field_flags,[]},{x,1}}.
    {bs_put_utf32,{f,16},{field_flags,[]},{x,0}}.
    {bs_put_utf32,{f,16},{field_flags,[little]},{x,0}}.
    {move,{x,1},{x,0}}.
    return.
  {label,16}.
    {move,{atom,error},{x,0}}.
    return.

%% app(Acc, X) -> <<Acc/binary, X:8>> (bs_append; raises badarg)
{function, app, 2, 18}.
  {label,17}.
    {func_info,{atom,bs_old_asm},{atom,app},2}.
  {label,18}.
    {bs_append,{f,0},{integer,8},0,2,8,{x,0},{field_flags,[]},{x,0}}.
    {bs_put_integer,{f,0},{integer,8},1,{field_flags,[unsigned,big]},{x,1}}.
    return.

%% app_bits(Acc, N) -> <<Acc/bitstring, 5:N>> (unit 1)
{function, app_bits, 2, 20}.
  {label,19}.
    {func_info,{atom,bs_old_asm},{atom,app_bits},2}.
  {label,20}.
    {bs_append,{f,0},{x,1},0,2,1,{x,0},{field_flags,[]},{x,0}}.
    {bs_put_integer,{f,0},{x,1},1,{field_flags,[unsigned,big]},{integer,5}}.
    return.

%% priv(List) -> << <<X:16>> || X <- List >> with bs_init_writable and
%% bs_private_append, as OTP 24 compiles binary comprehensions
{function, priv, 1, 22}.
  {label,21}.
    {func_info,{atom,bs_old_asm},{atom,priv},1}.
  {label,22}.
    {allocate,1,1}.
    {move,{x,0},{y,0}}.
    {move,{integer,256},{x,0}}.
    bs_init_writable.
    {move,{y,0},{x,1}}.
    {call_last,2,{f,24},1}.
{function, priv_loop, 2, 24}.
  {label,23}.
    {func_info,{atom,bs_old_asm},{atom,priv_loop},2}.
  {label,24}.
    {test,is_nonempty_list,{f,25},[{x,1}]}.
    {get_list,{x,1},{x,2},{x,1}}.
    {bs_private_append,{f,0},{integer,16},1,{x,0},{field_flags,[]},{x,0}}.
    {bs_put_integer,{f,0},{integer,16},1,{field_flags,[unsigned,big]},{x,2}}.
    {call_only,2,{f,24}}.
  {label,25}.
    return.

%% size_or_fail(N) -> a zeroed binary of N bytes (bs_init2; raises)
{function, size_or_fail, 1, 27}.
  {label,26}.
    {func_info,{atom,bs_old_asm},{atom,size_or_fail},1}.
  {label,27}.
    {bs_init2,{f,0},{x,0},0,1,{field_flags,[]},{x,0}}.
    return.

%% add(A, B, Unit-case) -> A + B*8 through bs_add (raises)
{function, add, 3, 29}.
  {label,28}.
    {func_info,{atom,bs_old_asm},{atom,add},3}.
  {label,29}.
    {bs_add,{f,0},[{x,0},{x,1},8],{x,0}}.
    return.

{function, module_info, 0, 31}.
  {label,30}.
    {func_info,{atom,bs_old_asm},{atom,module_info},0}.
  {label,31}.
    {move,{atom,bs_old_asm},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.
{function, module_info, 1, 33}.
  {label,32}.
    {func_info,{atom,bs_old_asm},{atom,module_info},1}.
  {label,33}.
    {move,{x,0},{x,1}}.
    {move,{atom,bs_old_asm},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.
