// expect: 3: expected port number near 'x'
c :: Counter;
FromDevice(d0) -> c [x] -> Discard;
