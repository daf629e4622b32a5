// A traffic monitor on a live NIC (eth0): in sniffer mode the host keeps
// receiving every frame as if no graph were there, and the graph counts a
// copy of each by protocol.
//
//   kclick install mon examples/monitor.click
//   kclick stats mon
FromDevice(eth0, SNIFFER true)
	-> c :: Classifier(12/0806, 12/0800, 12/86dd, -);
c[0] -> arp :: Counter -> Discard;
c[1] -> CheckIPHeader(14) -> p :: IPClassifier(tcp, udp, icmp, -);
c[2] -> ipv6 :: Counter -> Discard;
c[3] -> other :: Counter -> Discard;
p[0] -> tcp :: Counter -> Discard;
p[1] -> udp :: Counter -> Discard;
p[2] -> icmp :: Counter -> Discard;
p[3] -> ipother :: Counter -> Discard;
