// %pcap in 1
// %args --dev eth0=$IN:$OUT
// %stderr
// %tcpdump-out
// ICMPPingSource (issue 15) pings 10.0.0.2 five times, 0.25 s apart; the
// requests leave through eth0 (tcpdump checks both checksums) and a copy
// of each is stamped (SetTimestamp), held 20 ms by DelayShaper and
// answered by ICMPPingResponder.  The reply to ping 3 is lost, the one to
// ping 2 arrives twice.  The summary: 5 sent, 4 received, 1 duplicate, 20%
// loss, every round trip 20 ms; with VERBOSE, a line per reply.
FromDevice(eth0) -> Discard;
ping :: ICMPPingSource(10.0.0.1, 10.0.0.2, INTERVAL 0.25, LIMIT 5, IDENTIFIER 77, DATA hello)
	-> t :: Tee
	-> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
	-> Queue(10) -> ToDevice(eth0);
t[1] -> SetTimestamp -> Queue(10) -> DelayShaper(20ms) -> Unqueue
	-> ICMPPingResponder -> cl :: Classifier(26/0003, 26/0002, -);
cl[0] -> Discard;
cl[1] -> dup :: Tee(2);
dup[0] -> ping;
dup[1] -> ping;
cl[2] -> ping;
