// expect: 4: push/pull
src :: FromDevice(d0);
q :: Queue;
d :: Discard;
src -> q -> d;
