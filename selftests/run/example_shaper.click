// %config examples/shaper.click
// %pcap a 2000 --seed 3
// %pcap b 0
// %args --dev ma=$a --dev mb=$b
// examples/shaper.click over 2,000 random packets from a, 10 us apart
// (about 135 Mbit/s for 20 ms), into its 10 Mbit/s shaper.  None is to
// or from port 5201, so all are low class (clo); the low queue of 200
// fills and drops the rest (lo.drops).  The shaper then drains the
// queue on the run's clock: sent.byte_count is what passed, in 20 ms
// and the drain after (the run's 10 s of trace time).
