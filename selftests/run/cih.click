// %pcap in 100000 --bad-every 50
// %args --dev eth0=$IN
// The issue's chain: every 50th packet has a bad IP checksum.
FromDevice(eth0) -> c :: Counter -> Strip(14) -> ch :: CheckIPHeader -> Discard;
