// %config examples/monitor.click
// %pcap in 1000 --seed 5
// %args --pcap $IN
// examples/monitor.click over 1,000 random packets 10 us apart (100,000
// a second for 10 ms): all.rate is 1000 packets over 9.99 ms; the Meter
// sees 10,000/s after its first few epochs and counts the rest as busy;
// tcp_rate and udp_rate are each protocol's share.
