// Queue and the pull task of ToDevice (unbound: counts and drops).
FromDevice(in) -> Queue(1000) -> ToDevice(out);
