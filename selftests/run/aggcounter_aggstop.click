// %pcap in 0 --scenario mon
// %args --pcap $IN
// AggregateCounter's AGGREGATE_STOP over the "mon" workload
// (scripts/genpcap.py): flows 1, 2 and 3 (UDP, TCP, UDP) start with
// its first three packets, so agg3 stops the run at the third packet
// (FromDevice.count 3), one packet of each flow counted.
FromDevice(eth0) -> CheckIPHeader(14) -> af :: AggregateIPFlows
	-> agg3 :: AggregateCounter(AGGREGATE_STOP 3) -> Discard;
af[1] -> Discard;
