// %pcap in 6 --seed 1
// %args --dev in=$IN --dev out=:$OUT
// %tcpdump-out
// DelayUnqueue(3ms): the same six frames, 10 us apart, each leave 3 ms
// after they arrived (their timestamp annotation, from the pcap), in
// order: 0.003000 to 0.003050.
FromDevice(in) -> q :: Queue(100) -> du :: DelayUnqueue(3ms)
	-> c :: Counter -> Queue -> ToDevice(out);
