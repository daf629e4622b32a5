// A two-interface IP router in the style of Click's classic IP router
// configuration (conf/ip-router.click in Click's distribution), for the
// a - mid - b topology of selftests/kernel/router.sh:
//
//   interface ma: 10.7.1.1/24, 02:00:0a:07:01:01   hosts 10.7.1.0/24
//   interface mb: 10.7.2.1/24, 02:00:0a:07:02:01   hosts 10.7.2.0/24
//
// The devices must carry these Ethernet addresses (ip link set dev ma
// address 02:00:0a:07:01:01) so that frames sent to the router reach it.
// The router answers ARP and ping for its own addresses, resolves next
// hops with ARP, decrements TTLs and sends ICMP time exceeded, host
// unreachable (no route), fragmentation needed (DF packets over the MTU)
// and parameter problem (bad IP options); forwarded packets longer than
// the MTU without DF are fragmented.  Routes and ARP entries are handlers:
//   kclick read router/arpq0.table
//   kclick write router/rt.add "10.9.0.0/16 10.7.2.2 2"

// Shared IP input path and routing table.
ip :: Strip(14)
	-> CheckIPHeader(BADSRC 10.7.1.255 10.7.2.255)
	-> GetIPAddress(16)
	-> rt :: RadixIPLookup(
		10.7.1.1/32 0,		// the router itself
		10.7.2.1/32 0,
		10.7.1.255/32 0,	// subnet broadcasts: not forwarded
		10.7.2.255/32 0,
		10.7.1.0/24 1,		// directly connected
		10.7.2.0/24 2,
		0.0.0.0/0 3);		// no route: host unreachable

// ARP replies go to both ARP queriers.
arpt :: Tee(2);

// Input and output paths for ma.
c0 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
FromDevice(ma) -> c0;
out0 :: Queue(200) -> td0 :: ToDevice(ma);
c0[0] -> ar0 :: ARPResponder(10.7.1.1 02:00:0a:07:01:01) -> out0;
arpq0 :: ARPQuerier(10.7.1.1, 02:00:0a:07:01:01) -> out0;
c0[1] -> arpt;
arpt[0] -> [1]arpq0;
c0[2] -> Paint(1) -> ip;
c0[3] -> Discard;

// Input and output paths for mb.
c1 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
FromDevice(mb) -> c1;
out1 :: Queue(200) -> td1 :: ToDevice(mb);
c1[0] -> ar1 :: ARPResponder(10.7.2.1 02:00:0a:07:02:01) -> out1;
arpq1 :: ARPQuerier(10.7.2.1, 02:00:0a:07:02:01) -> out1;
c1[1] -> arpt;
arpt[1] -> [1]arpq1;
c1[2] -> Paint(2) -> ip;
c1[3] -> Discard;

// Local delivery: the router answers pings to its addresses and drops
// the rest of what is sent to it.
rt[0] -> ping :: ICMPPingResponder -> rt;
ping[1] -> local :: Counter -> Discard;

// Forwarding path for ma.
rt[1] -> gio0 :: IPGWOptions(10.7.1.1)
	-> FixIPSrc(10.7.1.1)
	-> dt0 :: DecIPTTL
	-> fr0 :: IPFragmenter(1500)
	-> [0]arpq0;
dt0[1] -> ICMPError(10.7.1.1, timeexceeded) -> rt;
fr0[1] -> nf0 :: ICMPError(10.7.1.1, unreachable, needfrag) -> rt;
gio0[1] -> ICMPError(10.7.1.1, parameterproblem) -> rt;

// Forwarding path for mb.
rt[2] -> gio1 :: IPGWOptions(10.7.2.1)
	-> FixIPSrc(10.7.2.1)
	-> dt1 :: DecIPTTL
	-> fr1 :: IPFragmenter(1500)
	-> [0]arpq1;
dt1[1] -> ICMPError(10.7.2.1, timeexceeded) -> rt;
fr1[1] -> nf1 :: ICMPError(10.7.2.1, unreachable, needfrag) -> rt;
gio1[1] -> ICMPError(10.7.2.1, parameterproblem) -> rt;

// No route: "host unreachable" back to the sender, from the address of
// the interface the error leaves by (FixIPSrc on its path).
rt[3] -> ICMPError(10.7.1.1, unreachable, host) -> rt;
