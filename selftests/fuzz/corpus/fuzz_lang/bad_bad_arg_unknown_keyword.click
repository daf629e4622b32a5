// expect: 3: FOO
src :: FromDevice(d0);
q :: Queue(FOO 3);
src -> q -> ToDevice(d0);
