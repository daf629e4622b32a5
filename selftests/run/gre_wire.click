// %pcap in 6 --flows 2
// %args --dev eth0=$IN:$OUT
// %tcpdump-out
// What GREEncap puts on the wire, as tcpdump -vv reads it: IP packets in
// GRE (RFC 2784) with RFC 2890's key and sequence numbers and the GRE
// checksum, in IP protocol 47 (IPEncap), as Linux's
// `ip link add NAME type gre key 42 seq csum` sends them.  tcpdump checks
// the outer and inner IP header checksums and the inner TCP/UDP ones.
FromDevice(eth0) -> Strip(14) -> CheckIPHeader
  -> ge :: GREEncap(ip, KEY 42, SEQUENCE true, CHECKSUM true)
  -> ie :: IPEncap(gre, 198.51.100.1, 198.51.100.2, TTL 64)
  -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
  -> Queue(100) -> ToDevice(eth0);
