// expect: 3: too many arguments ('17' is extra)
src :: FromDevice(d0);
c :: Counter(17);
src -> c -> Discard;
