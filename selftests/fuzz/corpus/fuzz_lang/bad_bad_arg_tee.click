// expect: 3: N: expected an unsigned 32-bit integer, got 'x'
src :: FromDevice(d0);
t :: Tee(x);
src -> t; t[0] -> Discard; t[1] -> Discard;
