// expect: 2: no device
src :: FromDevice(nosuchdev0);
src -> Discard;
