// Paint and dispatch on the paint.
FromDevice(in) -> Paint(1) -> ps :: PaintSwitch; ps[0] -> Discard; ps[1] -> Discard;
