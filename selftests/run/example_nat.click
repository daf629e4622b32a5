// %config examples/nat.click
// %pcap inside 0 --scenario nat-in
// %pcap outside 0 --scenario nat-out
// %args --dev ni=$inside:$to_inside --dev no=$outside:$to_outside
// %tcpdump to_inside to_outside
// examples/nat.click over the scenario of scripts/genpcap.py --scenario
// nat-in/nat-out: what leaves each side (tcpdump -vv checks the
// checksums, the quoted ones too) and the handlers, the mapping tables
// and the unsolicited count among them.
