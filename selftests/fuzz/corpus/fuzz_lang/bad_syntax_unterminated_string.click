// expect: 2: unterminated
p :: Print("abc);
FromDevice(d0) -> p -> Discard;
