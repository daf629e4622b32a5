// %pcap in 0 --scenario nat-in
// %args --pcap $IN --out $OUT
// %stderr
// %tcpdump-out
// Small utility elements on Click's meaning (issue 16).  The input: two
// unicast ARP replies, one broadcast ARP request, then UDP, TCP and ICMP.
// ARPPrint prints the three ARP packets tcpdump style; DropBroadcasts lets
// the two unicast ones through.  StaticIPLookup sends 10.8.1.0/24 to
// output 0 and the rest to 1; those are mirrored (addresses and ports
// swapped, TCP's seq and ack swapped), their source set to 10.9.9.9 with
// the checksums updated (tcpdump checks them), PaintTee copies the packets
// painted 0 (all of them) to a counter.  Align counts and passes.
FromDevice(eth0) -> c :: Classifier(12/0806, 12/0800);
c[0] -> ap :: ARPPrint(arp, ETHER true) -> db :: DropBroadcasts
	-> unicast :: Counter -> Discard;
c[1] -> Strip(14) -> CheckIPHeader -> al :: Align(4, 0)
	-> rt :: StaticIPLookup(10.8.1.0/24 0, 0.0.0.0/0 1);
rt[0] -> local :: Counter -> Discard;
rt[1] -> IPMirror -> StoreIPAddress(10.9.9.9, src)
	-> pt :: PaintTee(0) -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02)
	-> Queue -> ToDevice(eth0);
pt[1] -> copies :: Counter -> Discard;
AlignmentInfo(al 4 2);
ScheduleInfo(ToDevice@14 2);
