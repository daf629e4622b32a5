// Active queue management: RED with ECN in front of a 10 Mbit/s
// bottleneck from host a (behind ma) to host b (behind mb).  RED keeps
// the queue's average between 5 and 30 packets: ECN-capable packets (a
// TCP stream with ECN on) get CE instead of being dropped, others are
// dropped early rather than at the tail.  The way back is not shaped.
// ARP goes first through the bottleneck, past the shaped queue.
//
//   kclick install aqm examples/aqm.click
//   kclick read aqm/red.stats; kclick read aqm/offered.rate
FromDevice(ma) -> offered :: AverageCounter -> ca :: CheckIPHeader(14);
ca[0] -> red :: RED(5, 30, 0.1, STABILITY 6, ECN true)
	-> q :: Queue(100)
	-> shaper :: BandwidthShaper(10Mbps)
	-> [1] sched :: PrioSched
	-> sent :: AverageCounter
	-> ToDevice(mb);
ca[1] -> arp_ab :: Queue(16) -> [0] sched;

FromDevice(mb) -> back :: Queue(200) -> ToDevice(ma);
