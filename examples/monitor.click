// A traffic monitor on a live NIC (eth0): in sniffer mode the host keeps
// receiving every frame as if no graph were there, and the graph counts a
// copy of each by protocol, with the average rates since the first frame
// (AverageCounter: rate in packets/s, byte_rate in bytes/s) and the
// current rate of everything (Meter's moving average, rate handler; its
// output 1 counts the frames that came while that was 10,000/s or more).
//
//
// Per host and per flow (issue 15): IP frames pass an IPRateMonitor
// (byte rates by source address, each network above 10,000 bytes/s
// split into its subnets, down to hosts) and AggregateIPFlows, which
// numbers TCP and UDP flows for two AggregateCounters: each flow's
// packets and IP bytes, tables the heaviest flows can be read from.
//
//   kclick install mon examples/monitor.click
//   kclick stats mon
//   kclick read mon/all.rate; kclick read mon/tcp_rate.byte_rate
//   kclick read mon/hosts.look; kclick read mon/flow_bytes.text
FromDevice(eth0, SNIFFER true)
	-> all :: AverageCounter
	-> now :: Meter(10000);
now[0] -> c :: Classifier(12/0806, 12/0800, 12/86dd, -);
now[1] -> busy :: Counter -> c;
c[0] -> arp :: Counter -> Discard;
c[1] -> CheckIPHeader(14)
	-> hosts :: IPRateMonitor(BYTES, 1, 10000)
	-> flows :: AggregateIPFlows
	-> flow_pkts :: AggregateCounter
	-> flow_bytes :: AggregateCounter(BYTES true, IP_BYTES true)
	-> p :: IPClassifier(tcp, udp, icmp, -);
flows[1] -> p;
c[2] -> ipv6 :: Counter -> Discard;
c[3] -> other :: Counter -> Discard;
p[0] -> tcp :: Counter -> tcp_rate :: AverageCounter -> Discard;
p[1] -> udp :: Counter -> udp_rate :: AverageCounter -> Discard;
p[2] -> icmp :: Counter -> Discard;
p[3] -> ipother :: Counter -> Discard;
