// %pcap in 1
// %args --dev eth0=$IN:$OUT
// %tcpdump-out
// InfiniteSource as a traffic generator: LIMIT 5 in bursts of 2 stops at
// exactly 5 packets, each "hello\<0a>" wrapped by UDPIPEncap (tcpdump
// verifies the checksums) and sent.  The one input packet is discarded.
FromDevice(eth0) -> Discard;
s :: InfiniteSource(hello\<0a>, LIMIT 5, BURST 2) -> c :: Counter
  -> UDPIPEncap(10.0.0.1, 5555, 10.0.0.2, 5556)
  -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
  -> Queue(100) -> ToDevice(eth0);
