// SPDX-License-Identifier: GPL-2.0
/*
 * Every element, in the userspace harness under ASan and UBSan.
 *
 * Table 1 (configs): for each class a configuration it accepts and one it
 * refuses, with a piece of the message (which names the argument).  A
 * class missing from the table fails the "every class is covered" test, so
 * adding an element means adding a line here.
 *
 * Then each element's behaviour on packets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "harness.h"

static char msg[2048];

struct cfg_case {
	const char *cls;
	const char *good;	/* a graph with the element called x */
	const char *bad;	/* NULL: nothing to refuse (no arguments) */
	const char *bad_msg;
};

static const struct cfg_case cases[] = {
	{ "Counter", "Idle -> x :: Counter(COUNT_CALL 3 p.color 7, BYTE_COUNT_CALL 1000 stop) -> p :: Paint(0) -> Discard;",
	  "Idle -> x :: Counter(COUNT_CALL 3 nowhere.reset) -> Discard;", "COUNT_CALL: no element 'nowhere'" },
	{ "Discard", "Idle -> x :: Discard; Idle -> Queue -> Discard(ACTIVE false, BURST 4);",
	  "Idle -> Queue -> x :: Discard(BURST 0);", "BURST: 0 is not 1 to 1024" },
	{ "FromDevice", NULL, "x :: FromDevice(); x -> Discard;",
	  "missing mandatory DEVNAME" },
	{ "ToDevice", NULL, "Idle -> x :: ToDevice(eth0, BURST 0);", "BURST" },
	{ "Queue", "Idle -> x :: Queue(3) -> Idle;",
	  "Idle -> x :: Queue(CAPACITY -1) -> Idle;", "CAPACITY" },
	{ "Tee", "Idle -> x :: Tee(2); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: Tee(two); x[0] -> Discard;", "N:" },
	{ "Strip", "Idle -> x :: Strip(14) -> Discard;",
	  "Idle -> x :: Strip(LENGTH 99999) -> Discard;", "LENGTH" },
	{ "Unstrip", "Idle -> x :: Unstrip(14) -> Discard;",
	  "Idle -> x :: Unstrip() -> Discard;", "LENGTH" },
	{ "EtherMirror", "Idle -> x :: EtherMirror -> Discard;",
	  "Idle -> x :: EtherMirror(1) -> Discard;", "takes no arguments" },
	{ "Paint", "Idle -> x :: Paint(3, PAINT) -> Discard;",
	  "Idle -> x :: Paint(COLOR 256) -> Discard;", "COLOR" },
	{ "PaintSwitch", "Idle -> x :: PaintSwitch; x[0] -> Discard;",
	  "Idle -> x :: PaintSwitch(AGGREGATE); x[0] -> Discard;", "ANNO" },
	{ "Print", "Idle -> x :: Print(OK, 200, CONTENTS ASCII, TIMESTAMP true, NBYTES 20, ACTIVE false) -> Discard;",
	  "Idle -> x :: Print(hi, 70000) -> Discard;", "MAXLENGTH: 70000" },
	{ "Idle", "x :: Idle -> Discard; Idle -> Queue -> [0] y :: Idle -> Unqueue -> Discard; Idle -> [1] y; y[1] -> Discard;",
	  "x :: Idle(1) -> Discard;",
	  "takes no arguments" },
	{ "CheckIPHeader", "Idle -> x :: CheckIPHeader(14, CHECKSUM false, BADSRC 10.0.0.1 10.0.0.2) -> Discard;",
	  "Idle -> x :: CheckIPHeader(BADSRC 10.0.0.300) -> Discard;", "BADSRC" },
	{ "IPFilter", "Idle -> x :: IPFilter(allow tcp dst port 22, 1 icmp type echo, deny all); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPFilter(allow tcp dst port 99999) -> Discard;", "99999" },
	{ "IPClassifier", "Idle -> x :: IPClassifier(src net 10.0.0.0/8 and udp, -); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPClassifier(src host 10.0.0.1 frob) -> Discard;", "frob" },
	{ "MarkIPHeader", "Idle -> x :: MarkIPHeader(14) -> Discard;",
	  "Idle -> x :: MarkIPHeader(OFFSET 5000) -> Discard;", "OFFSET" },
	{ "DecIPTTL", "Idle -> x :: DecIPTTL; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: DecIPTTL(3) -> Discard;", "takes no arguments" },
	{ "StaticSwitch", "Idle -> x :: StaticSwitch(1); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: StaticSwitch(2) -> Discard;", "K is 2" },
	{ "Switch", "Idle -> x :: Switch; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: Switch(K one) -> Discard;", "K:" },
	{ "CheckLength", "Idle -> x :: CheckLength(60); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: CheckLength -> Discard;", "LENGTH" },
	{ "Truncate", "Idle -> x :: Truncate(60) -> Discard;",
	  "Idle -> x :: Truncate(-1) -> Discard;", "LENGTH" },
	{ "RoundRobinSwitch", "Idle -> x :: RoundRobinSwitch; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: RoundRobinSwitch(2) -> Discard;", "takes no arguments" },
	{ "HashSwitch", "Idle -> x :: HashSwitch(26, 8); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: HashSwitch(26, 17) -> Discard;", "LENGTH" },
	{ "RandomSwitch", "Idle -> x :: RandomSwitch; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: RandomSwitch(1) -> Discard;", "takes no arguments" },
	{ "Unqueue", "Idle -> Queue -> x :: Unqueue(8, ACTIVE false, LIMIT 10) -> Queue -> Unqueue(BURST -1) -> Discard;",
	  "Idle -> Queue -> x :: Unqueue(0) -> Discard;", "BURST" },
	{ "RoundRobinSched", "Idle -> Queue -> [0] x :: RoundRobinSched -> Unqueue -> Discard; Idle -> Queue -> [1] x;",
	  "Idle -> Queue -> x :: RoundRobinSched(1) -> Unqueue -> Discard;", "takes no arguments" },
	{ "PrioSched", "Idle -> Queue -> [0] x :: PrioSched -> Unqueue -> Discard; Idle -> Queue -> [1] x;",
	  "Idle -> Queue -> x :: PrioSched(1) -> Unqueue -> Discard;", "takes no arguments" },
	{ "SimpleQueue", "Idle -> x :: SimpleQueue(3) -> Idle;",
	  "Idle -> x :: SimpleQueue(-1) -> Idle;", "CAPACITY" },
	{ "IPRewriter", "Idle -> x :: IPRewriter(pattern 1.0.0.1 1024-2047 - - 0 1, UDP_TIMEOUT 5); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPRewriter(pattern 1.0.0.1 1024-2047 - - 0 1, MAPPING_CAPACITY 0); x[0] -> Discard; x[1] -> Discard;", "MAPPING_CAPACITY" },
	{ "TCPRewriter", "Idle -> x :: TCPRewriter(keep 0 0, TCP_DONE_TIMEOUT 5) -> Discard;",
	  "Idle -> x :: TCPRewriter(keep 0 0, UDP_TIMEOUT 5) -> Discard;", "UDP_TIMEOUT" },
	{ "UDPRewriter", "Idle -> x :: UDPRewriter(pass 0, TIMEOUT 5) -> Discard;",
	  "Idle -> x :: UDPRewriter(pass 1) -> Discard;", "output 1" },
	{ "IPRewriterPatterns", "x :: IPRewriterPatterns(p 1.0.0.1 1-9 - -);",
	  "x :: IPRewriterPatterns(p 1.0.0.1 1-9 -);", "DPORT missing" },
	{ "CheckIPHeader2", "Idle -> x :: CheckIPHeader2(14) -> Discard;",
	  "Idle -> x :: CheckIPHeader2(BADSRC 1.2.3) -> Discard;", "BADSRC" },
	{ "EtherEncap", "Idle -> x :: EtherEncap(0x0800, 0:1:2:3:4:5, 02:00:00:00:00:01) -> Discard;",
	  "Idle -> x :: EtherEncap(0x10000, 0:1:2:3:4:5, 0:1:2:3:4:6) -> Discard;", "ETHERTYPE" },
	{ "EtherRewrite", "Idle -> x :: EtherRewrite(0:1:2:3:4:5, 0:1:2:3:4:6) -> Discard;",
	  "Idle -> x :: EtherRewrite(0:1:2:3:4:5, 0:1:2:3:4) -> Discard;", "DST" },
	{ "HostEtherFilter", "Idle -> x :: HostEtherFilter(0:1:2:3:4:5, DROP_OWN true); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: HostEtherFilter(0:1:2:3:4:5, OFFSET 5000) -> Discard;", "OFFSET" },
	{ "EtherSwitch", "Idle -> [0] x :: EtherSwitch(TIMEOUT 5min); Idle -> [1] x; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: EtherSwitch(TIMEOUT 0) -> Discard;", "TIMEOUT: '0' is not 1 s to 86400 s" },
	{ "AddressInfo", "x :: AddressInfo(a 10.0.0.1/24 0:1:2:3:4:5, b 10.9.0.0/16);",
	  "x :: AddressInfo(a 10.0.0.1, b);", "expected NAME ADDRESS" },
	{ "ARPResponder", "Idle -> x :: ARPResponder(10.0.0.1 10.0.1.0/24 0:1:2:3:4:5) -> Discard;",
	  "Idle -> x :: ARPResponder(10.0.0.1/40 0:1:2:3:4:5) -> Discard;", "prefix length" },
	{ "ARPQuerier", "Idle -> [0] x :: ARPQuerier(10.0.0.1, 0:1:2:3:4:5, TIMEOUT 0.1s, POLL_TIMEOUT 0, BROADCAST_POLL true, BROADCAST 10.0.0.255, CAPACITY 0, ENTRY_PACKET_CAPACITY 0); Idle -> [1] x; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> [0] x :: ARPQuerier(10.0.0.1, 0:1:2:3:4:5, TIMEOUT 3fortnight) -> Discard; Idle -> [1] x;", "TIMEOUT: unknown time unit 'fortnight'" },
	{ "GetIPAddress", "Idle -> x :: GetIPAddress(16, DST_IP) -> GetIPAddress(IP dst) -> GetIPAddress(IP src, ANNO DST_IP_ANNO) -> Discard;",
	  "Idle -> x :: GetIPAddress(IP dst, ANNO PAINT) -> Discard;", "ANNO: 'PAINT' is not an annotation kclick has" },
	{ "SetIPAddress", "Idle -> x :: SetIPAddress(10.0.0.1) -> Discard;",
	  "Idle -> x :: SetIPAddress(10.0.0.256) -> Discard;", "IPADDR" },
	{ "FixIPSrc", "Idle -> x :: FixIPSrc(10.0.0.1) -> Discard;",
	  "Idle -> x :: FixIPSrc -> Discard;", "IPADDR" },
	{ "IPGWOptions", "Idle -> x :: IPGWOptions(10.0.0.1, 10.0.1.1); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPGWOptions(10.0.0.1, 10.1) -> Discard;", "OTHERADDRS" },
	{ "ICMPError", "Idle -> x :: ICMPError(10.0.0.1, unreachable, needfrag, 10.0.0.255 10.0.1.255, PMTU 1400, MTU 1500, SET_FIX_ANNO false) -> Discard;",
	  "Idle -> x :: ICMPError(10.0.0.1, unreachable, wormhole) -> Discard;", "CODE" },
	{ "ICMPPingResponder", "Idle -> x :: ICMPPingResponder; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: ICMPPingResponder(1) -> Discard;", "" },
	{ "IPFragmenter", "Idle -> x :: IPFragmenter(1500); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPFragmenter(20) -> Discard;", "MTU" },
	{ "LinearIPLookup", "Idle -> x :: LinearIPLookup(10.0.0.0/8 0, 0.0.0.0/0 10.0.0.1 1); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: LinearIPLookup(10.0.0.0/8 3) -> Discard;", "output '3'" },
	{ "RadixIPLookup", "Idle -> x :: RadixIPLookup(10.0.0.0/255.0.0.0 0, 10.1.0.0/16 10.0.0.1 1); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: RadixIPLookup(10.0.0.0/255.0.255.0 0) -> Discard;", "prefix mask" },
	{ "IPPrint", "Idle -> x :: IPPrint(in, TTL true, ID true, TOS true, LENGTH true, TIMESTAMP false, AGGREGATE true, PAINT true, SWAP false, CONTENTS ASCII, MAXLENGTH -1, ACTIVE false) -> Discard;",
	  "Idle -> x :: IPPrint(in, TTL maybe) -> Discard;", "TTL" },
	{ "Classifier", "Idle -> x :: Classifier(12/0806 20/0001, 12/0800, -); x[0] -> Discard; x[1] -> Discard; x[2] -> Discard;",
	  "Idle -> x :: Classifier(12/08x6) -> Discard;", "pattern 1" },
	{ "RoundRobinIPMapper", "x :: RoundRobinIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1);",
	  "x :: RoundRobinIPMapper(- - 10.0.0.1 - 0);", "pattern 1" },
	{ "SourceIPHashMapper", "x :: SourceIPHashMapper(8 1, - - 10.0.0.1 - 0 1 1, - - 10.0.0.2 - 0 1 2);",
	  "x :: SourceIPHashMapper(0 1, - - 10.0.0.1 - 0 1 1);", "NNODES" },
	{ "ICMPPingRewriter", "Idle -> x :: ICMPPingRewriter(pattern 1.0.0.1 1-999 - - 0 1, drop, TIMEOUT 60); Idle -> [1] x; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: ICMPPingRewriter(pattern 1.0.0.1 1-999 - - 0 5) -> Discard;", "output 5" },
	{ "ICMPRewriter", "Idle -> [0] r :: IPRewriter(drop) -> Discard; Idle -> x :: ICMPRewriter(r r:0, DST_ANNO false); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: ICMPRewriter(nosuch) -> Discard;", "MAPS" },
	{ "IPAddrRewriter", "Idle -> x :: IPAddrRewriter(pattern 1.0.0.1 - 0 1, drop); Idle -> [1] x; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPAddrRewriter(pattern 1.0.0.1 1-9 - - 0 0) -> Discard;", "no ports" },
	{ "IPAddrPairRewriter", "Idle -> x :: IPAddrPairRewriter(pattern 1.0.0.1 2.0.0.2 0 1, drop); Idle -> [1] x; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: IPAddrPairRewriter(pattern 1.0.0.1 - 0 0, TIMEOUT 0) -> Discard;", "TIMEOUT" },
	{ "ToHost", NULL, "Idle -> x :: ToHost(eth0, FOO 1);", "FOO" },
	{ "ToHostSniffers", NULL, "Idle -> x :: ToHostSniffers(a, b);", "extra" },
	{ "PollDevice", NULL, "x :: PollDevice(eth0, SNIFFER maybe) -> Discard;",
	  "SNIFFER" },
	{ "ToChannel", "Idle -> x :: ToChannel(c, BURST 8);",
	  "Idle -> x :: ToChannel(c, BURST 2000);", "BURST" },
	{ "FromHost", "x :: FromHost(fake0, 192.0.2.1/24, ETHER 02:00:00:00:00:01, MTU 9000, CAPACITY 10, BURST 4, CLEAR_ANNO false, TYPE ETHER) -> Discard;",
	  "x :: FromHost(fake0, 192.0.2.1/24, TYPE IP) -> Discard;", "TYPE: only ETHER" },
	{ "FromChannel", "x :: FromChannel(c) -> Discard;",
	  "x :: FromChannel(c, 1) -> Discard;", "too many arguments" },
	{ "FromDump", NULL, "x :: FromDump(f.pcap, TIMING true) -> Discard;",
	  "TIMING" },
	{ "ToDump", NULL, "Idle -> x :: ToDump(f.pcap, ENCAP FDDI);", "ENCAP: 'FDDI' is not ETHER or IP" },
	{ "FromIPSummaryDump", NULL, "x :: FromIPSummaryDump(f.txt, CONTENTS ip_src ip_frob) -> Discard;",
	  "CONTENTS: unknown field 'ip_frob'" },
	{ "ToIPSummaryDump", "Idle -> x :: ToIPSummaryDump(/dev/null, CONTENTS src dst ip_proto tcp_flags, BANNER b, VERBOSE true, HEADER false); Idle -> Queue -> ToIPSummaryDump(/dev/null, FIELDS ts count);",
	  "Idle -> x :: ToIPSummaryDump(/dev/null, CONTENTS ip_src, FIELDS ip_dst);", "CONTENTS and FIELDS" },
	{ "SetIPChecksum", "Idle -> x :: SetIPChecksum -> Discard;",
	  "Idle -> x :: SetIPChecksum(1) -> Discard;", "takes no arguments" },
	{ "SetUDPChecksum", "Idle -> x :: SetUDPChecksum; x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: SetUDPChecksum(1) -> Discard;", "takes no arguments" },
	{ "SetTCPChecksum", "Idle -> x :: SetTCPChecksum -> Discard;",
	  "Idle -> x :: SetTCPChecksum(FIXOFF true) -> Discard;", "FIXOFF" },
	{ "CheckUDPHeader", "Idle -> x :: CheckUDPHeader(VERBOSE true, DETAILS true); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: CheckUDPHeader(VERBOSE maybe) -> Discard;", "VERBOSE" },
	{ "CheckTCPHeader", "Idle -> x :: CheckTCPHeader(DETAILS false) -> Discard;",
	  "Idle -> x :: CheckTCPHeader(DETAILS 2) -> Discard;", "DETAILS" },
	{ "CheckICMPHeader", "Idle -> x :: CheckICMPHeader -> Discard;",
	  "Idle -> x :: CheckICMPHeader(OFFSET 14) -> Discard;", "OFFSET" },
	{ "InfiniteSource", "x :: InfiniteSource(\\<0800 0001>, 0, 4, true, STOP true) -> Discard;",
	  "x :: InfiniteSource(BURST 0) -> Discard;", "BURST" },
	{ "RatedSource", "x :: RatedSource(\\<0800>, 100, 5, false, STOP false) -> Discard;",
	  "x :: RatedSource(RATE 0) -> Discard;", "RATE" },
	{ "Shaper", "Idle -> Queue -> x :: Shaper(1000) -> Unqueue -> Discard;",
	  "Idle -> Queue -> x :: Shaper(0) -> Unqueue -> Discard;", "RATE: must be 1 to" },
	{ "BandwidthShaper", "Idle -> Queue -> x :: BandwidthShaper(10Mbps) -> Unqueue -> Discard;",
	  "Idle -> Queue -> x :: BandwidthShaper(10 Mbit) -> Unqueue -> Discard;", "unknown bandwidth unit 'Mbit'" },
	{ "RatedUnqueue", "Idle -> Queue -> x :: RatedUnqueue(100, BURST_SIZE 4, ACTIVE false) -> Discard;",
	  "Idle -> Queue -> x :: RatedUnqueue(100, BURST_SIZE 4, BURST_DURATION 1s) -> Discard;", "cannot give both" },
	{ "BandwidthRatedUnqueue", "Idle -> Queue -> x :: BandwidthRatedUnqueue(1.5MBps, BURST_DURATION 50ms) -> Discard;",
	  "Idle -> Queue -> x :: BandwidthRatedUnqueue(RATE 0Bps) -> Discard;", "below 1 byte" },
	/* Issue 15: PullTee, SetTimestamp, the timed and ping sources, RatedSplitter, DelayShaper. */
	{ "PullTee", "Idle -> Queue -> x :: PullTee(2) -> Unqueue -> Discard; x[1] -> Discard;",
	  "Idle -> Queue -> x :: PullTee(3) -> Unqueue -> Discard; x[1] -> Discard;", "N is 3, but 2 outputs" },
	{ "SetTimestamp", "Idle -> x :: SetTimestamp(1700000000.5, FIRST false) -> Discard;",
	  "Idle -> x :: SetTimestamp(FIRST true) -> Discard;", "FIRST" },
	{ "TimedSource", "x :: TimedSource(0.2, \\<0800>, LIMIT 3, ACTIVE false, HEADROOM 32, STOP true) -> Discard;",
	  "x :: TimedSource(INTERVAL 0) -> Discard;", "INTERVAL" },
	{ "TimedSink", "Idle -> Queue -> x :: TimedSink(100ms);",
	  "Idle -> Queue -> x :: TimedSink(soon);", "INTERVAL" },
	{ "ICMPPingSource", "Idle -> x :: ICMPPingSource(10.0.0.1, 10.0.0.2, INTERVAL 0.5, IDENTIFIER 7, LIMIT 3, DATA abc, ACTIVE true, VERBOSE false, MIRROR false, STOP true) -> Discard;",
	  "x :: ICMPPingSource(10.0.0.1, 10.0.0.2, IDENTIFIER 65536) -> Discard;", "IDENTIFIER" },
	{ "RatedSplitter", "Idle -> x :: RatedSplitter(2000, BURST_SIZE 5); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: RatedSplitter(0); x[0] -> Discard; x[1] -> Discard;", "RATE: must be 1 to" },
	{ "DelayShaper", "Idle -> Queue -> x :: DelayShaper(10ms) -> Unqueue -> Discard;",
	  "Idle -> Queue -> x :: DelayShaper(2h) -> Unqueue -> Discard;", "DELAY" },
	{ "StripIPHeader", "Idle -> x :: StripIPHeader -> Discard;",
	  "Idle -> x :: StripIPHeader(20) -> Discard;", "takes no arguments" },
	{ "IPEncap", "Idle -> x :: IPEncap(4, 1.0.0.1, DST_ANNO, TOS 4, TTL 64, DF true) -> Discard;",
	  "Idle -> x :: IPEncap(4, 1.0.0.1, 2.0.0.2, TOS 4, DSCP 1) -> Discard;", "TOS" },
	{ "UDPIPEncap", "Idle -> x :: UDPIPEncap(1.0.0.1, 1234, 2.0.0.2, 4321, CHECKSUM false) -> Discard;",
	  "Idle -> x :: UDPIPEncap(1.0.0.1, 1234, 2.0.0.2) -> Discard;", "DPORT" },
	{ "DropBroadcasts", "Idle -> x :: DropBroadcasts -> Discard;",
	  "Idle -> x :: DropBroadcasts(1) -> Discard;", "takes no arguments" },
	{ "PaintTee", "Idle -> x :: PaintTee(7, PAINT); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: PaintTee(COLOR 300); x[0] -> Discard; x[1] -> Discard;", "COLOR" },
	{ "StaticIPLookup", "Idle -> x :: StaticIPLookup(10.0.0.0/8 0, 0.0.0.0/0 10.0.0.1 1); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: StaticIPLookup(10.0.0.0/8 2) -> Discard;", "output '2'" },
	{ "StoreIPAddress", "Idle -> x :: StoreIPAddress(10.0.0.1, src); x[0] -> Discard; x[1] -> Discard;",
	  "Idle -> x :: StoreIPAddress(middle) -> Discard;", "OFFSET" },
	{ "IPMirror", "Idle -> x :: IPMirror(false) -> Discard;",
	  "Idle -> x :: IPMirror(DST_ANNO maybe) -> Discard;", "DST_ANNO" },
	{ "ARPPrint", "Idle -> x :: ARPPrint(arp, TIMESTAMP false, ETHER true) -> Discard;",
	  "Idle -> x :: ARPPrint(arp, OUTFILE f) -> Discard;", "OUTFILE" },
	{ "PullSwitch", "Idle -> Queue -> x :: PullSwitch(-1) -> Unqueue -> Discard;",
	  "Idle -> Queue -> x :: PullSwitch(first) -> Unqueue -> Discard;", "INPUT" },
	{ "TimeSortedSched", "Idle -> Queue -> [0] x :: TimeSortedSched(STOP true, BUFFER 4) -> Unqueue -> Discard; Idle -> Queue -> [1] x;",
	  "Idle -> Queue -> x :: TimeSortedSched(BUFFER 0) -> Unqueue -> Discard;", "BUFFER" },
	{ "Align", "Idle -> x :: Align(4, 2) -> Discard;",
	  "Idle -> x :: Align(3, 0) -> Discard;", "MODULUS" },
	{ "AlignmentInfo", "x :: AlignmentInfo(c 4 2 8 0, d, ETH 2 0);",
	  "x :: AlignmentInfo(c 4 5);", "OFFSET 5" },
	{ "Script", "x :: Script(set a 1, label l, wait 1s, goto l $(lt $a 2), print $a, TYPE PASSIVE);",
	  "x :: Script(TYPE PROXY, return 1);", "TYPE PROXY" },
	{ "DriverManager", "x :: DriverManager(pause, wait 0.5s, stop);",
	  "x :: DriverManager(wait 1s, goto nowhere);", "no label 'nowhere'" },
	{ "ControlSocket", "x :: ControlSocket(TCP, 7777, READONLY true, VERBOSE false);",
	  "x :: ControlSocket(TCP, 70000);", "PORTNUMBER" },
	{ "ScheduleInfo", "x :: ScheduleInfo(td0 2, td1 0.5, FD 10.5);",
	  "x :: ScheduleInfo(td0 fast);", "PARAM" },
	/* Tunnels (issue 15). */
	{ "GREEncap", "Idle -> x :: GREEncap(teb, KEY 0xffffffff, SEQUENCE true, CHECKSUM true) -> Discard;",
	  "Idle -> x :: GREEncap(ip, KEY 4294967296) -> Discard;", "KEY" },
	{ "GREDecap", "Idle -> x :: GREDecap(0x86dd, KEY 42, SEQUENCE true) -> Discard; x[1] -> Discard;",
	  "Idle -> x :: GREDecap(PROTOCOL arp) -> Discard;", "PROTOCOL: 'arp' is not a protocol type" },
	{ "VXLANEncap", "Idle -> x :: VXLANEncap(VNI 16777215) -> Discard;",
	  "Idle -> x :: VXLANEncap(16777216) -> Discard;", "VNI: 16777216 is above 16777215" },
	{ "VXLANDecap", "Idle -> x :: VXLANDecap(42) -> Discard; x[1] -> Discard; Idle -> VXLANDecap -> Discard;",
	  "Idle -> x :: VXLANDecap(VNI 42, KEY 1) -> Discard;", "KEY" },
	/* Meters, AQM and monitors (s8-meter; behaviour in test_meters.c). */
	{ "SetIPDSCP", "Idle -> x :: SetIPDSCP(46) -> Discard;",
	  "Idle -> x :: SetIPDSCP(0, 14) -> Discard;", "too many" },
	{ "Meter", "Idle -> x :: Meter(1000, 2000); x[0] -> Discard; x[1] -> Discard; x[2] -> Discard;",
	  "Idle -> x :: Meter(2000, 1000); x[0] -> Discard; x[1] -> Discard; x[2] -> Discard;", "RATE2 must be above RATE1" },
	{ "BandwidthMeter", "Idle -> x :: BandwidthMeter(384 kbps, 1MBps); x[0] -> Discard; x[1] -> Discard; x[2] -> Discard;",
	  "Idle -> x :: BandwidthMeter(20kBps); x[0] -> Discard; x[1] -> Discard; x[2] -> Discard;", "1 rates need 2 outputs, not 3" },
	{ "RED", "Idle -> x :: RED(5, 50, 0.02, STABILITY 9, GENTLE false, ECN true) -> Queue(200) -> Discard; Idle -> Queue -> r :: RED(1, 2, 1, QUEUES q) -> Discard; Idle -> q :: Queue -> Discard;",
	  "Idle -> x :: RED(50, 5, 0.02) -> Queue -> Discard;", "MIN_THRESH (50) must be at most MAX_THRESH (5)" },
	{ "AverageCounter", "Idle -> x :: AverageCounter(IGNORE 0.5) -> Discard; Idle -> Queue -> AverageCounter -> Unqueue -> Discard;",
	  "Idle -> x :: AverageCounter(2 weeks) -> Discard;", "IGNORE" },
	{ "SetIPECN", "Idle -> x :: SetIPECN(ECT(0)) -> SetIPECN(3) -> SetIPECN(no) -> Discard;",
	  "Idle -> x :: SetIPECN(ect0) -> Discard;", "ECN: 'ect0' is not 0 to 3" },
	/* Shaping and scheduling (issue 15, s9-shaper). */
	{ "StrideSched", "Idle -> Queue -> [0] x :: StrideSched(3, 0) -> Unqueue -> Discard; Idle -> Queue -> [1] x;",
	  "Idle -> Queue -> [0] x :: StrideSched(3) -> Unqueue -> Discard; Idle -> Queue -> [1] x;", "need 2 arguments" },
	{ "DelayUnqueue", "Idle -> Queue -> x :: DelayUnqueue(20ms) -> Discard;",
	  "Idle -> Queue -> x :: DelayUnqueue(DELAY soon) -> Discard;", "DELAY" },
	{ "LinkUnqueue", "Idle -> Queue -> x :: LinkUnqueue(10ms, 384kbps) -> Discard;",
	  "Idle -> Queue -> x :: LinkUnqueue(10ms, 99Bps) -> Discard;", "BANDWIDTH" },
	{ "FrontDropQueue", "Idle -> x :: FrontDropQueue(5) -> Unqueue -> Discard; x[1] -> Discard;",
	  "Idle -> x :: FrontDropQueue(0) -> Unqueue -> Discard;", "CAPACITY" },
	{ "NotifierQueue", "Idle -> x :: NotifierQueue(CAPACITY 5) -> Unqueue -> Discard;",
	  "Idle -> x :: NotifierQueue(lots) -> Unqueue -> Discard;", "CAPACITY" },
	{ "FullNoteQueue", "InfiniteSource(LIMIT 3) -> x :: FullNoteQueue(2) -> Unqueue -> Discard;",
	  "Idle -> x :: FullNoteQueue(2000000) -> Unqueue -> Discard;", "CAPACITY" },
	/* Monitoring and ECN (s9-mon; behaviour in selftests/run/monitor.click, markipce.click). */
	{ "MarkIPCE", "Idle -> x :: MarkIPCE -> MarkIPCE(FORCE true) -> MarkIPCE(false) -> Discard;",
	  "Idle -> x :: MarkIPCE(FORCE maybe) -> Discard;", "FORCE" },
	{ "AggregateCounter", "Idle -> x :: AggregateCounter(BYTES true, IP_BYTES true, MULTIPACKET false, EXTRA_LENGTH false, COUNT_STOP 10, AGGREGATE_FREEZE 4, BANNER \"# b\", CAPACITY 100) -> Discard; x[1] -> Discard; Idle -> [1] x; Idle -> Queue -> AggregateCounter -> Unqueue -> Discard;",
	  "Idle -> x :: AggregateCounter(COUNT_STOP 1, COUNT_FREEZE 2) -> Discard;", "mutually exclusive" },
	{ "AggregateIPFlows", "Idle -> x :: AggregateIPFlows(TCP_TIMEOUT 1h, TCP_DONE_TIMEOUT 10s, UDP_TIMEOUT 30, FRAGMENT_TIMEOUT 5, REAP 60, ICMP true, FRAGMENTS false, CAPACITY 16) -> Discard; x[1] -> Discard; Idle -> AggregateIPFlows -> Discard;",
	  "Idle -> x :: AggregateIPFlows(TRACEINFO flows.xml) -> Discard;", "TRACEINFO is not supported" },
	{ "IPRateMonitor", "Idle -> x :: IPRateMonitor(PACKETS, 0.5, 256, 600, false) -> Discard; Idle -> [1] x[1] -> Discard; Idle -> IPRateMonitor(BYTES, 1, 1000, OFFSET 14) -> Discard; Idle -> IPRateMonitor(DST, PACKETS, 0, 10, 30) -> Discard;",
	  "Idle -> x :: IPRateMonitor(PACKETS, 1.5, 10) -> Discard;", "RATIO: '1.5' is not a number from 0 to 1" },
	/* Click's GUI information, ignored (issue 16). */
	{ "ClickyInfo", "x :: ClickyInfo(STYLE #c { decorations: activity } activity { decay: 0 }, anything);",
	  "Idle -> x :: ClickyInfo(STYLE a);", "input" },
	{ "FastUDPSource", "x :: FastUDPSource(1000, 10, 60, 0:0:0:0:0:1, 10.0.0.1, 1234, 0:0:0:0:0:2, 10.0.0.2, 53, false, 4, false) -> Discard;",
	  "x :: FastUDPSource(1000, 10, 60, 0:0:0:0:0:1, 10.0.0.1, 1234, 0:0:0:0:0:2, 10.0.0.2, 70000) -> Discard;", "DPORT" },
};

