// %pcap in 200 --seed 4
// %args --pcap $IN
// %stderr
// DriverManager (issue 16) decides when kclick run ends.  Packets wait in
// q behind a PullSwitch set to no input.  At 1 ms a Script asks the
// driver to stop: a stop event, which steps the DriverManager past its
// first pause.  The inputs running dry (200 packets, 1,990 us) is the
// second event; the DriverManager then opens the switch, waits 10 ms of
// virtual time while Unqueue drains q, prints and stops the run.
FromDevice(eth0) -> c :: Counter -> q :: Queue(1000)
	-> ps :: PullSwitch(-1) -> u :: Unqueue -> out :: Counter -> Discard;
Script(wait 1ms, print "asking to stop at $(c.count) packets", stop);
dm :: DriverManager(pause,
	print "first stop event: $(c.count) packets",
	pause,
	print "inputs done: $(c.count) counted, $(q.length) queued, $(out.count) out",
	write ps.switch 0,
	wait 10ms,
	print "after 10 ms: $(out.count) out, $(q.length) queued",
	stop,
	print "never printed");
