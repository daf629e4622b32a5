// %pcap in 0 --scenario nat
// %args --dev eth0=$IN --dev eth1=:$OUT
// %tcpdump-out
// A NAT at 1.0.0.1 for 10.0.0.0/8 (Click's thomer-nat shape): UDP and
// TCP through IPRewriter, pings through ICMPPingRewriter, ICMP errors
// about either rewritten back to the inside host by ICMPRewriter.  The
// output pcap (tcpdump -vv, which checks the IP, UDP and TCP checksums
// and the quoted ones) is part of the expected text.
FromDevice(eth0) -> Strip(14) -> CheckIPHeader
	-> c :: IPClassifier(src net 10.0.0.0/8 and (tcp or udp),
			     src net 10.0.0.0/8 and icmp type echo,
			     dst host 1.0.0.1 and (tcp or udp),
			     dst host 1.0.0.1 and icmp type echo-reply,
			     dst host 1.0.0.1 and icmp,
			     -);
rw :: IPRewriter(pattern 1.0.0.1 50000-50099# - - 0 1, drop);
irw :: ICMPPingRewriter(pattern 1.0.0.1 40000-40099# - - 0 1, drop);
ierw :: ICMPRewriter(rw irw);
c[0] -> [0]rw;
c[2] -> [1]rw;
c[1] -> [0]irw;
c[3] -> [1]irw;
c[4] -> ierw;
c[5] -> Discard;
out :: Counter -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
	-> ToDevice(eth1);
rw[0] -> out;
rw[1] -> out;
irw[0] -> out;
irw[1] -> out;
ierw[0] -> out;
ierw[1] -> unmapped :: Counter -> Discard;
