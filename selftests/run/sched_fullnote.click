// %stderr
// Full notification: two InfiniteSources of 5,000 packets, BURST 4,
// each into a queue of 10 drained at 1,000 packets a second.  The one
// into a FullNoteQueue listens (as Click's does): it stops while the
// queue is full and the queue's pulls wake it, so all 5,000 arrive, one
// a millisecond (5 s of the run's clock), none dropped.  The one into a
// Queue (no full notification in kclick) keeps sending and the queue
// drops all it cannot hold: 10 + the first pull's one.  The Script reads
// the listener's progress at 1 s: about 1,000 sent and delivered, the
// queue full.
src :: InfiniteSource(LIMIT 5000, BURST 4) -> q :: FullNoteQueue(10)
	-> ru :: RatedUnqueue(1000, BURST_SIZE 1) -> c :: Counter -> Discard;
src2 :: InfiniteSource(LIMIT 5000, BURST 4) -> q2 :: Queue(10)
	-> ru2 :: RatedUnqueue(1000, BURST_SIZE 1) -> c2 :: Counter -> Discard;
Script(wait 1s, read src.count, read c.count, read q.length);
