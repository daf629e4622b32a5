// expect: 3: unknown compound parameter '$m'
elementclass Foo { $n |
  input -> Strip($m) -> output;
}
FromDevice(d0) -> Foo(14) -> Discard;
