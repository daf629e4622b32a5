// A stateless firewall between host a (behind ma) and host b (behind mb),
// as in the a - mid - b demo.  From a to b: ping, SSH and HTTP; from b to
// a: only the answers (echo replies, segments from ports 22 and 80).
// Frames that are not IPv4 (ARP) pass unfiltered: CheckIPHeader sends them
// to its output 1.
from_a :: FromDevice(ma);
from_b :: FromDevice(mb);
to_a :: ToDevice(ma);
to_b :: ToDevice(mb);

from_a -> ca :: CheckIPHeader(14);
ca[0] -> fa :: IPFilter(
	allow icmp type echo,
	allow tcp dst port 22 or 80,
	deny all) -> pass_ab :: Counter -> to_b;
ca[1] -> to_b;

from_b -> cb :: CheckIPHeader(14);
cb[0] -> fb :: IPFilter(
	allow icmp type echo-reply,
	allow tcp src port 22 or 80,
	deny all) -> pass_ba :: Counter -> to_a;
cb[1] -> to_a;
