// expect: 3: CAPACITY
src :: FromDevice(d0);
q :: Queue(-5);
src -> q -> ToDevice(d0);
