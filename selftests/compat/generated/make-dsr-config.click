AddressInfo(me0 10.0.0.1);
AddressInfo(my_ether eth0:eth);

rt_q2 :: SimpleQueue(10); // just ahead of todevice

dsr_ls :: LinkStat(ETH my_ether, SIZE 148) -> rt_q0 :: Queue(5);

dsr_lt :: LinkTable(IP me0);
dsr_rt :: DSRRouteTable(me0, dsr_lt, OUTQUEUE rt_q2, USE_BLACKLIST 1);

dsr_arp :: DSRArpTable(me0, my_ether);

in1 :: FromDevice(eth0, PROMISC 0);

dsr_filter :: HostEtherFilter(my_ether,1);


in_cl :: Classifier(12/7FFF, -);
in_cl[0] -> dsr_ls;

// [2]dsr_arp takes incoming packets, and passes them through
// unchanged to output 2, adding entries to an ARP table

// in the kernel we need to explicitly copy packets going to and
// from the device to hostsniffers.

in1 -> // Print(_in, NBYTES 192) -> 
          in_t :: Tee(2);

in_t[0] -> in_cl;
in_t[1] -> ToHostSniffers(eth0);

in_cl[1] -> dsr_filter; // non-probes -- XXX does this need to come after the hostetherfilter?

// respond to ARP requests from the kernel with a bogus MAC
from_host :: FromHost(dsr0, me0/24) -> bs_t :: Tee(2);

// packets destined for this host
dsr_rt[0] -> // Print(_th) -> 
             CheckIPHeader -> 
             setup_cl :: IPClassifier(udp port 8022, -);

setup_cl[0] -> Print(setup) -> Discard;
setup_cl[1] -> EtherEncap(0x0800, my_ether, my_ether) ->
               ToHost(dsr0);

bs_t[0] -> arp_cl :: Classifier(12/0806, 12/0800);
bs_t[1] -> Discard; // dodge wmem_alloc bug

arp_cl[0] -> ARPResponder(0.0.0.0/0 1:1:1:1:1:1) -> 
             ToHost;

// IP packets from the kernel
arp_cl[1] -> // Print(_fh) ->
             Strip(14) ->
             CheckIPHeader ->
             MarkIPHeader ->
             GetIPAddress(16) ->
             [0]dsr_rt;

// (again) in the kernel we need to explicitly copy packets going to
// and from the device to hostsniffers.

ls_prio :: PrioSched -> out_pt :: PullTee(2);

out_pt[0] -> ToDevice(eth0);
out_pt[1] -> ToHostSniffers(eth0);


    
dsr_filter[0] -> CheckIPHeader(14) -> [2]dsr_arp;

// drop packets with my ethernet source address
dsr_filter[1] -> // Print(Mine) ->
                 Discard;

dsr_arp[2] -> Print(_in, NBYTES 192) ->
              Strip(14) ->
              IPPrint ->
              CheckIPHeader() ->
              MarkIPHeader() ->
              GetIPAddress(16) ->
              DSR_class :: Classifier(09/C8, -);  // DSR packets

DSR_class[0] -> // Print(DSR) ->
                [1]dsr_rt;
DSR_class[1] -> // Print(Other) ->
                Discard;


// packets to send out on the wireless; dsr_arp puts on the ethernet
// header based on its ARP table
td_prio :: PrioSched;
dsr_rt[1] -> rt_q1 :: Queue(20) -> [0]td_prio;
dsr_rt[2] -> rt_q2 -> [1]td_prio;
td_prio -> [0]dsr_arp;

Idle -> [1] dsr_arp [1] -> Idle;

Idle -> [0]ls_prio;
rt_q0 -> Discard;

dsr_arp[0] -> Print(out, NBYTES 192) ->
              [1]ls_prio;

// packet spewer for throughput tests.
spew :: RatedSource(ACTIVE false, RATE 700, DATA '00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000')
        -> Strip(42) // 14 + 20 + 8 = 42
                     // (eth + ip + udp)
        -> seq :: IncrementSeqNo(FIRST 0, OFFSET 0)
        -> SetIPAddress(me0)
        -> StoreIPAddress(4)
        -> udp :: UDPIPEncap(me0, 1111, 0.0.0.0, 8021)
        -> CheckIPHeader 
        -> GetIPAddress(16) 
        -> [0]dsr_rt;

// setup the DSR source route
setup :: RatedSource(ACTIVE false, RATE 1, DATA 'xxx')
        -> SetIPAddress(me0)
        -> StoreIPAddress(4)
        -> udp2 :: UDPIPEncap(me0, 1111, 0.0.0.0, 8022)
        -> CheckIPHeader 
        -> GetIPAddress(16) 
        -> [0]dsr_rt;

poke :: Script(pause,
		     write setup.active true,
		     wait 5,
		     write setup.active false,
		     wait 5,
                     write spew.active true,
		     wait 30,
                     write spew.active false,
                     loop);

setup_poke :: Script(pause, write setup.active true, wait 5, write setup.active false, loop);


// tx feedback
wifi_fb :: WifiTXFeedback;

wifi_fb[0] -> Discard; // successful transmissions
wifi_fb[1] -> MSQueue -> // failures
           Unqueue -> 
           Classifier(! 0/FFFFFFFFFFFF) -> // throw out broadcasts
          Print(txf) -> Strip(14) ->
          CheckIPHeader ->
          [2]dsr_rt;

  