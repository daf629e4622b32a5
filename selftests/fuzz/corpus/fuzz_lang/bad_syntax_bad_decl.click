// expect: 2: expected statement near '::'
:: Counter;
FromDevice(d0) -> Discard;
