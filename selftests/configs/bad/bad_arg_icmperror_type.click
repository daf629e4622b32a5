// expect: 3: TYPE: unknown 'timeexceded'
FromDevice(d0) -> Strip(14)
	-> ICMPError(10.0.0.1, timeexceded) -> Discard;
