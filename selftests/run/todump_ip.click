// %pcap in 0 --scenario nat-in
// %args IN=$IN IPOUT=$ip
// %tcpdump ip
// %stderr
// ToDump pulled (Queue -> ToDump, Click's agnostic input) writing raw IP
// (ENCAP IP, link type RAW); FromDump FORCE_IP drops the three ARP frames
// of the input and annotates the IP header of the seven IP packets, which
// IPPrint (reading the annotation, not the Ethernet frame) shows.
FromDump($IN, FORCE_IP true) -> IPPrint(ip, TTL true) -> Strip(14)
	-> q :: Queue(4) -> t :: ToDump($IPOUT, ENCAP IP, BURST 2);
