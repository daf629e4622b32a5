// expect: 3: unterminated comment
FromDevice(d0) -> Discard;
/* never closed
