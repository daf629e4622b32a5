// expect: 2: more than once
src :: FromDevice(d0);
src -> Discard;
src -> Discard;
