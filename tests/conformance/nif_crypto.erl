-module(nif_crypto).
-export([main/0]).
%% OTP's crypto application on its own NIF library (crypto.so, OpenSSL):
%% hashes, streaming hashes, HMAC, ciphers, AEAD, random bytes, and the
%% errors crypto raises from its NIFs (runtime/nif.c loads the library).
%% OTP 25's crypto.so leaks a reference to the EVP_MAC that mac_init
%% fetches (never EVP_MAC_free'd; erlang/otp#9119, fixed in later OTPs):
%% once every mac context is collected and OpenSSL's exit cleanup drops its
%% method cache, LeakSanitizer finds that EVP_MAC (144 + 56 + 5 bytes)
%% unreachable. The program keeps one mac context to the end, which keeps
%% the EVP_MAC reachable as in erl (which never collects it either).

p(X) -> io:format("~p~n", [X]).

main() ->
    p(application:ensure_all_started(crypto)),
    Inputs = [<<>>, <<"abc">>, "abc", [<<"a">>, $b, [<<"c">>]], binary:copy(<<"0123456789">>, 1000),
              list_to_binary(lists:seq(0, 255))],
    [p({hash, T, crypto:hash(T, I)}) || T <- [md5, sha, sha224, sha256, sha384, sha512, sha3_256, blake2b], I <- Inputs],
    S0 = crypto:hash_init(sha256),
    S1 = crypto:hash_update(S0, <<"hello ">>),
    S2 = crypto:hash_update(S1, "world"),
    p({hash_stream, crypto:hash_final(S2) =:= crypto:hash(sha256, <<"hello world">>), crypto:hash_final(S1)}),
    p({hash_info, crypto:hash_info(sha256)}),
    [p({hmac, T, crypto:mac(hmac, T, K, D)})
     || T <- [md5, sha, sha256, sha512], {K, D} <- [{<<"key">>, <<"data">>}, {<<>>, <<>>}, {binary:copy(<<"k">>, 200), "long key"}]],
    MacCtx = crypto:mac_init(hmac, sha256, <<"k">>),
    persistent_term:put(nif_crypto_mac_ctx, MacCtx), % see above
    p({hmac_stream, crypto:mac_final(crypto:mac_update(MacCtx, <<"d">>)) =:= crypto:mac(hmac, sha256, <<"k">>, <<"d">>)}),
    p({cmac, crypto:mac(cmac, aes_128_cbc, <<0:128>>, <<"message">>)}),
    K128 = list_to_binary(lists:seq(1, 16)), K256 = list_to_binary(lists:seq(1, 32)), IV = <<7:128>>,
    Plain = <<"The quick brown fox jumps over the lazy dog">>,
    [begin
         C = crypto:crypto_one_time(Ci, K, IV, Plain, true),
         p({Ci, C, crypto:crypto_one_time(Ci, K, IV, C, false) =:= Plain})
     end || {Ci, K} <- [{aes_128_ctr, K128}, {aes_256_ctr, K256}, {aes_128_cfb128, K128}]],
    Blocks = binary:copy(<<"16 bytes block..">>, 4),
    [begin
         C = crypto:crypto_one_time(Ci, K, IV, Blocks, true),
         p({Ci, C, crypto:crypto_one_time(Ci, K, IV, C, false) =:= Blocks})
     end || {Ci, K} <- [{aes_128_cbc, K128}, {aes_256_cbc, K256}]],
    p({ecb, crypto:crypto_one_time(aes_128_ecb, K128, Blocks, true)}),
    Ctx = crypto:crypto_init(aes_128_ctr, K128, IV, true),
    Parts = [crypto:crypto_update(Ctx, B) || B <- [<<"The quick ">>, <<"brown fox jumps">>, <<" over the lazy dog">>]],
    p({stream, iolist_to_binary(Parts) =:= crypto:crypto_one_time(aes_128_ctr, K128, IV, Plain, true)}),
    {CT, Tag} = crypto:crypto_one_time_aead(aes_256_gcm, K256, <<1:96>>, Plain, <<"aad">>, true),
    p({gcm, CT, Tag, crypto:crypto_one_time_aead(aes_256_gcm, K256, <<1:96>>, CT, <<"aad">>, Tag, false),
       crypto:crypto_one_time_aead(aes_256_gcm, K256, <<1:96>>, CT, <<"bad">>, Tag, false)}),
    {CT2, Tag2} = crypto:crypto_one_time_aead(chacha20_poly1305, K256, <<2:96>>, Plain, <<>>, true),
    p({chacha, CT2, Tag2, crypto:crypto_one_time_aead(chacha20_poly1305, K256, <<2:96>>, CT2, <<>>, Tag2, false)}),
    %% known vectors: FIPS 180 and RFC 4231 test case 2
    p({vectors, crypto:hash(sha256, "abc") =:= hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
       crypto:mac(hmac, sha256, <<"Jefe">>, <<"what do ya want for nothing?">>)
       =:= hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")}),
    R = crypto:strong_rand_bytes(16),
    p({rand, byte_size(R), is_binary(R), byte_size(crypto:strong_rand_bytes(0)), crypto:strong_rand_bytes(16) =/= R}),
    p({info_lib, [{is_binary(N), is_integer(V), is_binary(T)} || {N, V, T} <- crypto:info_lib()]}),
    p({supports, lists:sort(proplists:get_keys(crypto:supports()))}),
    p({exor, crypto:exor(<<1,2,3>>, <<3,2,1>>)}),
    p({equal, crypto:hash_equals(<<"abc">>, <<"abc">>), crypto:hash_equals(<<"abc">>, <<"abd">>)}),
    p({mod_pow, crypto:mod_pow(3, 200, 1000007)}),
    p({bytes_to_integer, crypto:bytes_to_integer(<<1, 0>>)}),
    Err = fun(F) -> try F() of V -> {ok, V} catch C:E -> {C, E} end end,
    p({bad_hash, Err(fun() -> crypto:hash(foo, <<"x">>) end)}),
    p({bad_data, Err(fun() -> crypto:hash(sha256, 42) end)}),
    p({bad_mac, Err(fun() -> crypto:mac(hmac, nope, <<"k">>, <<"d">>) end)}),
    p({bad_key, Err(fun() -> crypto:crypto_one_time(aes_128_ctr, <<1,2,3>>, IV, Plain, true) end)}),
    p({bad_cipher, Err(fun() -> crypto:crypto_one_time(nope, K128, IV, Plain, true) end)}),
    p({bad_rand, Err(fun() -> crypto:strong_rand_bytes(-1) end)}),
    %% many calls: resources (hash states) made and collected
    lists:foreach(fun(I) -> crypto:hash_final(crypto:hash_update(crypto:hash_init(sha), <<I:32>>)) end, lists:seq(1, 20000)),
    p(done).

hex(S) -> binary:decode_hex(list_to_binary(S)).
