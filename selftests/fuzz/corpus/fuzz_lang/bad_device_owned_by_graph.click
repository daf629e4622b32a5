// expect: 2: already used by graph
src :: FromDevice(d1);
src -> Discard;
