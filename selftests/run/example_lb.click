// %config examples/lb.click
// %pcap clients 0 --scenario lb-cl
// %pcap backends 0 --scenario lb-be
// %args --dev lc=$clients:$to_clients --dev ls=$backends:$to_backends
// %tcpdump to_clients to_backends
// examples/lb.click over the scenario of scripts/genpcap.py --scenario
// lb-cl/lb-be: 6 clients open 2 connections to each VIP; round robin
// sends the first VIP's 12 in turn to the 3 backends, the source hash the
// second's by client address (both connections of a client to one
// backend); of the three backends' answers to each connection only the
// chosen one's comes back, from the VIP.
