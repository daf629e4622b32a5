// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_PASS, for xdp.sh: on 6.1, a veth whose peer sends it XDP_TX frames
 * queues them in its ring but is only woken (veth_xdp_flush) when it has
 * an XDP program itself; this one changes nothing else.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
