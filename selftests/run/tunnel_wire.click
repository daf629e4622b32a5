// %pcap in 12 --flows 4
// %args --dev eth0=$IN:$OUT
// %tcpdump-out
// What UDPIPEncap and IPEncap put on the wire, as tcpdump -vv reads it
// (it verifies the IP header and UDP checksums independently): UDP to
// port 5555 with checksum, then IP in IP with DF, TTL 64 and DSCP 46.
FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> c :: Counter
  -> ue :: UDPIPEncap(192.0.2.1, 5555, 192.0.2.2, 5555)
  -> ie :: IPEncap(4, 198.51.100.1, 198.51.100.2, DF true, TTL 64, DSCP 46)
  -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
  -> Queue(100) -> ToDevice(eth0);
