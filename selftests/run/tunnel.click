// %pcap in 3000 --flows 30
// %args --dev eth0=$IN:$OUT
// %same-packets
// Issue 15's checksum and tunnel elements: each packet's transport header
// is checked by its Check*Header and its checksum recomputed by
// Set*Checksum (genpcap.py sums them independently, so a wrong sum shows
// as a changed packet), then it goes into UDP (UDPIPEncap, with checksum)
// and IP in IP (IPEncap), is checked and unwrapped again; what comes out
// must be what went in, byte for byte and in order.
FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> cl :: IPClassifier(tcp, udp, icmp);
cl[0] -> ct :: CheckTCPHeader -> st :: SetTCPChecksum -> j :: SetIPChecksum;
cl[1] -> cu :: CheckUDPHeader -> su :: SetUDPChecksum -> j;
cl[2] -> ci :: CheckICMPHeader -> j;
j -> ue :: UDPIPEncap(192.0.2.1, 4789, 192.0.2.2, 4789)
  -> ie :: IPEncap(ipip, 198.51.100.1, 198.51.100.2, DF true)
  -> outer :: CheckIPHeader -> s1 :: StripIPHeader
  -> udp :: CheckIPHeader -> tu :: CheckUDPHeader -> s2 :: StripIPHeader
  -> Strip(8) -> inner :: CheckIPHeader
  -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
  -> Queue(10000) -> ToDevice(eth0);
