// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program libkclick attaches to a device a graph receives from
 * with FromDevice(DEV, METHOD XDP) (lib/xdp/attach.c).  All the work is in
 * the module's kfunc (kmod/xdp.c): it runs the frame through the graph
 * and answers the XDP action in the low 8 bits, and for XDP_REDIRECT the
 * target device's ifindex in the upper 32 bits, which only a program can
 * hand to bpf_redirect().
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern __u64 kclick_xdp_rx(struct xdp_md *ctx) __ksym;

SEC("xdp")
int kclick_xdp(struct xdp_md *ctx)
{
	__u64 r = kclick_xdp_rx(ctx);
	__u32 act = r & 0xff;

	if (act == XDP_REDIRECT)
		return bpf_redirect((__u32)(r >> 32), 0);
	return act;
}

char LICENSE[] SEC("license") = "GPL";
