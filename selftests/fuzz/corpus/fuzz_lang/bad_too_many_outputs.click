// expect: 3: outputs
src :: FromDevice(d0);
c :: Counter;
src -> c; c[0] -> Discard; c[1] -> Discard;
