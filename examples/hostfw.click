// A host firewall on the host's own NIC (eth0): the graph receives every
// frame before the host does, and hands the host only what the rules allow
// (ToHost); the host's own packets leave as usual, not through the graph.
// Allowed: ARP (the host must answer queries for its address and hear
// replies to its own), ping, SSH (TCP port 22) and the answers to the
// host's own TCP connections to web servers.  Everything else is dropped
// and counted: connections to other ports time out.
//
//   kclick install hostfw examples/hostfw.click
//   kclick read hostfw/denied.count
in :: FromDevice(eth0);
host :: ToHost;
in -> c :: Classifier(12/0806, 12/0800, -);
c[0] -> arp :: Counter -> host;
c[1] -> CheckIPHeader(14)
	-> f :: IPFilter(
		allow icmp type echo,
		allow icmp type echo-reply,
		allow tcp dst port 22,
		allow tcp src port 80 or 443,
		1 all)
	-> allowed :: Counter -> host;
f[1] -> denied :: Counter -> Discard;
c[2] -> other :: Counter -> Discard;
