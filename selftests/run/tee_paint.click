// %pcap in 3000 --seed 5
// %args --pcap $IN
FromDevice(eth0) -> t :: Tee(2);
t[0] -> short :: Counter -> Strip(200) -> long :: Counter -> Discard;
t[1] -> Paint(1) -> ps :: PaintSwitch;
ps[0] -> Discard;
ps[1] -> one :: Counter -> Print(p, 0, ACTIVE false) -> Discard;
