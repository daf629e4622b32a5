// %pcap in 40
// %args --dev eth0=$IN:$OUT --dev-addr eth0=10.0.0.1/16,02:00:0a:00:00:01
// %tcpdump-out
// Names as addresses (AddressInfo, include/kclick/names.h): prefixes by
// name in IPClassifier, an address by name in SetIPAddress, and the
// device name eth0 in ARPQuerier, whose address --dev-addr gives offline
// (the kernel takes it from the device).  Packets from lan to wan wait
// for the router's ARP reply, which never comes: the output is the
// queries, asked from 10.0.0.1 for 10.1.0.254, once a second.
AddressInfo(lan 10.0.0.0/16, wan 10.1.0.0/16, router 10.1.0.254 02:00:00:00:00:fe);
FromDevice(eth0) -> Strip(14) -> CheckIPHeader
	-> f :: IPClassifier(src net lan and dst net wan, src net wan, -);
f[0] -> c0 :: Counter -> SetIPAddress(router) -> aq :: ARPQuerier(eth0)
	-> Queue -> ToDevice(eth0);
f[1] -> c1 :: Counter -> Discard;
f[2] -> c2 :: Counter -> Discard;
Idle -> [1] aq;
