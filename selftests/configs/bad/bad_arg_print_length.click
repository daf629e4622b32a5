// expect: 3: LENGTH: expected an integer
src :: FromDevice(d0);
p :: Print(x, LENGTH y);
src -> p -> Discard;