static void test_configs(void)
{
	const struct kc_class *c;
	unsigned int i, k;
	struct kc_graph *g;
	int bad;

	for (k = 0; (c = kc_class_nth(k)); k++) {
		for (i = 0; i < ARRAY_SIZE(cases); i++)
			if (!strcmp(cases[i].cls, c->name))
				break;
		tap_ok(i < ARRAY_SIZE(cases), "%s has a configuration test",
		       c->name);
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct cfg_case *t = &cases[i];

		if (t->good) {
			g = th_build(t->good, msg, sizeof(msg), NULL);
			tap_ok(g != NULL, "%s accepts: %s", t->cls, t->good);
			if (!g)
				printf("#   %s\n", msg);
			th_free(g);
		}
		bad = -2;
		g = th_build(t->bad, msg, sizeof(msg), &bad);
		tap_ok(!g && strstr(msg, t->bad_msg) && bad >= 0,
		       "%s refuses: %s", t->cls, t->bad);
		if (g || !strstr(msg, t->bad_msg))
			printf("#   got '%s', wanted '%s'\n", msg, t->bad_msg);
		th_free(g);
	}
}

/* Click's time syntax (engine/args.c), as every TIMEOUT takes it. */
static void test_time_args(void)
{
	static const struct {
		const char *s;
		u64 ns;
	} good[] = {
		{ "300", 300000000000ULL }, { "0.1s", 100000000ULL },
		{ "100ms", 100000000ULL }, { "100 msec", 100000000ULL },
		{ "5min", 300000000000ULL }, { "1h", 3600000000000ULL },
		{ "2hr", 7200000000000ULL }, { "1.5 d", 129600000000000ULL },
		{ "250us", 250000ULL }, { "3usec", 3000ULL }, { "7ns", 7ULL },
		{ ".5", 500000000ULL }, { "0.000000001", 1ULL },
		{ "1.0000000019", 1000000001ULL }, { "2sec", 2000000000ULL },
		{ "1m", 60000000000ULL },
	};
	static const struct {
		const char *s, *msg;
	} bad[] = {
		{ "", "expected a time" }, { "s", "expected a time" },
		{ ".", "expected a time" }, { "-1", "expected a time" },
		{ "3fortnight", "unknown time unit 'fortnight' in '3fortnight'" },
		{ "1.5 ks", "unknown time unit 'ks'" },
		{ "10 s x", "unknown time unit 's x'" },
		{ "101", "out of range (at most 100 s)" },
		{ "2min", "out of range" },
		{ "99999999999999999999999", "out of range" },
	};
	struct kc_errbuf err;
	unsigned int i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		v = 0;
		tap_ok(!kc_parse_time("T", good[i].s, KC_TIME_MAX_NS, &v, &err) &&
		       v == good[i].ns, "time '%s' is %llu ns (got %llu)",
		       good[i].s, (unsigned long long)good[i].ns,
		       (unsigned long long)v);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err.msg[0] = '\0';
		tap_ok(kc_parse_time("TIMEOUT", bad[i].s, 100000000000ULL, &v,
				     &err) == -EINVAL &&
		       !strncmp(err.msg, "TIMEOUT: ", 9) &&
		       strstr(err.msg, bad[i].msg),
		       "time '%s' refused: %s", bad[i].s, err.msg);
	}
	tap_ok(!kc_parse_time("T", "18446744073.709551615", ~0ULL, &v, &err) &&
	       v == ~0ULL, "the largest u64 of nanoseconds parses exactly");
	tap_ok(kc_parse_time("T", "18446744073.709551616", ~0ULL, &v, &err) &&
	       strstr(err.msg, "out of range"), "one more is out of range");
	tap_ok(kc_parse_time_in("TIMEOUT", "0.5ms", 1000000, 2000000000ULL, &v,
				&err) && strstr(err.msg, "'0.5ms' is not 0.001 s to 2 s"),
	       "a bounded time names both ends: %s", err.msg);
}

