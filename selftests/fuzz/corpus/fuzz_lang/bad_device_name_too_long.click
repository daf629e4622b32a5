// expect: 2: device name 'abcdefghijklmnopqrstuvwxyz' is too long
src :: FromDevice(abcdefghijklmnopqrstuvwxyz);
src -> Discard;
