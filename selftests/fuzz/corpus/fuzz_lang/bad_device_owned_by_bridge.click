// expect: 2: bridge
src :: FromDevice(d2);
src -> Discard;
