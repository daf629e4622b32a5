// An L4 load balancer: virtual IPs in front of three backend hosts, in
// the style of Click's RoundRobinIPMapper and SourceIPHashMapper
// configurations.  For the topology of selftests/kernel/lb.sh:
//
//   client side lc:  VIPs 10.9.1.100 and 10.9.1.101,  02:00:0a:09:01:01
//                    clients 10.9.1.0/24
//   backend side ls: 10.9.2.1/24,                     02:00:0a:09:02:01
//                    backends 10.9.2.11, 10.9.2.12, 10.9.2.13, whose
//                    default route is 10.9.2.1
//
// TCP to 10.9.1.100 port 80 goes to the backends in turn (rr); TCP to
// 10.9.1.101 port 80 goes to the backend a consistent hash of the
// client's address picks (sh), so a client always lands on the same one.
// Only the destination is rewritten: backends see the clients' own
// addresses and answer through the balancer, which puts the VIP back as
// the source.  A flow keeps its backend until it ends.
//
// The backend sets change at run time; flows already made keep their
// backend, new ones use the new set ("--" because the values start with
// a dash):
//   kclick write lb/rr.remove -- "- - 10.9.2.12 - 0 1"
//   kclick write lb/rr.add -- "- - 10.9.2.12 - 0 1"
//   kclick write lb/sh.remove -- "- - 10.9.2.12 - 0 1 2"
//   kclick read lb/rr.backends
// and the flows: kclick read lb/lbrw.table.

rr :: RoundRobinIPMapper(- - 10.9.2.11 - 0 1,
			 - - 10.9.2.12 - 0 1,
			 - - 10.9.2.13 - 0 1);
sh :: SourceIPHashMapper(64 12345,
			 - - 10.9.2.11 - 0 1 1,
			 - - 10.9.2.12 - 0 1 2,
			 - - 10.9.2.13 - 0 1 3);
lbrw :: IPRewriter(rr,		// clients to 10.9.1.100
		   sh,		// clients to 10.9.1.101
		   drop,	// backends, no flow: dropped
		   TCP_TIMEOUT 3600,
		   TCP_DONE_TIMEOUT 10,
		   MAPPING_CAPACITY 100000);

// Devices and ARP.
c_cl :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
c_be :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
FromDevice(lc) -> c_cl;
FromDevice(ls) -> c_be;
out_cl :: Queue(1024) -> ToDevice(lc);
out_be :: Queue(1024) -> ToDevice(ls);
arpq_cl :: ARPQuerier(10.9.1.100, 02:00:0a:09:01:01) -> out_cl;
arpq_be :: ARPQuerier(10.9.2.1, 02:00:0a:09:02:01) -> out_be;
c_cl[0] -> ARPResponder(10.9.1.100 10.9.1.101 02:00:0a:09:01:01) -> out_cl;
c_be[0] -> ARPResponder(10.9.2.1 02:00:0a:09:02:01) -> out_be;
c_cl[1] -> [1]arpq_cl;
c_be[1] -> [1]arpq_be;
c_cl[3] -> Discard;
c_be[3] -> Discard;

to_cl :: GetIPAddress(16) -> [0]arpq_cl;
to_be :: GetIPAddress(16) -> [0]arpq_be;

// From clients.
c_cl[2] -> Strip(14)
	-> CheckIPHeader
	-> from_cl :: IPClassifier(dst host 10.9.1.100 and dst tcp port 80,
				   dst host 10.9.1.101 and dst tcp port 80,
				   icmp type echo,
				   -);
from_cl[0] -> [0]lbrw;
from_cl[1] -> [1]lbrw;
from_cl[2] -> ping :: ICMPPingResponder -> to_cl;	// the VIPs answer pings
from_cl[3] -> other_cl :: Counter -> Discard;
ping[1] -> Discard;

// From backends: their answers.
c_be[2] -> Strip(14)
	-> CheckIPHeader
	-> from_be :: IPClassifier(src tcp port 80, -);
from_be[0] -> [2]lbrw;
from_be[1] -> other_be :: Counter -> Discard;

lbrw[0] -> to_be;
lbrw[1] -> to_cl;