/* Click's BandwidthArg syntax (kc_parse_bandwidth) and its unparse. */
static void test_bandwidth_args(void)
{
	static const struct {
		const char *s;
		u32 Bps;
	} good[] = {
		{ "10Mbps", 1250000 }, { "1.5MBps", 1500000 },
		{ "1000Bps", 1000 }, { "64 kbps", 8000 }, { "1Kbps", 125 },
		{ "1000", 1000 }, { "12.5", 13 }, { "1bps", 0 }, { "4bps", 1 },
		{ "1Gbps", 125000000 }, { "34Gbps", 4250000000U },
		{ "1.000000001GBps", 1000000001 }, { "9600 baud", 1200 },
		{ "2 B/s", 2 }, { "16b/s", 2 }, { "4294967295", 4294967295U },
		{ ".5KBps", 500 },
	};
	static const struct {
		const char *s, *msg;
	} bad[] = {
		{ "", "expected a bandwidth" }, { "Mbps", "expected a bandwidth" },
		{ ".", "expected a bandwidth" }, { "-1Mbps", "expected a bandwidth" },
		{ "10 Mbit", "unknown bandwidth unit 'Mbit'" },
		{ "10mbps", "unknown bandwidth unit 'mbps'" },
		{ "10M", "unknown bandwidth unit 'M'" },
		{ "35Gbps", "out of range" }, { "4294967296", "out of range" },
		{ "99999999999999999999999", "out of range" },
	};
	static const struct {
		u32 Bps;
		const char *s;
	} unparse[] = {
		{ 1250000, "10Mbps" }, { 125000000, "1Gbps" }, { 125, "1kbps" },
		{ 1000, "8kbps" }, { 7, "7Bps" }, { 0, "0Bps" },
	};
	struct kc_errbuf err;
	char out[64];
	struct kc_buf b;
	unsigned int i;
	u32 v;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		v = 12345;
		tap_ok(!kc_parse_bandwidth("RATE", good[i].s, &v, &err) &&
		       v == good[i].Bps, "bandwidth '%s' is %u B/s (got %u)",
		       good[i].s, good[i].Bps, v);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err.msg[0] = '\0';
		tap_ok(kc_parse_bandwidth("RATE", bad[i].s, &v, &err) == -EINVAL &&
		       !strncmp(err.msg, "RATE: ", 6) &&
		       strstr(err.msg, bad[i].msg),
		       "bandwidth '%s' refused: %s", bad[i].s, err.msg);
	}
	for (i = 0; i < ARRAY_SIZE(unparse); i++) {
		memset(&b, 0, sizeof(b));
		memset(out, 0, sizeof(out));
		b.data = out;
		b.cap = sizeof(out) - 1;
		kc_buf_bandwidth(&b, unparse[i].Bps);
		tap_ok(!strcmp(out, unparse[i].s),
		       "%u B/s unparses as %s (got %s)", unparse[i].Bps,
		       unparse[i].s, out);
		tap_ok(!kc_parse_bandwidth("R", unparse[i].s, &v, &err) &&
		       v == unparse[i].Bps, "and parses back");
	}
}

