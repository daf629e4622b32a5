// expect: 3: has 1 input, but FromDevice takes exactly 0
src :: FromDevice(d0);
s2 :: FromDevice(d3);
src -> s2;
s2 -> Discard;
