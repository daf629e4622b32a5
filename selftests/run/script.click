// %pcap in 1000 --seed 3
// %args --pcap $IN
// %stderr
// Script (issue 16) on kclick run's virtual clock; the input is 1,000
// packets 10 us apart.  s counts them in 2 ms windows (write c.reset),
// three times, then asks the driver to stop: the run ends after 601
// packets (0 us to 6,000 us), not 1,000.  e checks the expression
// functions, p is a PASSIVE script kclick run reads at the end (its run
// handler), bad loops without waiting and is stopped at 1,000
// instructions (print true is a handler that does not exist), w writes a handler that does not exist ($? < 0).
FromDevice(eth0) -> c :: Counter -> Discard;
s :: Script(print "start: $(c.count) packets",
	set i 0,
	label top,
	wait 2ms,
	set i $(add $i 1),
	print "window $i: $(c.count) packets",
	write c.reset,
	goto top $(lt $i 3),
	read c.count,
	stop);
e :: Script(print $(add 1 2 3) $(sub 10 5 2) $(mul -3 4) $(div 7 2) $(mod 7 3) $(neg 4) $(abs -9) $(min 5 10 2) $(max 5 10 2),
	print "$(eq 10 0xA) $(ne a b) $(lt 2 10) $(lt b a) $(ge 3 3) $(not false) $(and true yes) $(or false 0) $(nand true true) $(nor false false)",
	print "$(if $(gt 2 1) bigger smaller) $(in foo bar foo) $(length abcdef) $(unquote "a b")",
	set x c.count,
	print $x,
	print $($x),
	print c.count,
	print true,
	print '$x is not expanded in single quotes',
	setq y "quoted",
	print "$y",
	print $(div 1 0),
	end);
p :: Script(TYPE PASSIVE, return $(add $(c.count) 1000));
bad :: Script(label a, goto a);
w :: Script(write c.nosuch 1, print "write status $?", write c.reset, print "reset status $?");
