// A NAPT gateway in the style of Click's conf/thomer-nat.click and
// conf/mazu-nat.click: hosts on a private subnet reach the outside world
// through the gateway's one public address.  For the topology of
// selftests/kernel/nat.sh:
//
//   inside  ni: 10.8.1.1/24,    02:00:0a:08:01:01   private hosts 10.8.1.0/24
//   outside no: 203.0.113.1/24, 02:00:cb:00:71:01   the public address;
//                                                  next hop 203.0.113.2
//
// The devices must carry these Ethernet addresses (ip link set dev ni
// address 02:00:0a:08:01:01).  The gateway answers ARP and ping for its
// own addresses and resolves its neighbours with ARP.
//
// - TCP and UDP from inside leave from 203.0.113.1 with a source port
//   from 1024-65535 (the host's own port when it is free); the answers
//   are rewritten back (rw).
// - Pings from inside leave from 203.0.113.1 with a fresh ICMP
//   identifier; echo replies are rewritten back (pr).
// - ICMP errors about a mapped flow (time exceeded, unreachable...) are
//   rewritten back to the inside host, the quoted header included
//   (ierw): traceroute works through the gateway.
// - The gateway decrements TTLs on the way out (ping -t 1 gets "time
//   exceeded" from 10.8.1.1) and on the way in.
// - Anything from outside that belongs to no mapping is dropped and
//   counted (unsolicited.count).
//
// Handlers: kclick read nat/rw.table, nat/rw.size, nat/rw.mapping_failures,
// nat/pr.table, nat/unsolicited.count.

IPRewriterPatterns(to_world 203.0.113.1 1024-65535 - -);

rw :: IPRewriter(pattern to_world 0 1,	// inside -> outside
		 pass 2,		// outside, no mapping: output 2
		 TCP_TIMEOUT 7200,
		 TCP_DONE_TIMEOUT 30,
		 UDP_TIMEOUT 60,
		 MAPPING_CAPACITY 65536);
pr :: ICMPPingRewriter(pattern to_world 0 1,	// echo requests from inside
		       drop,			// echo replies, no mapping
		       TIMEOUT 60);
ierw :: ICMPRewriter(rw pr);

// Devices and ARP.
c_in :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
c_out :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
FromDevice(ni) -> c_in;
FromDevice(no) -> c_out;
out_in :: Queue(1024) -> ToDevice(ni);
out_out :: Queue(1024) -> ToDevice(no);
arpq_in :: ARPQuerier(10.8.1.1, 02:00:0a:08:01:01) -> out_in;
arpq_out :: ARPQuerier(203.0.113.1, 02:00:cb:00:71:01) -> out_out;
c_in[0] -> ARPResponder(10.8.1.1 02:00:0a:08:01:01) -> out_in;
c_out[0] -> ARPResponder(203.0.113.1 02:00:cb:00:71:01) -> out_out;
c_in[1] -> [1]arpq_in;
c_out[1] -> [1]arpq_out;
c_in[3] -> Discard;
c_out[3] -> Discard;

// Routes: the private subnet inside, everything else through the
// outside next hop.
to_in :: GetIPAddress(16)
	-> RadixIPLookup(10.8.1.0/24 0)
	-> [0]arpq_in;
to_out :: GetIPAddress(16)
	-> RadixIPLookup(203.0.113.0/24 0, 0.0.0.0/0 203.0.113.2 0)
	-> [0]arpq_out;

// The gateway's own addresses answer pings and nothing else.
self :: IPClassifier(icmp type echo, -);
self[0] -> ICMPPingResponder -> GetIPAddress(16) -> self_sw :: IPClassifier(
	dst net 10.8.1.0/24, -);
self_sw[0] -> to_in;
self_sw[1] -> to_out;
self[1] -> to_self :: Counter -> Discard;

// From inside.
c_in[2] -> Strip(14)
	-> CheckIPHeader(BADSRC 10.8.1.255)
	-> from_in :: IPClassifier(dst host 10.8.1.1 or dst host 203.0.113.1,
				   src net 10.8.1.0/24,
				   -);
from_in[0] -> self;
from_in[1] -> dt_in :: DecIPTTL
	-> proto_in :: IPClassifier(tcp or udp, icmp type echo, -);
from_in[2] -> bad_src :: Counter -> Discard;
dt_in[1] -> ICMPError(10.8.1.1, timeexceeded) -> to_in;
proto_in[0] -> [0]rw;
proto_in[1] -> [0]pr;
proto_in[2] -> not_mapped :: Counter -> Discard;

// From outside: only what is addressed to the public address.
c_out[2] -> Strip(14)
	-> CheckIPHeader
	-> from_out :: IPClassifier(dst host 203.0.113.1 and (tcp or udp),
				    dst host 203.0.113.1 and icmp type echo-reply,
				    dst host 203.0.113.1 and icmp type echo,
				    dst host 203.0.113.1 and icmp,
				    -);
from_out[0] -> [1]rw;
from_out[1] -> [1]pr;
from_out[2] -> self;
from_out[3] -> ierw;
from_out[4] -> not_ours :: Counter -> Discard;

// Out of the rewriters.
rw[0] -> to_out;
pr[0] -> to_out;
rw[1] -> dt_rw :: DecIPTTL -> to_in;
pr[1] -> dt_pr :: DecIPTTL -> to_in;
ierw[0] -> to_in;
rw[2] -> unsolicited :: Counter -> Discard;
ierw[1] -> unsolicited;
dt_rw[1] -> Discard;
dt_pr[1] -> Discard;
