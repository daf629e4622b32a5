// expect: 3: redeclar
c :: Counter;
c :: Counter;
FromDevice(d0) -> c -> Discard;
