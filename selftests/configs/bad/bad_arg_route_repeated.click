// expect: 3: route 2: 10.1.0.0/255.255.0.0 1 repeats route 1
FromDevice(d0) -> Strip(14)
	-> rt :: LinearIPLookup(10.1.0.0/16 0, 10.1.0.0/255.255.0.0 1);
rt[0] -> Discard; rt[1] -> Discard;
