// kclick as a tunnel endpoint, with a Linux host's own gre and vxlan
// devices at the other end.  For the topology of selftests/kernel/tunnel.sh:
//
//   host a                                kclick (mid)               hosts b, c
//   gra  10.8.0.1   gre key 42 seq csum   ma  10.7.0.2   mb  10.9.0.1 --- vb 10.9.0.2 (b)
//   vxa  10.10.0.1  vxlan id 42 :4789        (underlay)  mc  (bridge)  --- vc 10.10.0.2 (c)
//   va   10.7.0.1 ----------------------- ma
//
// GRE (RFC 2784/2890) carries IP between a's gre device gra and b's
// network, routed: what arrives on ma in GRE with key 42 is checked
// (version, flags, checksum, key, sequence numbers in order) and the
// inner IP packet goes to b on mb; what b sends (to 10.8.0.0/24, through
// its gateway 10.9.0.1, which this graph answers ARP for) goes to a in
// GRE with key 42, sequence numbers and checksum, in IP protocol 47.
// a's side is
//   ip link add gra type gre local 10.7.0.1 remote 10.7.0.2 key 42 seq csum
//
// VXLAN (RFC 7348) bridges a's vxlan device vxa and c's segment, behind
// mc: whole Ethernet frames in UDP to port 4789 with VNI 42.  a's side is
//   ip link add vxa type vxlan id 42 local 10.7.0.1 remote 10.7.0.2 dstport 4789
//
// The graph answers ARP for the underlay address 10.7.0.2 on ma and sends
// a's tunnels' packets to a's MAC address, $A_MAC (no ARP queries: set it
// on the command line, kclick install tun examples/tunnel.click
// A_MAC=...); likewise $B_MAC for b.
//
// MTU: nothing here fragments.  The GRE header is 16 bytes (4 + checksum
// + key + sequence) and the outer IP header 20, so b's link must have
// MTU 1464 (what Linux gives gra on a 1500-byte link), or else b's
// largest packets, 1536 bytes in the tunnel, do not fit on ma and
// ToDevice drops them.  VXLAN adds 50 bytes (outer IP, UDP, VXLAN, inner
// Ethernet): c's segment has MTU 1450, as Linux gives vxa.  (An
// IPFragmenter(1464) with ICMPError for its DF output before GREEncap
// would do path MTU discovery for b instead.)
//
// GSO: the encapsulating elements refuse GSO packets (dropped, counted in
// gso_drops) and the decapsulators send them to output 1: turn TSO/GSO
// off on the hosts that send into the tunnels and GRO off on the devices
// the graph receives on, or each super-packet is lost.
//
// Counters: kclick read tun/gd.drop_details, tun/vd.drop_details,
// tun/ge.seq, tun/ge.drops, tun/ve.gso_drops.

define($A_MAC 02:00:0a:07:00:01,	// a's va
       $B_MAC 02:00:0a:09:00:02);	// b's vb

AddressInfo(me_ul 10.7.0.2 02:00:0a:07:00:02,	// on ma (underlay)
	    me_b 10.9.0.1 02:00:0a:09:00:01,	// on mb, b's gateway
	    peer_ul 10.7.0.1);			// a's tunnel endpoint

out_ma :: Queue(1024) -> ToDevice(ma);
out_mb :: Queue(1024) -> ToDevice(mb);
out_mc :: Queue(1024) -> ToDevice(mc);

// The underlay: ARP, GRE and VXLAN for us.
c_ma :: Classifier(12/0806 20/0001, 12/0800, -);
FromDevice(ma) -> c_ma;
c_ma[0] -> ARPResponder(me_ul) -> out_ma;
c_ma[1] -> CheckIPHeader(14)
	-> ul :: IPClassifier(dst host me_ul and src host peer_ul and ip proto gre,
			      dst host me_ul and src host peer_ul and udp dst port 4789,
			      -);
c_ma[2] -> Discard;
ul[2] -> Discard;

// GRE in: the inner IP packet, to b.
ul[0] -> StripIPHeader
	-> gd :: GREDecap(ip, KEY 42, SEQUENCE true, CHECKSUM true)
	-> CheckIPHeader
	-> EtherEncap(0x0800, me_b, $B_MAC) -> out_mb;
gd[1] -> Discard;

// VXLAN in: the inner Ethernet frame, onto c's segment.
ul[1] -> CheckUDPHeader -> StripIPHeader -> Strip(8)
	-> vd :: VXLANDecap(42) -> out_mc;
vd[1] -> Discard;

// b's side: its gateway's ARP, and its packets for a's tunnel network.
c_mb :: Classifier(12/0806 20/0001, 12/0800, -);
FromDevice(mb) -> c_mb;
c_mb[0] -> ARPResponder(me_b) -> out_mb;
c_mb[1] -> Strip(14) -> CheckIPHeader
	-> to_a :: IPClassifier(dst net 10.8.0.0/24, -)
	-> ge :: GREEncap(ip, KEY 42, SEQUENCE true, CHECKSUM true)
	-> IPEncap(gre, me_ul, peer_ul)
	-> EtherEncap(0x0800, me_ul, $A_MAC) -> out_ma;
c_mb[2] -> Discard;
to_a[1] -> Discard;

// c's segment: every frame, bridged into VXLAN.
FromDevice(mc) -> ve :: VXLANEncap(42)
	-> UDPIPEncap(me_ul, 4789, peer_ul, 4789)
	-> EtherEncap(0x0800, me_ul, $A_MAC) -> out_ma;
