// Click reference: Strip + CheckIPHeader, 218 instructions per packet.
FromDevice(in) -> Strip(14) -> CheckIPHeader -> Discard;
