// Strip and Unstrip an Ethernet header.
FromDevice(in) -> Strip(14) -> Unstrip(14) -> Discard;
