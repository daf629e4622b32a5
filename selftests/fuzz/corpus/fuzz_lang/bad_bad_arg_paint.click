// expect: 3: COLOR
src :: FromDevice(d0);
p :: Paint(300);
src -> p -> Discard;
