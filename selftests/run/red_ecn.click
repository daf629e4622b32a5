// %pcap in 2000 --seed 3
// %args --dev eth0=$IN:$OUT
// RED with ECN true (kclick's keyword) in front of a 10 Mbit/s
// bottleneck, over 2,000 random packets 10 us apart.  TCP packets are
// made ECN-capable (SetIPECN(ECT(0))), UDP and ICMP are not: RED marks
// the TCP packets it picks CE and drops the others it picks, and drops
// everything, TCP too, once the average passes 2 * MAX_THRESH.  ce.count
// is red.marks: after SetIPDSCP(10) (AF11) a CE packet's TOS is 0x2b.  A
// full queue still drops at its tail (q.drops).  The Meter splits the
// offered load at 50,000 packets/s (m.rate: its moving average when the
// run ends, on the run's clock).
red :: RED(5, 30, 0.1, STABILITY 6, ECN true);
q :: Queue(100);
FromDevice(eth0) -> CheckIPHeader(14) -> m :: Meter(50000);
m[0] -> slow :: Counter -> p :: IPClassifier(tcp, -);
m[1] -> fast :: Counter -> p;
p[0] -> SetIPECN(ECT(0)) -> tcp :: Counter -> red;
p[1] -> other :: Counter -> red;
red -> SetIPDSCP(10) -> cl :: Classifier(15/2b, -);
cl[0] -> ce :: Counter -> q;
cl[1] -> notce :: Counter -> q;
q -> BandwidthShaper(10Mbps) -> ToDevice(eth0);
