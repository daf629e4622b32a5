// expect: 3: BURST
src :: FromDevice(d0);
t :: ToDevice(d0, BURST 0);
src -> Queue -> t;
