// expect: 4: push/pull
src :: FromDevice(d0);
c :: Counter;
u :: Unqueue;
src -> c -> u -> Discard;
