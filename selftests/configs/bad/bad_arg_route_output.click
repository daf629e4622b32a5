// expect: 4: route '10.2.0.0/16 2': output '2' is not 0-1
src :: FromDevice(d0);
src -> Strip(14)
	-> rt :: RadixIPLookup(10.1.0.0/16 0, 10.2.0.0/16 2);
rt[0] -> Discard; rt[1] -> Discard;
