// expect: 5: push/pull conflict
q :: Queue;
FromDevice(d0) -> q;
c :: Counter;
q -> c -> Tee -> Discard;
