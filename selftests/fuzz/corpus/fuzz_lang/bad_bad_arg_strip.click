// expect: 3: LENGTH
src :: FromDevice(d0);
s :: Strip(abc);
src -> s -> Discard;
