// expect: 3: no device
src :: FromDevice(d0);
t :: ToDevice(nosuchdev1);
src -> t;
