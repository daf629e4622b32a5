// %pcap in 6 --seed 1
// %args --dev in=$IN --dev out=:$OUT
// %tcpdump-out
// FrontDropQueue(3) drained at one packet a second: the first frame
// leaves at once; of the five that follow (10 us apart) the queue keeps
// the newest three, dropping the oldest two from its head (seq 1 and 2,
// pushed out of output 1 and counted by dc, and in q.drops).  Out go
// seq 0, 3, 4, 5, one a second.  NotifierQueue in front changes nothing.
FromDevice(in) -> nq :: NotifierQueue(10) -> Unqueue -> q :: FrontDropQueue(3)
	-> u :: RatedUnqueue(1) -> c :: Counter -> Queue -> ToDevice(out);
q[1] -> dc :: Counter -> Discard;
