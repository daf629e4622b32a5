// expect: 3: unknown element class
elementclass Foo {
  input -> Countre -> output;
}
FromDevice(d0) -> Foo -> Discard;
