// %pcap in 1
// %args --dev eth0=$IN:$OUT
// %stderr
// Issue 15's timed elements on the virtual clock, which the one input
// packet starts (FromDevice discards it).  TimedSource sends 30 packets
// 0.1 s apart, the first 0.1 s in; RatedSplitter(5, BURST_SIZE 1) lets 5
// a second, one in two, out of output 0 into a queue, and the rest out of
// output 1.  TimedSink pulls one packet each 0.3 s through a PullTee,
// whose copies are stamped by SetTimestamp and printed with their time:
// 0.3 s apart, 15 in all, the queue never above 6.
FromDevice(eth0) -> Discard;
src :: TimedSource(0.1, \<0800 abcd>, LIMIT 30) -> rs :: RatedSplitter(5, BURST_SIZE 1);
rs[0] -> a :: Counter -> q :: Queue(50) -> pt :: PullTee -> sink :: TimedSink(0.3);
rs[1] -> b :: Counter -> Discard;
pt[1] -> SetTimestamp -> Print(copy, TIMESTAMP true) -> Discard;
