// expect: 3: CAPACITY
src :: FromDevice(d0);
q :: Queue(0);
src -> q -> ToDevice(d0);
