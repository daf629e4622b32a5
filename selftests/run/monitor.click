// %pcap in 0 --scenario mon
// %args --pcap $IN
// Monitors over genpcap.py's "mon" workload (1,951 packets 1 ms apart,
// per-flow volumes known: see scripts/genpcap.py).  AggregateIPFlows
// numbers the TCP and UDP flows in the order they appear: 1 is UDP
// 10.0.0.1 > 10.1.0.1 (800 packets of 100 bytes, and the time exceeded
// quoting it, 56 bytes, paint 2, with ICMP true), 2 is TCP 10.0.0.2 >
// 10.1.0.2:80 (500 of 500 bytes, and 100 replies of 40 with paint 1),
// 3 is UDP 10.0.0.3 (300 of 200), 4 the first connection to 10.1.0.4:443
// (100 of 100 and a FIN back of 40) and 5 its second (100 of 100), which
// a SYN after a FIN each way starts on the same ports.  So pkts.text is
// 801, 600, 300, 101, 100 and bytes.text (IP bytes) 80,056, 254,000,
// 60,000, 10,040, 10,000: flow 1 is the heaviest in packets, flow 2 in
// bytes.  The 49 pings are not flows (other).  By paint: fwd counts the
// first direction, rev the replies (flow 2's 100, flow 4's FIN), icmp the
// error.  first2 (AGGREGATE_FREEZE 2) counts only flows 1 and 2, the
// rest leave on its output 1 (notcounted: 300 + 101 + 100).
// IPRateMonitor (THRESH 100 packets/s, sources) splits 10, 10.0, 10.0.0
// and shows the hosts of 10.0.0 with their rates at the end (EWMA, about
// 410, 256 and 154 packets/s as sent); all.rate is 1,951 packets over
// 1.95 s.
FromDevice(eth0) -> CheckIPHeader(14)
	-> all :: AverageCounter
	-> rm :: IPRateMonitor(PACKETS, 1, 100)
	-> af :: AggregateIPFlows(ICMP true)
	-> pkts :: AggregateCounter
	-> bytes :: AggregateCounter(BYTES true, IP_BYTES true)
	-> first2 :: AggregateCounter(AGGREGATE_FREEZE 2)
	-> ps :: PaintSwitch;
af[1] -> other :: Counter -> Discard;
first2[1] -> notcounted :: Counter -> ps;
ps[0] -> fwd :: AggregateCounter -> Discard;
ps[1] -> rev :: AggregateCounter -> Discard;
ps[2] -> icmp :: AggregateCounter -> Discard;
