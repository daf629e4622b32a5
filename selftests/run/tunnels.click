// %pcap in 3000 --flows 30
// %args --dev eth0=$IN:$OUT
// %same-packets
// GRE and VXLAN there and back: every frame goes into GRE as an Ethernet
// frame (teb, as Linux's gretap, with key, sequence numbers and
// checksum) in IP, that into an outer Ethernet frame and VXLAN in UDP/IP;
// then each layer is checked and taken off again.  What comes out must
// be what went in, byte for byte and in order, with nothing dropped.
FromDevice(eth0)
  -> ge :: GREEncap(teb, KEY 7, SEQUENCE true, CHECKSUM true)
  -> IPEncap(gre, 10.200.0.1, 10.200.0.2)
  -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
  -> ve :: VXLANEncap(4096)
  -> UDPIPEncap(192.0.2.1, 40000, 192.0.2.2, 4789)
  -> CheckIPHeader -> cu :: CheckUDPHeader -> StripIPHeader -> Strip(8)
  -> vd :: VXLANDecap(4096)
  -> CheckIPHeader(14) -> StripIPHeader
  -> gd :: GREDecap(teb, KEY 7, SEQUENCE true, CHECKSUM true)
  -> Queue(10000) -> ToDevice(eth0);
vd[1] -> Discard;
gd[1] -> Discard;
