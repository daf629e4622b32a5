// Traffic shaping: a 10 Mbit/s link from host a (behind ma) to host b
// (behind mb) with two classes under PrioSched.  High priority: ARP and
// anything to or from port 5201 (a voice or control flow); low: the
// rest.  The high class is served first whenever it has a packet, so a
// low class that saturates the link gets what is left; the shaper paces
// both.  The way back is not shaped.
//
//   kclick install shaper examples/shaper.click
//   kclick read shaper/sent.byte_count; kclick write shaper/shaper.rate 5Mbps
//
// Rates count the frames as kclick holds them, Ethernet header included
// (1,514 bytes for a 1,500-byte IP packet): TCP's payload through a
// 10 Mbit/s shaper is about 10 * 1448 / 1514 = 9.56 Mbit/s.  Senders
// should not use TSO/GSO (ethtool -K DEV tso off gso off), or the
// shaper paces 64 KB super-packets, 52 ms each at 10 Mbit/s.
FromDevice(ma) -> cl :: Classifier(12/0806, 12/0800, -);
cl[0] -> hi :: Queue(200);
cl[1] -> CheckIPHeader(14) -> ipc :: IPClassifier(port 5201, -);
ipc[0] -> hi;
ipc[1] -> lo :: Queue(200);
cl[2] -> Discard;
hi -> chi :: Counter -> [0] ps :: PrioSched;
lo -> clo :: Counter -> [1] ps;
ps -> shaper :: BandwidthShaper(10Mbps) -> sent :: Counter -> ToDevice(mb);

FromDevice(mb) -> back :: Queue(200) -> ToDevice(ma);
