// expect: 3: unknown element class
src :: FromDevice(d0);
cnt :: Countr;
src -> cnt -> Discard;
