// expect: 3: already
a :: FromDevice(d0);
b :: FromDevice(d0);
a -> Discard; b -> Discard;
