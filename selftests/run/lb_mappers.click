// %pcap in 0 --scenario lb
// %args --dev eth0=$IN --dev eth1=:$OUT
// %tcpdump-out
// A virtual address 10.9.9.9 in front of three backends: 12 clients open
// two connections each.  Round robin (rr) spreads the 24 evenly; the
// source hash (sh) sends both connections of a client to one backend.
FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> t :: Tee;
rr :: RoundRobinIPMapper(- - 10.0.0.1 - 0 3, - - 10.0.0.2 - 1 3, - - 10.0.0.3 - 2 3);
sh :: SourceIPHashMapper(16 7, - - 10.0.0.1 - 0 3 1, - - 10.0.0.2 - 1 3 2, - - 10.0.0.3 - 2 3 3);
t[0] -> [0]rwr :: IPRewriter(rr, drop);
t[1] -> [0]rws :: IPRewriter(sh, drop);
Idle -> [1]rwr;
Idle -> [1]rws;
rwr[0] -> r1 :: Counter -> Discard;
rwr[1] -> r2 :: Counter -> Discard;
rwr[2] -> r3 :: Counter -> Discard;
rwr[3] -> Discard;
rws[0] -> s1 :: Counter -> out :: EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02) -> ToDevice(eth1);
rws[1] -> s2 :: Counter -> out;
rws[2] -> s3 :: Counter -> out;
rws[3] -> Discard;
