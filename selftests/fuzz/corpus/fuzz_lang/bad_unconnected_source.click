// expect: 2: output 0 is not connected
src :: FromDevice(d0);
