// expect: 2: expected element near ';'
FromDevice(d0) -> ;
