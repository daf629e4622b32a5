// expect: 3: DEVNAME
src :: FromDevice(d0);
t :: ToDevice();
src -> t;
