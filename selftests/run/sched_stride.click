// %pcap in 400 --seed 2
// %args --dev in=$IN
// %stderr
// StrideSched(3, 1, 0): TCP on input 0 (3 tickets), UDP and ICMP on
// input 1 (1 ticket), an empty queue with no tickets on input 2.  The
// 400 packets (4 ms) fill both queues while the RatedUnqueue(1000)
// behind the scheduler is inactive; the Script starts it at 10 ms, and
// reads the counts each 10 ms: the 20-packet bucket at once, then one
// packet a millisecond, three from input 0 for each from input 1
// (23:7, 30:10, 38:12, 45:15).  Then input 1 gets 3 tickets too; its
// pass, a stride ahead from its old stride, is kept (as in Click), so
// it catches up before they take turns: 6:4 in the next 10 ms (51:19).
// In the end both queues are drained (c0 + c1 = 400).
FromDevice(in) -> c :: Classifier(23/06, -);
c[0] -> Paint(0) -> q0 :: Queue(1000) -> [0] ss :: StrideSched(3, 1, 0);
c[1] -> Paint(1) -> q1 :: Queue(1000) -> [1] ss;
Idle -> q2 :: Queue -> [2] ss;
ss -> ru :: RatedUnqueue(1000, ACTIVE false) -> ps :: PaintSwitch;
ps[0] -> c0 :: Counter -> Discard;
ps[1] -> c1 :: Counter -> Discard;
Script(wait 10ms, write ru.active true,
	wait 10ms, read c0.count, read c1.count,
	wait 10ms, read c0.count, read c1.count,
	wait 10ms, read c0.count, read c1.count,
	wait 10ms, read c0.count, read c1.count,
	write ss.tickets 1 3,
	wait 10ms, read c0.count, read c1.count);
