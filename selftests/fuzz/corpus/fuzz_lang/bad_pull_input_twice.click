// expect: 5: pull input 0 is connected more than once
FromDevice(d0) -> t :: Tee;
t[0] -> q1 :: Queue;
t[1] -> q2 :: Queue;
td :: ToDevice(d3);
q1 -> td; q2 -> td;
