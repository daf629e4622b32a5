// bench-user: --no-icmp
// Click reference (issue 12): Click 2.1's userlevel IPRewriter, 732
// instructions per packet on established flows.  NAT of 1000 TCP and UDP
// flows, every flow mapped within the first few thousand packets, so the
// marginal cost is that of packets of established flows (with Strip and
// CheckIPHeader: subtract strip_checkipheader for IPRewriter alone).
FromDevice(in) -> Strip(14) -> CheckIPHeader
  -> rw :: IPRewriter(pattern 10.9.0.1 1024-65535 - - 0 1,
                      MAPPING_CAPACITY 200000);
rw[0] -> Discard;
rw[1] -> Discard;
