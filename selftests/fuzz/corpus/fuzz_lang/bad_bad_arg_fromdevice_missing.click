// expect: 2: DEVNAME
src :: FromDevice;
src -> Discard;
