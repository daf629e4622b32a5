#!/usr/local/bin/click
// A small two-interface forwarder: exercises most of the language at once.
require(package "kclick");
define($IN eth0, $OUT eth1);

/* Classify, count and forward one direction. */
elementclass Dir { $dev, QLEN $q |
	input -> cl :: Classifier(12/0800, -);
	cl [0] -> Strip(14) -> c :: Counter -> [0] output;
	cl [1] -> Discard;
	input [1] -> Queue($q) -> ToDevice($dev);
	// output 1 carries what the counter saw, for a tap
	c -> [1] output;
}

fwd :: Dir($OUT, QLEN 64);
FromDevice($IN) -> fwd;
fwd [0] -> [1] fwd;
fwd [1] -> tap :: Discard;
