// expect: 5: LENGTH: expected an unsigned 32-bit integer, got '$m'
// Click leaves a parameter the compound does not declare as literal text,
// so the element it reaches refuses it, naming the compound's element.
elementclass Foo { $n |
  input -> Strip($m) -> output;
}
FromDevice(d0) -> Foo(14) -> Discard;
