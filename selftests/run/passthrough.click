// %pcap in 5000
// %args --dev eth0=$IN:$OUT
// %same-packets
// Through Strip, CheckIPHeader, Unstrip, a Queue and the ToDevice task:
// what comes out must be what went in, byte for byte and in order.
FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> Unstrip(14) -> Queue(10000) -> ToDevice(eth0);
