// expect: 3: output 0 is not connected
src :: FromDevice(d0);
c :: Counter;
src -> c;
