// expect: 2: expected '->' or ';' near '.'
a.b :: Counter;
FromDevice(d0) -> a.b -> Discard;
