// %pcap in 2000 --flows 20
// %args --dev eth0=$IN
// IPRewriter over genpcap's traffic: TCP and UDP flows get the NAT
// address and ports 50000-50099 in order, ICMP is dropped (Click), each
// rewritten packet passes CheckIPHeader (IP checksum recomputed).
FromDevice(eth0) -> Strip(14) -> CheckIPHeader
	-> rw :: IPRewriter(pattern 192.0.2.1 50000-50099# - - 0 1, drop);
rw[0] -> c0 :: Counter -> ch :: CheckIPHeader -> Discard;
rw[1] -> c1 :: Counter -> Discard;
