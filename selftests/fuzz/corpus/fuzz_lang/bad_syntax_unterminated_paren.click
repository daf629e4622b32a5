// expect: 2: unterminated
c :: Counter(;
FromDevice(d0) -> c -> Discard;
