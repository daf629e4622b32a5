// A copy per packet.
FromDevice(in) -> t :: Tee(2); t[0] -> Discard; t[1] -> Discard;
