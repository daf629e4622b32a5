// A traffic monitor on a live NIC (eth0): in sniffer mode the host keeps
// receiving every frame as if no graph were there, and the graph counts a
// copy of each by protocol, with the average rates since the first frame
// (AverageCounter: rate in packets/s, byte_rate in bytes/s) and the
// current rate of everything (Meter's moving average, rate handler; its
// output 1 counts the frames that came while that was 10,000/s or more).
//
//   kclick install mon examples/monitor.click
//   kclick stats mon
//   kclick read mon/all.rate; kclick read mon/tcp_rate.byte_rate
FromDevice(eth0, SNIFFER true)
	-> all :: AverageCounter
	-> now :: Meter(10000);
now[0] -> c :: Classifier(12/0806, 12/0800, 12/86dd, -);
now[1] -> busy :: Counter -> c;
c[0] -> arp :: Counter -> Discard;
c[1] -> CheckIPHeader(14) -> p :: IPClassifier(tcp, udp, icmp, -);
c[2] -> ipv6 :: Counter -> Discard;
c[3] -> other :: Counter -> Discard;
p[0] -> tcp :: Counter -> tcp_rate :: AverageCounter -> Discard;
p[1] -> udp :: Counter -> udp_rate :: AverageCounter -> Discard;
p[2] -> icmp :: Counter -> Discard;
p[3] -> ipother :: Counter -> Discard;
