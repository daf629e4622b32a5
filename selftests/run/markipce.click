// %pcap in 30 --seed 7
// %args --pcap $IN --out $OUT
// %tcpdump-out
// MarkIPCE over 30 random packets: TCP is made ECN-capable (ECT(0))
// and MarkIPCE sets CE on each (tcpdump shows "tos 0x3,CE" and checks
// the header checksum, updated incrementally); ICMP is not ECN-capable,
// so the same MarkIPCE drops it (m.drops); UDP goes through a
// MarkIPCE(FORCE true), which sets CE without ECT.  Every packet that
// leaves has CE (ce.count = m.count + f.count, notce.count 0).
FromDevice(eth0) -> CheckIPHeader(14) -> p :: IPClassifier(tcp, udp, -);
p[0] -> SetIPECN(ECT(0)) -> tcp :: Counter -> m :: MarkIPCE;
p[1] -> udp :: Counter -> f :: MarkIPCE(FORCE true);
p[2] -> icmp :: Counter -> m;
m -> c :: IPClassifier(ip ce, -);
f -> c;
c[0] -> ce :: Counter -> out :: Counter;
c[1] -> notce :: Counter -> out;
out -> ToDevice(eth0);
