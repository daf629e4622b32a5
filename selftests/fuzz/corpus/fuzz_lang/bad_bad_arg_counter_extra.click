// expect: 3: takes no arguments (got '17')
src :: FromDevice(d0);
c :: Counter(17);
src -> c -> Discard;
