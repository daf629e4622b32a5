elementclass Inner { $n |
	input -> Counter($n) -> output;
}
elementclass Outer { $a |
	elementclass Local { input -> Print("$a") -> output }
	input -> i :: Inner($a) -> Local -> pass :: { input -> output } -> output;
}
src :: InfiniteSource(LIMIT 5) -> o1 :: Outer(1) -> o2 :: Outer("two") -> Discard;
