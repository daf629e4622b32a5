// Click reference: an 8-output IPClassifier, 211 instructions per packet.
FromDevice(in) -> Strip(14) -> CheckIPHeader -> c :: IPClassifier(
  tcp dst port 80, tcp dst port 443, tcp dst port 22, udp dst port 53,
  icmp type echo, tcp, udp, -);
c[0] -> Discard;
c[1] -> Discard;
c[2] -> Discard;
c[3] -> Discard;
c[4] -> Discard;
c[5] -> Discard;
c[6] -> Discard;
c[7] -> Discard;
