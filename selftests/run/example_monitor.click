// %config examples/monitor.click
// %pcap in 1000 --seed 5 --flows 12
// %args --pcap $IN
// examples/monitor.click over 1,000 random packets of 12 flows, 10 us
// apart (100,000 a second for 10 ms): all.rate is 1000 packets over
// 9.99 ms; the Meter sees 10,000/s after its first few epochs and counts
// the rest as busy; tcp_rate and udp_rate are each protocol's share.
// flows numbers the TCP and UDP flows (ICMP goes to its output 1),
// flow_pkts and flow_bytes count each one's packets and IP bytes (their
// sums are the tcp and udp counts and IP bytes); hosts.look has the
// byte rates by source address, split down to the hosts that pass
// 10,000 bytes/s (a moving average over 8.4 ms epochs: of this 10 ms
// trace it has seen about one).