static void drain_call(void *arg)
{
	kc_user_tasks_drain(*(u64 *)arg);
}

/* Run every task and timer on the virtual clock up to t ns. */
static void drain_until(u64 t)
{
	kc_user_on_stack(drain_call, &t);
}

/*
 * The shapers on the virtual clock: 500 packets of 100 bytes wait in each
 * queue; what leaves in the first second is the rate's worth, counted.
 */
static void test_shapers(void)
{
	const u64 t0 = 1000000000ULL, sec = 1000000000ULL;
	struct kc_graph *g;
	char buf[64];
	int i;

	kc_user_clock_set(t0);
	g = th_build(
		"Idle -> q :: Queue(1000) -> ru :: RatedUnqueue(100, BURST_SIZE 1) -> c :: Counter -> Discard;"
		"Idle -> q2 :: Queue(1000) -> s :: Shaper(50) -> u2 :: Unqueue -> c2 :: Counter -> Discard;"
		"Idle -> q3 :: Queue(1000) -> bs :: BandwidthShaper(8kbps) -> u3 :: Unqueue -> c3 :: Counter -> Discard;"
		"Idle -> q4 :: Queue(1000) -> bru :: BandwidthRatedUnqueue(1000Bps, BURST_BYTES 300) -> c4 :: Counter -> Discard;"
		"Idle -> q5 :: Queue(1000) -> ru5 :: RatedUnqueue(1000) -> c5 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "shaper graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	for (i = 0; i < 500; i++) {
		th_push(g, "q", 0, th_pkt(100, 0x0800));
		th_push(g, "q2", 0, th_pkt(100, 0x0800));
		th_push(g, "q3", 0, th_pkt(100, 0x0800));
		th_push(g, "q4", 0, th_pkt(100, 0x0800));
		th_push(g, "q5", 0, th_pkt(100, 0x0800));
	}
	tap_ok(th_num(g, "c", "count") == 1 && th_num(g, "c2", "count") == 1 &&
	       th_num(g, "c3", "count") == 1,
	       "at time 0 each bucket of one packet lets one through (%lld %lld %lld)",
	       th_num(g, "c", "count"), th_num(g, "c2", "count"),
	       th_num(g, "c3", "count"));
	tap_ok(th_num(g, "c4", "count") == 3,
	       "BURST_BYTES 300 lets 300 bytes through at once (%lld)",
	       th_num(g, "c4", "count"));
	tap_ok(th_num(g, "c5", "count") == 20,
	       "RatedUnqueue(1000): the default 20 ms bucket holds 20 (%lld)",
	       th_num(g, "c5", "count"));
	tap_ok(kc_user_timers_next() > t0, "each waits on a timer, none is ready");
	drain_until(t0 + sec);
	tap_ok(th_num(g, "c", "count") == 101,
	       "RatedUnqueue(100): 1 + 100 packets by 1 s (%lld)",
	       th_num(g, "c", "count"));
	tap_ok(th_num(g, "c2", "count") == 51,
	       "Shaper(50): 1 + 50 packets by 1 s (%lld)",
	       th_num(g, "c2", "count"));
	tap_ok(th_num(g, "c3", "count") == 11 &&
	       th_num(g, "c3", "byte_count") == 1100,
	       "BandwidthShaper(8kbps) = 1000 B/s: 1 + 10 packets of 100 bytes (%lld)",
	       th_num(g, "c3", "count"));
	tap_ok(th_num(g, "c4", "count") == 13,
	       "BandwidthRatedUnqueue(1000Bps): 300 bytes at once, 1000 more in 1 s (%lld)",
	       th_num(g, "c4", "count"));
	tap_ok(th_num(g, "c5", "count") == 500,
	       "RatedUnqueue(1000) empties the queue of 500 within 1 s (%lld)",
	       th_num(g, "c5", "count"));
	tap_ok(th_num(g, "ru", "count") == 101 && th_num(g, "s", "count") == 51,
	       "count handlers agree");
	th_read(g, "bs", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "8kbps"), "BandwidthShaper's rate reads 8kbps (%s)", buf);
	th_read(g, "ru", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "100"), "RatedUnqueue's rate reads 100 (%s)", buf);
	tap_ok(!th_write(g, "ru", "rate", "200", msg, sizeof(msg)) &&
	       !th_write(g, "s", "rate", "10", msg, sizeof(msg)) &&
	       !th_write(g, "bs", "rate", "2KBps", msg, sizeof(msg)) &&
	       !th_write(g, "bru", "rate", "0.5KBps", msg, sizeof(msg)),
	       "rates are writable, in Click's units");
	th_read(g, "bs", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "16kbps"), "2KBps reads back as 16kbps (%s)", buf);
	drain_until(t0 + 2 * sec);
	tap_ok(th_num(g, "c", "count") >= 300 && th_num(g, "c", "count") <= 301,
	       "rate 200 written: about 200 more in the next second (%lld)",
	       th_num(g, "c", "count"));
	tap_ok(th_num(g, "c2", "count") >= 60 && th_num(g, "c2", "count") <= 62,
	       "Shaper rate 10: about 10 more (%lld)", th_num(g, "c2", "count"));
	tap_ok(th_num(g, "c3", "count") >= 30 && th_num(g, "c3", "count") <= 32,
	       "BandwidthShaper 2000 B/s: about 20 more (%lld)",
	       th_num(g, "c3", "count"));
	/* 5 at the new rate, and the debt of 300 bytes, kept in time, now
	 * worth 150 bytes: 2 more at once. */
	tap_ok(th_num(g, "c4", "count") == 20,
	       "BandwidthRatedUnqueue 500 B/s: 5 more and 2 at the switch (%lld)",
	       th_num(g, "c4", "count"));
	tap_ok(th_write(g, "s", "rate", "0", msg, sizeof(msg)) &&
	       strstr(msg, "RATE"), "rate 0 is refused: %s", msg);
	tap_ok(th_write(g, "bs", "rate", "fast", msg, sizeof(msg)) &&
	       strstr(msg, "expected a bandwidth"), "a bad bandwidth is refused: %s",
	       msg);
	th_write(g, "ru", "active", "false", NULL, 0);
	i = th_num(g, "c", "count");
	drain_until(t0 + 3 * sec);
	tap_ok(th_num(g, "c", "count") == i, "active false: RatedUnqueue stops");
	th_write(g, "ru", "active", "true", NULL, 0);
	drain_until(t0 + 3 * sec);
	tap_ok(th_num(g, "c", "count") == i + 1,
	       "active true: its bucket of one lets one through at once");
	tap_ok(kc_user_timers_next() > 0 && th_num(g, "q", "length") > 0,
	       "while packets wait, a timer is set, not a ready task");
	th_free(g);
	kc_user_clock_set(0);
}

static void push_only_call(void *arg)
{
	struct th_call *c = arg;

	kc_run_entry(c->e, c->port, c->p);	/* no tasks or works after */
}

