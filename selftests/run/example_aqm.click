// %config examples/aqm.click
// %pcap a 2000 --seed 3
// %pcap b 0
// %args --dev ma=$a --dev mb=$b
// examples/aqm.click over 2,000 random packets from a, 10 us apart (about
// 190 Mbit/s for 20 ms) into its 10 Mbit/s bottleneck.  None is
// ECN-capable, so RED drops: early while the average climbs past
// MIN_THRESH 5, every packet once it is past 2 * MAX_THRESH, and the
// queue of 100 never fills (q.drops 0).  The shaper then drains the
// queue on the run's clock; offered.rate and sent.rate are the rates in
// and out.
