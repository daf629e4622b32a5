// expect: 6: compound 'Foo' has no output 1
elementclass Foo {
  input -> Counter -> output;
}
f :: Foo;
FromDevice(d0) -> f; f[1] -> Discard;