/* Counter's COUNT_CALL and BYTE_COUNT_CALL: the write, from a work item. */
static void test_counter_call(void)
{
	struct kc_graph *g;
	int i;

	g = th_build("Idle -> x :: Counter(COUNT_CALL 3 p.color 7, BYTE_COUNT_CALL 250 q.color 9) -> p :: Paint(1) -> q :: Paint(2) -> Discard;",
		     msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "Counter COUNT_CALL graph: %s", msg);
		return;
	}
	for (i = 0; i < 2; i++)
		th_push(g, "x", 0, th_pkt(100, 0x0800));
	kc_user_tasks_run();
	tap_ok(th_num(g, "p", "color") == 1 && th_num(g, "q", "color") == 2,
	       "2 packets, 200 bytes: no call yet");
	{
		struct th_call c = { 0 };

		c.e = kc_graph_find(g, "x");
		c.p = th_pkt(100, 0x0800);
		kc_user_on_stack(push_only_call, &c);
	}
	tap_ok(th_num(g, "p", "color") == 1,
	       "the third packet marks the call due; it is not made on the packet path");
	kc_user_tasks_run();
	tap_ok(th_num(g, "p", "color") == 7 && th_num(g, "q", "color") == 9,
	       "the work item writes p.color 7 (count 3) and q.color 9 (300 >= 250 bytes)");
	th_write(g, "p", "color", "1", NULL, 0);
	for (i = 0; i < 3; i++)
		th_push(g, "x", 0, th_pkt(100, 0x0800));
	kc_user_tasks_run();
	tap_ok(th_num(g, "p", "color") == 1, "called once: not again at 6 packets");
	th_write(g, "x", "reset", "", NULL, 0);
	for (i = 0; i < 3; i++)
		th_push(g, "x", 0, th_pkt(100, 0x0800));
	kc_user_tasks_run();
	tap_ok(th_num(g, "p", "color") == 7, "after a reset the call comes due again");
	/* The count_call handler: a new call, then N alone keeps the handler. */
	th_write(g, "p", "color", "1", NULL, 0);
	th_write(g, "x", "reset", "", NULL, 0);
	tap_ok(!th_write(g, "x", "count_call", "2 q.color 4", msg, sizeof(msg)),
	       "count_call takes N HANDLER VALUE: %s", msg);
	for (i = 0; i < 2; i++)
		th_push(g, "x", 0, th_pkt(10, 0x0800));
	tap_ok(th_num(g, "q", "color") == 4 && th_num(g, "p", "color") == 1,
	       "the written call replaces COUNT_CALL: q.color 4 at 2 packets");
	tap_ok(!th_write(g, "x", "count_call", "3", msg, sizeof(msg)),
	       "count_call with N alone: %s", msg);
	th_write(g, "q", "color", "2", NULL, 0);
	th_push(g, "x", 0, th_pkt(10, 0x0800));
	tap_ok(th_num(g, "q", "color") == 4,
	       "N alone keeps the handler and value: q.color 4 again at 3 packets");
	tap_ok(th_write(g, "x", "count_call", "5 nowhere.reset", msg, sizeof(msg)) &&
	       strstr(msg, "COUNT_CALL: no element 'nowhere'"),
	       "a bad count_call write is refused, the old call stays: %s", msg);
	th_free(g);
	g = th_build("Idle -> x :: Counter -> Paint(1) -> Discard;", msg, sizeof(msg), NULL);
	if (g) {
		tap_ok(!th_write(g, "x", "byte_count_call", "20 stop", msg, sizeof(msg)),
		       "byte_count_call on a Counter configured without calls: %s", msg);
		th_push(g, "x", 0, th_pkt(30, 0x0800));
		tap_ok(th_num(g, "x", "count") == 1, "the packet passes; stop is logged");
	} else {
		tap_ok(0, "Counter graph: %s", msg);
	}
	th_free(g);
	g = th_build("Idle -> x :: Counter(COUNT_CALL 3 p.nosuch) -> p :: Paint(1) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "COUNT_CALL: 'p' has no write handler 'nosuch'"),
	       "a missing handler is refused naming it: %s", msg);
	th_free(g);
	g = th_build("Idle -> x :: Counter(COUNT_CALL 0 p.color) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "COUNT_CALL: N must be at least 1"),
	       "COUNT_CALL 0 is refused: %s", msg);
	th_free(g);
	g = th_build("Idle -> x :: Counter(BYTE_COUNT_CALL 10 reset) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "BYTE_COUNT_CALL: 'reset' is not ELEMENT.HANDLER or stop"),
	       "a handler without an element is refused: %s", msg);
	th_free(g);
}

/* Unqueue's ACTIVE, LIMIT and their handlers. */
static void test_unqueue_click(void)
{
	struct kc_graph *g = th_build(
		"Idle -> q :: Queue(100) -> u :: Unqueue(2, LIMIT 3) -> c :: Counter -> Discard;"
		"Idle -> q2 :: Queue(100) -> u2 :: Unqueue(ACTIVE false) -> c2 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	char buf[64];
	int i;

	if (!g) {
		tap_ok(0, "Unqueue graph: %s", msg);
		return;
	}
	for (i = 0; i < 5; i++) {
		th_push(g, "q", 0, th_pkt(64, 0x0800));
		th_push(g, "q2", 0, th_pkt(64, 0x0800));
	}
	tap_ok(th_num(g, "c", "count") == 3 && th_num(g, "q", "length") == 2 &&
	       th_num(g, "u", "count") == 3,
	       "LIMIT 3: three of five packets pulled, two stay queued");
	tap_ok(th_num(g, "c2", "count") == 0 && th_num(g, "q2", "length") == 5,
	       "ACTIVE false: nothing pulled");
	th_read(g, "u", "limit", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "3"), "limit reads 3 (%s)", buf);
	th_write(g, "u", "reset", "", NULL, 0);
	kc_user_tasks_run();
	tap_ok(th_num(g, "c", "count") == 5 && th_num(g, "u", "count") == 2,
	       "reset: the count restarts and LIMIT lets the other two through");
	th_write(g, "u2", "active", "true", NULL, 0);
	kc_user_tasks_run();
	tap_ok(th_num(g, "c2", "count") == 5, "active true: the queue drains");
	tap_ok(!th_write(g, "u2", "limit", "1", NULL, 0) &&
	       !th_write(g, "u2", "reset", "", NULL, 0), "limit and reset are writable");
	th_push(g, "q2", 0, th_pkt(64, 0x0800));
	th_push(g, "q2", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "c2", "count") == 6, "a LIMIT written later holds (%lld)",
	       th_num(g, "c2", "count"));
	tap_ok(th_write(g, "u", "burst", "2000", msg, sizeof(msg)) &&
	       strstr(msg, "BURST"), "burst over 1024 is refused: %s", msg);
	th_free(g);
}

/*
 * Agnostic ports as Click has them: Discard pulls after a Queue; Idle's
 * ports each take their own mode.
 */
static void test_agnostic_ports(void)
{
	struct kc_graph *g = th_build(
		"Idle -> q :: Queue(10) -> d :: Discard;"
		"Idle -> q2 :: Queue(10) -> d2 :: Discard(ACTIVE false);"
		"Idle -> p :: Discard;",
		msg, sizeof(msg), NULL);
	struct kc_elem *i;
	int k;

	if (!g) {
		tap_ok(0, "Queue -> Discard graph: %s", msg);
		return;
	}
	tap_ok(kc_graph_find(g, "d")->in_proc[0] == KC_PULL &&
	       kc_graph_find(g, "p")->in_proc[0] == KC_PUSH,
	       "Discard's input pulls after a Queue and is pushed to after Idle");
	for (k = 0; k < 5; k++) {
		th_push(g, "q", 0, th_pkt(64, 0x0800));
		th_push(g, "q2", 0, th_pkt(64, 0x0800));
	}
	th_push(g, "p", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "q", "length") == 0 && th_num(g, "d", "count") == 5,
	       "Queue -> Discard: the Discard's task pulls the queue empty");
	tap_ok(th_num(g, "q2", "length") == 5 && th_num(g, "d2", "count") == 0,
	       "Discard(ACTIVE false) pulls nothing");
	th_write(g, "d2", "active", "true", NULL, 0);
	kc_user_tasks_run();
	tap_ok(th_num(g, "q2", "length") == 0 && th_num(g, "d2", "count") == 5,
	       "active true: it drains the queue");
	tap_ok(th_num(g, "p", "count") == 1, "a pushed Discard counts too");
	th_write(g, "d2", "reset_counts", "", NULL, 0);
	tap_ok(th_num(g, "d2", "count") == 0, "reset_counts zeroes count");
	th_free(g);
	g = th_build("Idle -> q :: Queue -> [0] i :: Idle; Idle -> [1] i;"
		     "i[0] -> Queue -> Discard; i[1] -> Unqueue -> Discard;",
		     msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "Idle with mixed ports: %s", msg);
		return;
	}
	i = kc_graph_find(g, "i");
	tap_ok(i->in_proc[0] == KC_PULL && i->in_proc[1] == KC_PUSH &&
	       i->out_proc[0] == KC_PUSH && i->out_proc[1] == KC_PULL,
	       "Idle: pull and push inputs, push and pull outputs, each after its connection");
	th_push(g, "q", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "q", "length") == 1, "Idle never pulls its pull input");
	th_free(g);
	g = th_build("Idle -> q :: Queue -> Discard -> Discard;", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "output"), "Discard still has no output: %s", msg);
	th_free(g);
}

static void test_strip_unstrip(void)
{
	struct kc_graph *g = th_build("Idle -> s :: Strip(14) -> a :: Counter -> u :: Unstrip(14) -> b :: Counter -> Discard;",
				      msg, sizeof(msg), NULL);

	if (!g) {
		tap_ok(0, "Strip/Unstrip graph: %s", msg);
		return;
	}
	th_push(g, "s", 0, th_pkt(100, 0x0800));
	th_push(g, "s", 0, th_pkt(10, 0x0800));	/* too short: dropped */
	tap_ok(th_num(g, "a", "byte_count") == 86, "Strip(14) leaves 86 of 100 bytes");
	tap_ok(th_num(g, "b", "byte_count") == 100, "Unstrip(14) restores 100");
	tap_ok(th_num(g, "a", "count") == 1, "a 10-byte packet is dropped by Strip(14)");
	th_free(g);
}

/* The frames a ToDump wrote, for checking bytes. */
static int read_dump(const char *path, u8 frames[][128], int max)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, ebuf);
	struct pcap_pkthdr *h;
	const u_char *d;
	int n = 0;

	while (p && n < max && pcap_next_ex(p, &h, &d) == 1)
		memcpy(frames[n++], d, h->caplen < 128 ? h->caplen : 128);
	if (p)
		pcap_close(p);
	return n;
}

