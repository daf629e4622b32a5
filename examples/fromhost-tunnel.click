// A host's own traffic to a subnet through a graph and back, in the style
// of Click's conf/fromhost-tunnel.click.  The graph creates fake0 with
// the address TUN (kclick install adds it), so the host routes TUN's
// network (10.77.0.0/16) into fake0 and the graph:
//  - answers the host's ARP queries on fake0 (ARPResponder -> ToHost,
//    which hands the reply back on fake0, where the query came from);
//  - sends the host's IP packets to the gateway GW out of DEV, with the
//    host's real address ME as their source (StoreIPAddress, checksums
//    fixed), finding GW's Ethernet address with ARPQuerier;
//  - gives answers from TUN's network back to the host on fake0, with the
//    destination changed back to TUN's address;
//  - hands everything else DEV receives to the host unchanged, so the
//    host's own traffic on DEV keeps working.
//
//   kclick install tun examples/fromhost-tunnel.click DEV=eth1 ME=192.0.2.1 GW=192.0.2.254
//   ping 10.77.0.9; kclick read tun/out.count; kclick read tun/back.count
define($DEV eth1, $ME 192.0.2.1, $GW 192.0.2.254);

AddressInfo(
	TUN 10.77.0.1/16,		// fake0's address and the tunnelled subnet
	TUN_ETH 02:00:00:77:00:01,	// fake0's Ethernet address
	PEER_ETH 02:00:00:77:00:fe	// what the graph answers for the subnet
);

elementclass FixChecksums {
	// IP header checksum, and the TCP/UDP ones that cover the addresses
	input -> SetIPChecksum
		-> ipc :: IPClassifier(tcp, udp, -)
		-> SetTCPChecksum
		-> output;
	ipc[1] -> SetUDPChecksum -> output;
	ipc[2] -> output
}

// Declared first on purpose: FromHost creates fake0 before any other
// element of the graph is initialized, so ToHost(fake0) finds it.
to_fake :: ToHost(fake0);
host :: ToHost;

fh :: FromHost(fake0, TUN, ETHER TUN_ETH)
	-> fh_cl :: Classifier(12/0806, 12/0800, -);
fh_cl[0] -> ARPResponder(0/0 PEER_ETH) -> host;
fh_cl[1] -> out :: Counter
	-> Strip(14)
	-> MarkIPHeader(0)
	-> StoreIPAddress($ME, 12)
	-> FixChecksums
	-> SetIPAddress($GW)
	-> aq :: ARPQuerier($ME, $DEV)
	-> Queue
	-> ToDevice($DEV);
fh_cl[2] -> Discard;

fd :: FromDevice($DEV)
	-> fd_cl :: Classifier(12/0806 20/0002, 12/0800, -);
fd_cl[0] -> t :: Tee -> [1]aq;
t[1] -> host;
fd_cl[2] -> host;
fd_cl[1] -> CheckIPHeader(14)
	-> ipc :: IPClassifier(src net TUN and dst host $ME, -);
ipc[0] -> back :: Counter
	-> Strip(14)
	-> StoreIPAddress(TUN, 16)
	-> FixChecksums
	-> EtherEncap(0x0800, PEER_ETH, TUN_ETH)
	-> to_fake;
ipc[1] -> host;
