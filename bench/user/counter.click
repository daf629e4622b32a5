// Click reference: Counter, 138 instructions per packet.
FromDevice(in) -> Counter -> Discard;