/* GetIPAddress(IP src|dst): the annotation from the marked IP header. */
static void test_getipaddress_ip(void)
{
	char path[] = "/tmp/kc_test_giaXXXXXX", text[512];
	u8 frames[2][128];
	struct kc_graph *g;
	int fd = mkstemp(path), n, i;

	close(fd);
	snprintf(text, sizeof(text),
		 "Idle -> a :: MarkIPHeader(14) -> GetIPAddress(IP src) -> StoreIPAddress(0) -> t :: ToDump(%s);"
		 "Idle -> b :: MarkIPHeader(14) -> GetIPAddress(IP dst, ANNO DST_IP) -> StoreIPAddress(0) -> t;",
		 path);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "GetIPAddress(IP) graph: %s", msg);
		return;
	}
	for (i = 0; i < 2; i++) {
		struct kc_pkt *p = th_pkt(64, 0x0800);
		u8 *d = kc_pkt_data(p);

		d[14] = 0x45;
		memcpy(d + 26, "\x0a\x01\x02\x03\x0a\x04\x05\x06", 8);
		th_push(g, i ? "b" : "a", 0, p);
	}
	th_free(g);
	n = read_dump(path, frames, 2);
	tap_ok(n == 2 && !memcmp(frames[0], "\x0a\x01\x02\x03", 4),
	       "GetIPAddress(IP src) annotates the IP source (stored at 0)");
	tap_ok(n == 2 && !memcmp(frames[1], "\x0a\x04\x05\x06", 4),
	       "GetIPAddress(IP dst, ANNO DST_IP) annotates the IP destination");
	unlink(path);
	g = th_build("Idle -> x :: GetIPAddress(16, IP dst) -> Discard;", msg,
		     sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "OFFSET or IP, not both"),
	       "OFFSET and IP together are refused: %s", msg);
	th_free(g);
	g = th_build("Idle -> x :: GetIPAddress(IP gw) -> Discard;", msg,
		     sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "IP: expected src or dst, got 'gw'"),
	       "IP other than src/dst is refused: %s", msg);
	th_free(g);
}

static void test_ethermirror(void)
{
	char path[] = "/tmp/kc_test_emXXXXXX", text[256];
	u8 frames[2][128];
	struct kc_graph *g;
	struct kc_pkt *p;
	int fd = mkstemp(path), n;

	close(fd);
	snprintf(text, sizeof(text),
		 "Idle -> m :: EtherMirror -> ToDump(%s);", path);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "EtherMirror graph: %s", msg);
		return;
	}
	/* The graph gets a clone sharing the buffer with p. */
	p = th_pkt(60, 0x88b5);
	th_push(g, "m", 0, kc_pkt_clone(p));
	th_push(g, "m", 0, th_pkt(10, 0));	/* shorter than a header */
	th_free(g);
	n = read_dump(path, frames, 2);
	tap_ok(n == 1, "EtherMirror passes the frame and drops the runt (%d)", n);
	tap_ok(n >= 1 && !memcmp(frames[0], "\x02\x00\x00\x00\x00\x01", 6) &&
	       !memcmp(frames[0] + 6, "\x02\x00\x00\x00\x00\x02", 6),
	       "destination and source are swapped");
	tap_ok(!memcmp(kc_pkt_data(p), "\x02\x00\x00\x00\x00\x02", 6),
	       "the shared original is untouched (copy on write)");
	kc_user_pkt_free(p);
	unlink(path);
}

static void test_tee_paint(void)
{
	struct kc_graph *g = th_build(
		"Idle -> t :: Tee(3); t[0] -> a :: Counter -> Discard;"
		"t[1] -> p :: Paint(2) -> ps :: PaintSwitch;"
		"t[2] -> p1 :: Paint(1) -> ps;"
		"ps[0] -> z :: Counter -> Discard; ps[1] -> o :: Counter -> Discard;"
		"ps[2] -> w :: Counter -> Discard;", msg, sizeof(msg), NULL);
	int i;

	if (!g) {
		tap_ok(0, "Tee/Paint graph: %s", msg);
		return;
	}
	for (i = 0; i < 4; i++)
		th_push(g, "t", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "a", "count") == 4, "Tee output 0 gets every packet");
	tap_ok(th_num(g, "w", "count") == 4 && th_num(g, "o", "count") == 4 &&
	       th_num(g, "z", "count") == 0,
	       "PaintSwitch sends paint 2 to output 2, paint 1 to output 1");
	tap_ok(!th_write(g, "p", "color", "9", msg, sizeof(msg)),
	       "Paint color is writable");
	th_push(g, "t", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "ps", "drops") == 1, "paint 9 with 3 outputs: dropped, counted");
	tap_ok(th_write(g, "p", "color", "x", msg, sizeof(msg)) && strstr(msg, "COLOR"),
	       "a bad color is refused naming COLOR");
	th_free(g);
}

static void test_queue_print_idle(void)
{
	struct kc_graph *g = th_build(
		"Idle -> pr :: Print(unit, 4) -> q :: Queue(2) -> Idle;",
		msg, sizeof(msg), NULL);
	int i;

	if (!g) {
		tap_ok(0, "Queue graph: %s", msg);
		return;
	}
	for (i = 0; i < 5; i++)
		th_push(g, "pr", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "q", "length") == 2 && th_num(g, "q", "drops") == 3,
	       "Queue(2) keeps 2 and drops 3 when nothing pulls");
	tap_ok(th_num(g, "pr", "printed") == 5, "Print printed each packet");
	tap_ok(!th_write(g, "q", "capacity", "4", NULL, 0) &&
	       th_num(g, "q", "capacity") == 4, "Queue capacity is writable");
	tap_ok(!th_write(g, "pr", "active", "false", NULL, 0), "Print can be silenced");
	th_push(g, "pr", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "pr", "printed") == 5, "a silenced Print prints nothing");
	th_free(g);
	tap_ok(th_no_leak(), "queued packets are freed with the graph");
}

/* An IPv4/UDP frame with a right checksum; mutate() may spoil it. */
static struct kc_pkt *ip_frame(void (*mutate)(u8 *ip))
{
	struct kc_pkt *p = th_pkt(14 + 28 + 4, 0x0800);
	u8 *ip = kc_pkt_data(p) + 14;
	u16 c;

	memcpy(ip, "\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00"
		   "\x0a\x00\x00\x01\x0a\x00\x00\x02", 20);
	memset(ip + 20, 0, 8);
	if (mutate)
		mutate(ip);
	ip[10] = ip[11] = 0;
	c = kc_ip_csum(ip, (ip[0] & 15) ? (ip[0] & 15) : 5);
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	return p;
}

static void m_version(u8 *ip) { ip[0] = 0x65; }
static void m_hlen(u8 *ip) { ip[0] = 0x44; }
static void m_len(u8 *ip) { ip[3] = 0xff; }
static void m_src(u8 *ip) { memset(ip + 12, 0xff, 4); }
static void m_badsrc(u8 *ip) { ip[15] = 9; }

static void test_checkipheader(void)
{
	struct kc_graph *g = th_build(
		"Idle -> c :: CheckIPHeader(14, BADSRC 10.0.0.9) -> ok :: Counter -> Discard;"
		"c[1] -> bad :: Counter -> Discard;", msg, sizeof(msg), NULL);
	struct kc_pkt *p;
	char buf[512];

	if (!g) {
		tap_ok(0, "CheckIPHeader graph: %s", msg);
		return;
	}
	th_push(g, "c", 0, ip_frame(NULL));
	tap_ok(th_num(g, "ok", "count") == 1 && th_num(g, "ok", "byte_count") == 42,
	       "a good header passes, trimmed to the IP length (42 of 46 bytes)");
	th_push(g, "c", 0, ip_frame(m_version));
	th_push(g, "c", 0, ip_frame(m_hlen));
	th_push(g, "c", 0, ip_frame(m_len));
	th_push(g, "c", 0, ip_frame(m_src));
	th_push(g, "c", 0, ip_frame(m_badsrc));
	p = ip_frame(NULL);
	kc_pkt_data(p)[14 + 8] ^= 1;	/* TTL changed, checksum not */
	th_push(g, "c", 0, p);
	th_push(g, "c", 0, th_pkt(20, 0x0800));
	tap_ok(th_num(g, "bad", "count") == 7 && th_num(g, "c", "drops") == 7,
	       "version, header length, length, source (2), checksum, runt: 7 to output 1");
	th_read(g, "c", "drop_details", buf, sizeof(buf));
	tap_ok(strstr(buf, "1 packets: bad checksum") &&
	       strstr(buf, "2 packets: bad source") &&
	       strstr(buf, "1 packets: too short"),
	       "drop_details counts per check");
	th_free(g);
}

static void m_bcast(u8 *ip) { ip[15] = 255; }		/* 10.0.0.255 -> .2 */
static void m_bcast_me(u8 *ip) { ip[15] = 255; ip[19] = 5; } /* -> .5 */
static void m_src7(u8 *ip) { ip[15] = 7; }

/* Click's INTERFACES, GOODDST and old (BADSRC2, OFFSET) syntax. */
static void test_checkipheader_click(void)
{
	struct kc_graph *g = th_build(
		"Idle -> c :: CheckIPHeader(14, INTERFACES 10.0.0.5/24 172.16.0.1/12, VERBOSE true, DETAILS true)"
		" -> ok :: Counter -> Discard; c[1] -> bad :: Counter -> Discard;"
		"Idle -> o :: CheckIPHeader(10.0.0.9 10.0.0.7, 14) -> ok2 :: Counter -> Discard;"
		"o[1] -> bad2 :: Counter -> Discard;"
		"Idle -> e :: CheckIPHeader(, 14) -> ok3 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	char big[512];
	int i, n;

	if (!g) {
		tap_ok(0, "CheckIPHeader with Click's arguments: %s", msg);
		return;
	}
	th_push(g, "c", 0, ip_frame(NULL));		/* 10.0.0.1 -> .2 */
	th_push(g, "c", 0, ip_frame(m_bcast));	/* from the broadcast */
	th_push(g, "c", 0, ip_frame(m_bcast_me));	/* ... to us: exempt */
	th_push(g, "c", 0, ip_frame(m_src));	/* 255.255.255.255 */
	tap_ok(th_num(g, "ok", "count") == 2 && th_num(g, "bad", "count") == 2,
	       "INTERFACES 10.0.0.5/24: a source of 10.0.0.255 or 255.255.255.255 is bad (%lld of 2), unless sent to 10.0.0.5 (%lld passed of 2)",
	       th_num(g, "bad", "count"), th_num(g, "ok", "count"));
	th_push(g, "o", 0, ip_frame(NULL));
	th_push(g, "o", 0, ip_frame(m_badsrc));
	th_push(g, "o", 0, ip_frame(m_src7));
	tap_ok(th_num(g, "ok2", "count") == 1 && th_num(g, "bad2", "count") == 2,
	       "old syntax CheckIPHeader(10.0.0.9 10.0.0.7, 14): both listed sources bad, offset 14");
	th_push(g, "e", 0, ip_frame(NULL));
	tap_ok(th_num(g, "ok3", "count") == 1,
	       "CheckIPHeader(, 14): an empty BADSRC2, offset 14");
	th_free(g);
	g = th_build("Idle -> c :: CheckIPHeader(0x0e) -> ok :: Counter -> Discard;",
		     msg, sizeof(msg), NULL);
	if (g)
		th_push(g, "c", 0, ip_frame(NULL));
	tap_ok(g && th_num(g, "ok", "count") == 1,
	       "CheckIPHeader(0x0e): a lone hexadecimal number is OFFSET 14, not an old-syntax BADSRC2 (%s)",
	       g ? "built" : msg);
	th_free(g);

	n = snprintf(big, sizeof(big), "Idle -> c :: CheckIPHeader(INTERFACES");
	for (i = 0; i < 9; i++)
		n += snprintf(big + n, sizeof(big) - n, " 10.%d.0.1/16", i);
	snprintf(big + n, sizeof(big) - n, ") -> Discard;");
	g = th_build(big, msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "INTERFACES: at most 8 addresses"),
	       "nine INTERFACES are refused: %s", msg);
	th_free(g);
	g = th_build("Idle -> c :: CheckIPHeader(INTERFACES 10.0.0.1) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "'10.0.0.1' is not an address with a prefix"),
	       "INTERFACES without a prefix is refused: %s", msg);
	th_free(g);
}

