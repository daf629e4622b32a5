// SPDX-License-Identifier: GPL-2.0
/*
 * The floor of make bench's XDP rows (scripts/bench-guest-xdp): the least
 * an XDP program can do with a frame.  kclick's XDP drop is compared with
 * it on the same device in the same boot.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
