// %pcap in 2000 --seed 3
// %args --dev in=$IN
// The graph of the "task that never idles" report: a ToDevice declared
// before `Queue -> BandwidthShaper -> [0] PrioSched`, the rest of the
// traffic on PrioSched's input 1.  TCP (60% of 2,000 packets, 10 us
// apart, 20 ms in all) goes through a 1 Mbit/s shaper; the others are
// not shaped and leave as fast as they come, behind the shaped class
// only when it has a packet due.  The shaper's queue of 100 overflows
// (q0.drops), and what it passes in 20 ms plus the drain afterwards
// (the run's 10 s of trace time) is bs.count.  Before the fix the run
// never finished: the shaper's task and the ToDevice woke each other
// without end while the shaper waited.
td :: ToDevice(out);
FromDevice(in) -> c :: Classifier(23/06, -);
c[0] -> q0 :: Queue(100) -> bs :: BandwidthShaper(1Mbps) -> [0] ps :: PrioSched;
c[1] -> q1 :: Queue(100) -> [1] ps;
ps -> cnt :: Counter -> td;