static void test_ipfilter_config_write(void)
{
	struct kc_graph *g = th_build(
		"Idle -> c :: CheckIPHeader(14) -> f :: IPFilter(allow udp, deny all) -> ok :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	char buf[256];

	if (!g) {
		tap_ok(0, "IPFilter graph: %s", msg);
		return;
	}
	th_push(g, "c", 0, ip_frame(NULL));	/* UDP, IP header annotated */
	tap_ok(th_num(g, "ok", "count") == 1, "IPFilter allows UDP");
	tap_ok(!th_write(g, "f", "config", "allow tcp, drop all", msg, sizeof(msg)),
	       "new rules through the config handler");
	th_push(g, "c", 0, ip_frame(NULL));
	tap_ok(th_num(g, "ok", "count") == 1 && th_num(g, "f", "drops") == 1,
	       "the new rules apply to the next packet");
	th_read(g, "f", "config", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "allow tcp, drop all"), "config reads back the new rules");
	tap_ok(th_write(g, "f", "config", "allow tcp port", msg, sizeof(msg)) &&
	       strstr(msg, "rule 1"), "bad rules are refused naming the rule (%s)", msg);
	th_read(g, "f", "program", buf, sizeof(buf));
	tap_ok(strstr(buf, "2 rules") != NULL, "program describes the tree");
	th_free(g);
}

static void m_ttl1(u8 *ip) { ip[8] = 1; }

static void test_ttl_switch_length(void)
{
	struct kc_graph *g = th_build(
		"Idle -> m :: MarkIPHeader(14) -> dt :: DecIPTTL -> cl :: CheckLength(50)"
		" -> sw :: Switch(0); dt[1] -> dead :: Counter -> Discard;"
		" cl[1] -> long :: Counter -> Discard;"
		" sw[0] -> a :: Counter -> Discard; sw[1] -> t :: Truncate(20) -> b :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	struct kc_pkt *p;

	if (!g) {
		tap_ok(0, "DecIPTTL graph: %s", msg);
		return;
	}
	/* A clone: the graph's copy must not write into p's buffer. */
	p = ip_frame(NULL);
	th_push(g, "m", 0, kc_pkt_clone(p));
	tap_ok(kc_pkt_data(p)[14 + 8] == 64,
	       "DecIPTTL copies a shared packet before writing");
	kc_user_pkt_free(p);
	tap_ok(th_num(g, "a", "count") == 1, "TTL 64 passes to output 0");
	th_push(g, "m", 0, ip_frame(m_ttl1));
	tap_ok(th_num(g, "dead", "count") == 1 && th_num(g, "dt", "drops") == 1,
	       "TTL 1 leaves on output 1");
	tap_ok(!th_write(g, "sw", "switch", "1", msg, sizeof(msg)), "Switch is writable");
	th_push(g, "m", 0, ip_frame(NULL));
	tap_ok(th_num(g, "b", "count") == 1 && th_num(g, "b", "byte_count") == 20,
	       "the next packet takes output 1, Truncate(20) cuts it");
	tap_ok(th_write(g, "sw", "switch", "5", msg, sizeof(msg)) && strstr(msg, "K is 5"),
	       "an output out of range is refused");
	th_push(g, "m", 0, th_pkt(60, 0x0800));
	tap_ok(th_num(g, "long", "count") == 1, "CheckLength(50): a 60-byte frame takes output 1");
	th_free(g);
}

static void test_decipttl_checksum(void)
{
	char path[] = "/tmp/kc_test_ttlXXXXXX", text[256];
	u8 frames[1][128];
	struct kc_graph *g;
	int fd = mkstemp(path);

	close(fd);
	snprintf(text, sizeof(text),
		 "Idle -> m :: MarkIPHeader(14) -> DecIPTTL -> ToDump(%s);", path);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "DecIPTTL/ToDump graph: %s", msg);
		return;
	}
	th_push(g, "m", 0, ip_frame(NULL));
	th_free(g);
	tap_ok(read_dump(path, frames, 1) == 1 && frames[0][14 + 8] == 63 &&
	       kc_ip_csum(frames[0] + 14, 5) == 0,
	       "DecIPTTL: TTL 63 and the header checksum still right");
	unlink(path);
}

static void test_switches(void)
{
	struct kc_graph *g = th_build(
		"Idle -> rr :: RoundRobinSwitch; rr[0] -> a :: Counter -> Discard;"
		" rr[1] -> b :: Counter -> Discard; rr[2] -> c :: Counter -> Discard;"
		" Idle -> hs :: HashSwitch(0, 6); hs[0] -> h0 :: Counter -> Discard;"
		" hs[1] -> h1 :: Counter -> Discard;"
		" Idle -> rs :: RandomSwitch; rs[0] -> r0 :: Counter -> Discard;"
		" rs[1] -> r1 :: Counter -> Discard;", msg, sizeof(msg), NULL);
	int i;

	if (!g) {
		tap_ok(0, "switches graph: %s", msg);
		return;
	}
	for (i = 0; i < 9; i++)
		th_push(g, "rr", 0, th_pkt(60, 0x0800));
	tap_ok(th_num(g, "a", "count") == 3 && th_num(g, "b", "count") == 3 &&
	       th_num(g, "c", "count") == 3, "RoundRobinSwitch: 3, 3, 3 of 9");
	for (i = 0; i < 10; i++)
		th_push(g, "hs", 0, th_pkt(60, 0x0800));	/* same 6 bytes */
	tap_ok(th_num(g, "h0", "count") == 10 || th_num(g, "h1", "count") == 10,
	       "HashSwitch: equal bytes, one output");
	th_push(g, "hs", 0, th_pkt(4, 0x0800));
	tap_ok(th_num(g, "h0", "count") + th_num(g, "h1", "count") == 10,
	       "HashSwitch: a packet too short is dropped");
	for (i = 0; i < 200; i++)
		th_push(g, "rs", 0, th_pkt(60, 0x0800));
	tap_ok(th_num(g, "r0", "count") > 50 && th_num(g, "r1", "count") > 50,
	       "RandomSwitch spreads 200 packets (%lld / %lld)",
	       th_num(g, "r0", "count"), th_num(g, "r1", "count"));
	th_free(g);
}

static void test_schedulers(void)
{
	struct kc_graph *g = th_build(
		"Idle -> q0 :: Queue(100) -> [0] rr :: RoundRobinSched -> u :: Unqueue(100)"
		" -> Paint(0) -> out :: Counter -> Discard; Idle -> q1 :: Queue(100) -> [1] rr;"
		" Idle -> p0 :: Queue(100) -> [0] ps :: PrioSched -> u2 :: Unqueue(3) -> o2 :: Counter -> Discard;"
		" Idle -> p1 :: Queue(100) -> [1] ps;", msg, sizeof(msg), NULL);
	int i;

	if (!g) {
		tap_ok(0, "scheduler graph: %s", msg);
		return;
	}
	for (i = 0; i < 4; i++) {
		kc_run_entry(kc_graph_find(g, "q0"), 0, th_pkt(60, 0x0800));
		kc_run_entry(kc_graph_find(g, "q1"), 0, th_pkt(61, 0x0800));
	}
	kc_user_tasks_run();
	tap_ok(th_num(g, "out", "count") == 8 && th_num(g, "u", "count") == 8,
	       "Unqueue moved all 8 packets through RoundRobinSched");
	tap_ok(th_num(g, "q0", "length") == 0 && th_num(g, "q1", "length") == 0,
	       "both queues drained");
	for (i = 0; i < 5; i++) {
		kc_run_entry(kc_graph_find(g, "p0"), 0, th_pkt(60, 0x0800));
		kc_run_entry(kc_graph_find(g, "p1"), 0, th_pkt(61, 0x0800));
	}
	/* One task run (burst 3) takes from the high-priority queue only. */
	{
		struct kc_elem *u2 = kc_graph_find(g, "u2");

		u2->cls->run_task(u2);
	}
	tap_ok(th_num(g, "o2", "count") == 3 && th_num(g, "p0", "length") == 2 &&
	       th_num(g, "p1", "length") == 5, "PrioSched serves input 0 first");
	kc_user_tasks_run();
	tap_ok(th_num(g, "o2", "count") == 10, "then everything, once woken");
	th_free(g);
}

/* ---- small utility elements (issue 16) ---- */

static void run_tasks_call(void *arg)
{
	(void)arg;
	kc_user_tasks_run();
}

static struct kc_pkt *pkt_typed(u8 type, u64 ts)
{
	struct kc_pkt *p = th_pkt(64, 0x0800);

	p->pkt_type = type;
	p->tstamp_ns = ts;
	return p;
}

static void test_dropbroadcasts_painttee(void)
{
	struct kc_graph *g = th_build(
		"Idle -> db :: DropBroadcasts -> p :: Paint(3) -> c :: Counter -> pt :: PaintTee(3);"
		"pt[0] -> a :: Counter -> Discard; pt[1] -> b :: Counter -> Discard;",
		msg, sizeof(msg), NULL);

	if (!g) {
		tap_ok(0, "DropBroadcasts graph: %s", msg);
		return;
	}
	th_push(g, "db", 0, pkt_typed(KC_PKT_HOST, 0));
	th_push(g, "db", 0, pkt_typed(KC_PKT_BROADCAST, 0));
	th_push(g, "db", 0, pkt_typed(KC_PKT_MULTICAST, 0));
	th_push(g, "db", 0, pkt_typed(KC_PKT_OTHERHOST, 0));
	tap_ok(th_num(g, "c", "count") == 2 && th_num(g, "db", "drops") == 2,
	       "DropBroadcasts drops link broadcast and multicast, passes unicast");
	tap_ok(th_num(g, "a", "count") == 2 && th_num(g, "b", "count") == 2,
	       "PaintTee(3) sends paint 3 to output 0 and a copy to output 1");
	th_write(g, "p", "color", "4", NULL, 0);
	th_push(g, "db", 0, pkt_typed(KC_PKT_HOST, 0));
	tap_ok(th_num(g, "a", "count") == 3 && th_num(g, "b", "count") == 2,
	       "PaintTee(3) sends paint 4 to output 0 only");
	th_free(g);
}

static void test_storeipaddress(void)
{
	struct kc_graph *g = th_build(
		"Idle -> ann :: SetIPAddress(10.9.8.7) -> s1 :: StoreIPAddress(4) -> c :: Counter -> Discard;"
		"Idle -> s0 :: StoreIPAddress(4) -> c;"
		"Idle -> s2 :: StoreIPAddress(1.2.3.4, 60); s2[0] -> c; s2[1] -> far :: Counter -> Discard;"
		"Idle -> s3 :: StoreIPAddress(1.2.3.4, 70) -> c;",
		msg, sizeof(msg), NULL);
	struct kc_pkt *p;

	if (!g) {
		tap_ok(0, "StoreIPAddress graph: %s", msg);
		return;
	}
	p = th_pkt(64, 0x0800);
	th_push(g, "ann", 0, kc_pkt_clone(p));
	th_push(g, "s0", 0, kc_pkt_clone(p));
	tap_ok(th_num(g, "c", "count") == 2 &&
	       !memcmp(kc_pkt_data(p) + 4, "\x00\x02\x02\x00", 4),
	       "StoreIPAddress(4): the shared original is untouched");
	th_push(g, "s2", 0, th_pkt(64, 0x0800));
	th_push(g, "s2", 0, th_pkt(63, 0x0800));
	th_push(g, "s3", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "c", "count") == 3 && th_num(g, "far", "count") == 1,
	       "StoreIPAddress(ADDR, 60): a 64-byte packet passes, a 63-byte one goes to output 1");
	tap_ok(th_num(g, "s3", "drops") == 1,
	       "StoreIPAddress without output 1 drops what is too short, and counts");
	kc_user_pkt_free(p);
	th_free(g);
	/* What was written, through a ToDump. */
	{
		char path[] = "/tmp/kc_test_siaXXXXXX", text[256];
		u8 frames[2][128];
		int fd = mkstemp(path), n;

		close(fd);
		snprintf(text, sizeof(text),
			 "Idle -> ann :: SetIPAddress(10.9.8.7) -> StoreIPAddress(4) -> t :: ToDump(%s);"
			 "Idle -> z :: StoreIPAddress(6) -> t;", path);
		g = th_build(text, msg, sizeof(msg), NULL);
		if (!g) {
			tap_ok(0, "StoreIPAddress dump graph: %s", msg);
			return;
		}
		th_push(g, "ann", 0, th_pkt(64, 0x0800));
		th_push(g, "z", 0, th_pkt(64, 0x0800));
		th_free(g);
		n = read_dump(path, frames, 2);
		tap_ok(n == 2 && !memcmp(frames[0] + 4, "\x0a\x09\x08\x07", 4),
		       "StoreIPAddress(OFFSET) writes the destination annotation");
		tap_ok(n == 2 && !memcmp(frames[1] + 6, "\x02\x00\x00\x00\x00\x01", 6),
		       "a zero annotation leaves the packet unchanged");
		unlink(path);
	}
}

