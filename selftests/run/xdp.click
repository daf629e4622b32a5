// %pcap a 6
// %pcap b 5
// %pcap c 4
// %pcap d 3
// %args --dev e0=$a:$tx0 --dev e1=$b --dev e2=:$redir2 --dev e3=$c --dev e4=$d --dev host=:$passed
// %tcpdump tx0 redir2 passed
// FromDevice METHOD XDP in kclick run: each device's frames go through
// the XDP walk (engine/xdp.c) and its verdict is carried out as the
// kernel's program would: e0's frames come back out of e0 mirrored
// (XDP_TX), e1's are redirected to e2, e3's go to the host (XDP_PASS),
// e4's are dropped (XDP_DROP).  The counters are those the kernel keeps.
x0 :: FromDevice(e0, METHOD XDP) -> c0 :: Counter -> EtherMirror -> t0 :: ToDevice(e0);
x1 :: FromDevice(e1, METHOD XDP) -> c1 :: Counter -> t2 :: ToDevice(e2);
x3 :: FromDevice(e3, METHOD XDP) -> c3 :: Counter -> h :: ToHost;
x4 :: FromDevice(e4, METHOD XDP) -> c4 :: Counter -> d :: Discard;
