%% io_lib_fread: io_lib:fread/2,3 with every input directive (~d ~u ~- ~f
%% ~s ~a ~c ~l ~~ and width, suppression ~*), partial input and
%% continuations, and the errors for input that does not match.
-module(io_lib_fread).
-export([main/0]).

-import(stdh, [t/2]).

main() ->
    Cases = [{"~d", "123"}, {"~d", "-42 rest"}, {"~d", "+7"}, {"~d", "abc"}, {"~3d", "12345"}, {"~u", "99"}, {"~u", "-1"},
             {"~-", "-"}, {"~f", "1.5"}, {"~f", "-2.25e3 x"}, {"~f", "3"}, {"~f", "1.5e"}, {"~s", "  word next"}, {"~3s", "abcdef"},
             {"~a", "atom rest"}, {"~c", "xyz"}, {"~3c", "xyz!"}, {"~l", "abc"}, {"~d~d", "1 2"}, {"~d ~d", "1 2"}, {"~*d~d", "1 2"},
             {"~s~s", "a b"}, {"~d,~d", "3,4"}, {"~d,~d", "3;4"}, {"~~~d", "~5"}, {"x~dy", "x9y"}, {"x~dy", "x9z"}, {"~#", "16#ff"},
             {"~d", ""}, {"~s", ""}, {"~2f", "1.5"}, {"~10f", "1.5"}, {"  ~d", "5"}, {"~d\n", "5\n"}, {"~ts", "\x{3B1}\x{3B2} x"},
             {"~e", "1.0"}, {"~8#", "8#77"}, {"~3l", "abcd"}],
    [t({fread, F, In}, fun() -> io_lib:fread(F, In) end) || {F, In} <- Cases],
    t(cont1, fun() -> {more, C} = io_lib:fread([], "12", "~d ~d"), C1 = element(2, io_lib:fread(C, " 34\n", "~d ~d")), C1 end),
    t(cont2, fun() -> io_lib:fread([], "abc def\n", "~s ~s") end),
    t(cont_eof, fun() -> io_lib:fread([], eof, "~d") end),
    t(cont_more, fun() -> io_lib:fread([], "1", "~d ~d") end),
    t(bad_fmt, fun() -> io_lib:fread("~q", "1") end),
    t(bad_input, fun() -> io_lib:fread("~d", a) end),
    ok.
