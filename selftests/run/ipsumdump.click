// %args SUM=$sum IPOUT=$ip
// %tcpdump ip
// %text sum
// %stderr
// FromIPSummaryDump -> ... -> ToIPSummaryDump on Click's text format
// (issue 16).  The input (ipsumdump.in, hand-written) has TCP, UDP, ICMP
// and GRE lines, a count of 3 (MULTIPACKET: three packets), a line without
// a timestamp (keeps the previous one), three bad lines (VERBOSE says why
// each is skipped) and a second !data line with Click's short field names.
// The packets are built with checksums (CheckIPHeader passes them, tcpdump
// checks the TCP and UDP ones), their TTL decremented, then summarized and
// written as raw IP.
src :: FromIPSummaryDump(selftests/run/ipsumdump.in, CHECKSUM true,
		MULTIPACKET true, VERBOSE true)
	-> CheckIPHeader -> DecIPTTL -> t :: Tee;
t[0] -> sum :: ToIPSummaryDump($SUM, BANNER "kclick golden",
	CONTENTS timestamp ip_src ip_dst sport dport ip_proto payload_len
		ip_len ip_id ip_ttl ip_tos tcp_flags tcp_seq tcp_ack count);
t[1] -> Queue -> ToDump($IPOUT, ENCAP IP);
