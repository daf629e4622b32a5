// %pcap in 6 --flows 2
// %args --dev eth0=$IN:$OUT
// %tcpdump-out
// What VXLANEncap puts on the wire, as tcpdump -vv reads it: whole
// Ethernet frames in VXLAN (RFC 7348) with VNI 42, in UDP to port 4789
// with checksum (UDPIPEncap), as Linux's `ip link add NAME type vxlan id
// 42 dstport 4789` sends them.  tcpdump checks the outer UDP checksum
// and the inner frames' IP and TCP/UDP ones.
FromDevice(eth0)
  -> ve :: VXLANEncap(VNI 42)
  -> ue :: UDPIPEncap(192.0.2.1, 4789, 192.0.2.2, 4789)
  -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
  -> Queue(100) -> ToDevice(eth0);
