// expect: 3: input 0 is not connected
src :: FromDevice(d0);
c :: Counter;
src -> Discard;
c -> Discard;
