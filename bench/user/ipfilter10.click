// Click reference: an 11-rule IPFilter, ~197 instructions per packet.
// 10 rules that no generated packet matches, then a verdict.
FromDevice(in) -> Strip(14) -> CheckIPHeader -> IPFilter(
  allow src host 192.168.0.1 && dst udp port 1000,
  allow src host 192.168.0.2 && dst udp port 1001,
  allow src host 192.168.0.3 && dst udp port 1002,
  allow src host 192.168.0.4 && dst udp port 1003,
  allow src host 192.168.0.5 && dst udp port 1004,
  allow src host 192.168.0.6 && dst udp port 1005,
  allow src host 192.168.0.7 && dst udp port 1006,
  allow src host 192.168.0.8 && dst udp port 1007,
  allow src host 192.168.0.9 && dst udp port 1008,
  allow src host 192.168.0.10 && dst udp port 1009,
  allow all) -> Discard;