static void test_pullswitch_tss(void)
{
	char path[] = "/tmp/kc_test_tssXXXXXX", text[512], buf[64];
	static const u32 ts0[] = { 10, 30, 50 }, ts1[] = { 20, 25, 60 };
	static const u32 want[] = { 99, 99, 99, 10, 20, 25, 30, 50, 60 };
	struct pcap_pkthdr *h;
	struct kc_graph *g;
	struct kc_pkt *p;
	const u_char *d;
	int fd = mkstemp(path), i, n = 0, bad = 0;
	pcap_t *pc;

	close(fd);
	snprintf(text, sizeof(text),
		 "Idle -> q0 :: Queue; Idle -> q1 :: Queue;"
		 "q0 -> [0] tss :: TimeSortedSched; q1 -> [1] tss;"
		 "tss -> [0] ps :: PullSwitch(-1); Idle -> q2 :: Queue -> [1] ps;"
		 "ps -> u :: Unqueue -> c :: Counter -> ToDump(%s);", path);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "PullSwitch graph: %s", msg);
		return;
	}
	/* A packet's length is its timestamp (us), to read the order back. */
	for (i = 0; i < 3; i++) {
		p = th_pkt(60 + ts0[i], 0x0800);
		p->tstamp_ns = ts0[i] * 1000ULL;
		th_push(g, "q0", 0, p);
		p = th_pkt(60 + ts1[i], 0x0800);
		p->tstamp_ns = ts1[i] * 1000ULL;
		th_push(g, "q1", 0, p);
		p = th_pkt(60 + 99, 0x0800);
		p->tstamp_ns = 99000;
		th_push(g, "q2", 0, p);
	}
	tap_ok(th_num(g, "c", "count") == 0,
	       "PullSwitch(-1) answers no pull: nothing moves");
	th_write(g, "ps", "switch", "1", NULL, 0);
	kc_user_on_stack(run_tasks_call, NULL);
	tap_ok(th_num(g, "c", "count") == 3 && th_num(g, "q2", "length") == 0 &&
	       th_num(g, "q0", "length") == 3,
	       "switch 1 wakes the puller: input 1's three packets move, input 0's stay");
	th_write(g, "ps", "switch", "0", NULL, 0);
	kc_user_on_stack(run_tasks_call, NULL);
	tap_ok(th_num(g, "c", "count") == 9,
	       "switch 0 (through TimeSortedSched): its six packets follow");
	th_read(g, "tss", "well_ordered", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "true"), "well_ordered is true for sorted inputs");
	th_free(g);
	pc = pcap_open_offline(path, buf);
	while (pc && n < 9 && pcap_next_ex(pc, &h, &d) == 1)
		bad += h->len != 60 + want[n++];
	if (pc)
		pcap_close(pc);
	tap_ok(n == 9 && !bad,
	       "TimeSortedSched merges 10,30,50 and 20,25,60 into 10,20,25,30,50,60");
	unlink(path);
}

static void test_script(void)
{
	struct kc_graph *g;
	char buf[256];

	g = th_build("x :: Script(export a 1);", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "unknown instruction 'export'"),
	       "Script refuses export, saying why: %s", msg);
	th_free(g);
	g = th_build("x :: Script(TYPE PACKET, end);", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "no ports"), "Script refuses TYPE PACKET: %s", msg);
	th_free(g);
	g = th_build("a :: DriverManager(stop); b :: DriverManager(stop);",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "manages the driver already"),
	       "a second DriverManager is refused: %s", msg);
	th_free(g);
	g = th_build("Idle -> p :: Paint(0) -> Discard;"
		     "s :: Script(TYPE PASSIVE, set n $(add $1 $2), pause 2, write p.color $(mul $n $#), return $n);"
		     "t :: Script(TYPE PASSIVE, return $(s.run));",
		     msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "Script graph: %s", msg);
		return;
	}
	th_read(g, "t", "run", buf, sizeof(buf));
	tap_ok(!strcmp(buf, ""), "a PASSIVE script blocked at pause returns nothing yet ('%s')", buf);
	tap_ok(!th_write(g, "s", "run", "3 4", msg, sizeof(msg)) &&
	       !th_write(g, "s", "step", "", msg, sizeof(msg)) &&
	       th_num(g, "p", "color") == 0,
	       "run with arguments 3 4, one step: still at pause 2");
	th_write(g, "s", "step", "", msg, sizeof(msg));
	tap_ok(th_num(g, "p", "color") == 14,
	       "the second step: it writes p.color $(mul $(add 3 4) $#) = 14 (got %lld)",
	       th_num(g, "p", "color"));
	tap_ok(th_write(g, "s", "goto", "nolabel", msg, sizeof(msg)) != 0 &&
	       strstr(msg, "no label"), "goto to a missing label is refused: %s", msg);
	th_free(g);
	/* Click's other names for pause and wait (conf/schedorder1.click). */
	g = th_build("Idle -> p :: Paint(0) -> Discard;"
		     "s :: Script(TYPE PASSIVE, wait_stop, write p.color 5, wait,"
		     " write p.color 6, wait_step, write p.color 7, wait_for 1s,"
		     " write p.color 8, wait_time 2ms, write p.color 9);",
		     msg, sizeof(msg), NULL);
	if (g) {
		long long c[5];
		int k;

		th_write(g, "s", "run", "", NULL, 0);
		for (k = 0; k < 5; k++) {
			c[k] = th_num(g, "p", "color");
			th_write(g, "s", "step", "", NULL, 0);
		}
		tap_ok(c[0] == 0 && c[1] == 5 && c[2] == 6 && c[3] == 7 &&
		       c[4] == 8 && th_num(g, "p", "color") == 9,
		       "wait_stop, wait, wait_step, wait_for, wait_time each block until a step (%lld %lld %lld %lld %lld)",
		       c[0], c[1], c[2], c[3], c[4]);
	} else {
		tap_ok(0, "Script with Click's wait names: %s", msg);
	}
	th_free(g);
	g = th_build("x :: Script(TYPE PASSIVE, return $(x.run));", msg, sizeof(msg), NULL);
	if (g) {
		th_read(g, "x", "run", buf, sizeof(buf));
		tap_ok(th_num(g, "x", "errors") == 1,
		       "a Script reading its own run handler is caught, not recursed");
	} else {
		tap_ok(0, "recursive Script graph: %s", msg);
	}
	th_free(g);
}

/*
 * FromHost offline: an idle source whose PREFIX (an AddressInfo name
 * here) is what `kclick install` would give the device; its arguments'
 * bounds are refused naming the argument.
 */
static void test_fromhost(void)
{
	static const struct { const char *cfg, *msg; } bad[] = {
		{ "FromHost(f0, MTU 67)", "MTU: 67 is not 68 to 65535" },
		{ "FromHost(f0, CAPACITY 0)", "CAPACITY: 0 is not 1 to 65536" },
		{ "FromHost(f0, CAPACITY 65537)", "CAPACITY: 65537" },
		{ "FromHost(f0, BURST 1025)", "BURST: 1025 is not 1 to 1024" },
		{ "FromHost(f0, 10.0.0.300/8)", "PREFIX: expected ADDR/MASK" },
		{ "FromHost(a_name_much_too_long0)", "DEVNAME" },
		{ "FromHost(PREFIX 10.0.0.1/8)", "DEVNAME" },
		{ "FromHost(f0, TYPE IP)", "TYPE: only ETHER" },
	};
	static const struct { const char *cfg, *msg; } bad_th[] = {
		{ "Idle -> ToHostSniffers(TYPE IP);", "TYPE: IP is for the host's stack, not with SNIFFERS" },
		{ "Idle -> ToHost(SNIFFERS true, TYPE IP);", "not with SNIFFERS" },
		{ "Idle -> ToHost(TYPE ATM);", "TYPE: expected ETHER or IP, not 'ATM'" },
	};
	char buf[256], pfx[64];
	struct kc_graph *g;
	size_t i;

	g = th_build("AddressInfo(net 10.77.0.1/16);"
		     "x :: FromHost(f0, net, CAPACITY 7) -> c :: Counter"
		     " -> Discard;", msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "FromHost graph: %s", msg);
		return;
	}
	kc_user_on_stack(run_tasks_call, NULL);
	tap_ok(th_num(g, "c", "count") == 0 && th_num(g, "x", "length") == 0 &&
	       th_num(g, "x", "drops") == 0 && th_num(g, "x", "ifindex") == 0,
	       "FromHost is an idle source offline");
	tap_ok(!th_read(g, "x", "prefix", pfx, sizeof(pfx)) &&
	       !strcmp(pfx, "10.77.0.1/16"),
	       "FromHost prefix from an AddressInfo name: %s", pfx);
	tap_ok(!th_read(g, "x", "device", buf, sizeof(buf)) &&
	       !strcmp(buf, "f0") && th_num(g, "x", "capacity") == 7,
	       "FromHost device and capacity handlers");
	th_free(g);
	g = th_build("x :: FromHost(f1) -> Discard;", msg, sizeof(msg), NULL);
	tap_ok(g && !th_read(g, "x", "prefix", pfx, sizeof(pfx)) && !pfx[0],
	       "FromHost without PREFIX has an empty prefix");
	if (g)
		th_free(g);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(buf, sizeof(buf), "%s -> Discard;", bad[i].cfg);
		g = th_build(buf, msg, sizeof(msg), NULL);
		tap_ok(!g && strstr(msg, bad[i].msg), "%s refused: %s",
		       bad[i].cfg, msg);
		if (g)
			th_free(g);
	}
	for (i = 0; i < ARRAY_SIZE(bad_th); i++) {
		g = th_build(bad_th[i].cfg, msg, sizeof(msg), NULL);
		tap_ok(!g && strstr(msg, bad_th[i].msg), "%s refused: %s",
		       bad_th[i].cfg, msg);
		if (g)
			th_free(g);
	}
}

int main(void)
{
	test_configs();
	test_time_args();
	test_bandwidth_args();
	test_shapers();
	test_counter_call();
	test_getipaddress_ip();
	test_unqueue_click();
	test_agnostic_ports();
	test_strip_unstrip();
	test_ethermirror();
	test_tee_paint();
	test_queue_print_idle();
	test_checkipheader();
	test_checkipheader_click();
	test_ipfilter_config_write();
	test_ttl_switch_length();
	test_decipttl_checksum();
	test_switches();
	test_schedulers();
	test_dropbroadcasts_painttee();
	test_storeipaddress();
	test_pullswitch_tss();
	test_script();
	test_fromhost();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
