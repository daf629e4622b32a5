// The same chain of 10 Counters.
FromDevice(in) -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Discard;
