// expect: 2: unmatched '}'
FromDevice(d0) -> Discard; }
