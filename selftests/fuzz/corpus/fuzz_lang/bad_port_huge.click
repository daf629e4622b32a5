// expect: 3: port number out of range (maximum 65535)
c :: Counter;
FromDevice(d0) -> c [99999999999] -> Discard;
