// %pcap in 6 --seed 1
// %args --dev in=$IN --dev out=:$OUT
// %tcpdump-out
// LinkUnqueue(5ms, 100kbps): six frames of 60, 142, 554, 60, 554 and 142
// bytes arrive 10 us apart at 0.000000 to 0.000050.  At 12,500 B/s a
// frame takes 80 us a byte: 4.8, 11.36, 44.32, 4.8, 44.32 and 11.36 ms
// on the link, each starting when the one before is all on, and
// arriving 5 ms after that: 9.80, 21.16, 65.48, 70.28, 114.60 and
// 125.96 ms (the output's timestamps).  The link held at most those in
// transit (lu.size 0 in the end).
FromDevice(in) -> q :: Queue(100) -> lu :: LinkUnqueue(5ms, 100kbps)
	-> c :: Counter -> Queue -> ToDevice(out);
