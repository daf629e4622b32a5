// expect: 2: ETH: expected an Ethernet address, got '02:00:00:00:01'
q :: ARPQuerier(10.0.0.1, 02:00:00:00:01) -> Discard;
FromDevice(d0) -> c :: Classifier(12/0806 20/0002, -);
c[1] -> Strip(14) -> [0]q;
c[0] -> [1]q;
