// expect: 3: unknown keyword 'LENGTH'
src :: FromDevice(d0);
p :: Print(x, LENGTH y);
src -> p -> Discard;
