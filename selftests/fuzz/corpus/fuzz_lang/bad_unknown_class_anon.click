// expect: 2: unknown element class
FromDevice(d0) -> Discrad;
