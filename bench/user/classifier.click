// Click reference (issue 14): Classifier(12/0800, 12/0806, -), 51 instructions per packet.
FromDevice(in) -> c :: Classifier(12/0800, 12/0806, -);
c[0] -> Discard;
c[1] -> Discard;
c[2] -> Discard;
