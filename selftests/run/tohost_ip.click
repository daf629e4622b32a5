// %pcap in 20 --bad-every 5
// %args --dev eth0=$IN --dev host=:$OUT
// %tcpdump-out
// ToHost TYPE IP offline: packets handed to the host from their IP header
// are written behind a zeroed Ethernet header of type IPv4; what does not
// start with an IPv4 header (a byte too far, here) is dropped and counted
// (th2.drops 20).
FromDevice(eth0) -> t :: Tee;
t[0] -> Strip(14) -> th :: ToHost(eth0, TYPE IP);
t[1] -> Strip(15) -> th2 :: ToHost(eth0, TYPE IP);
