// expect: 4: inputs
a :: FromDevice(d0);
b :: FromDevice(d3);
d :: Discard;
a -> [0] d; b -> [1] d;
