// expect: 2: pattern 2: '12/080' is not OFFSET/VALUE[%MASK]
FromDevice(d0) -> c :: Classifier(12/0806, 12/080, -);
c[0] -> Discard; c[1] -> Discard; c[2] -> Discard;
