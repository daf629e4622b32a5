// The empty run every other cost is measured against.
FromDevice(in) -> Discard;
