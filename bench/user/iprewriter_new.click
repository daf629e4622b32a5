// bench-user: --no-icmp --unique --n1 10000 --n2 60000
// Click reference (issue 12): Click 2.1's userlevel IPRewriter, 1,627
// instructions per packet on new flows.  The same NAT as
// iprewriter_est.click, every packet a new TCP or UDP flow (60,000 of them
// stay within the pattern's 64,512 ports).
FromDevice(in) -> Strip(14) -> CheckIPHeader
  -> rw :: IPRewriter(pattern 10.9.0.1 1024-65535 - - 0 1,
                      MAPPING_CAPACITY 200000);
rw[0] -> Discard;
rw[1] -> Discard;
