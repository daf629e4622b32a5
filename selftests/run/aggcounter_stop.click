// %pcap in 0 --scenario mon
// %args --pcap $IN
// AggregateCounter's COUNT_STOP over the "mon" workload
// (scripts/genpcap.py): n500 stops counting at its 500th packet and asks
// the driver to stop, so the run ends there: FromDevice's count is 500
// plus the pings AggregateIPFlows sent to output 1 by then (other), and
// n500.active is false.  n500 counts flows 1 to 4 as they came, flow 1
// (800 of the 1,951 packets) 210 of them.
FromDevice(eth0) -> CheckIPHeader(14) -> af :: AggregateIPFlows
	-> n500 :: AggregateCounter(COUNT_STOP 500)
	-> after :: Counter -> Discard;
af[1] -> other :: Counter -> Discard;
