// %pcap in 2000 --bad-every 50
// %args --dev eth0=$IN --dev host=:$OUT
// A host firewall offline: what passes goes to the host pseudo-device;
// a packet the graph made itself (ICMPError's) has no receiving device,
// so the ToHost without DEVNAME drops it and the one with DEVNAME takes it.
FromDevice(eth0, 1, SNIFFER true, BURST 8)
	-> ch :: CheckIPHeader(14)
	-> f :: IPFilter(allow tcp, allow icmp, deny all)
	-> th :: ToHost;
ch[1] -> Strip(14) -> ICMPError(10.0.0.1, parameterproblem)
	-> EtherEncap(0x0800, 2:0:0:0:0:1, 2:0:0:0:0:2)
	-> t2 :: Tee -> th2 :: ToHost;
t2[1] -> ToHost(eth0);
