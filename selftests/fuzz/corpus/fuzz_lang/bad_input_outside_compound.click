// expect: 2: input
input -> Discard;
FromDevice(d0) -> Discard;
