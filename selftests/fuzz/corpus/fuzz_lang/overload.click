elementclass Queue { $cap, $rate | input -> Queue($cap) -> Shaper($rate) -> output || ... }
elementclass T { input -> X -> output || input -> Y; || $a | -> }
i :: Idle -> Queue(1, 2) -> t :: T -> a :: { -> } -> Discard; Idle -> T(1) -> Discard
