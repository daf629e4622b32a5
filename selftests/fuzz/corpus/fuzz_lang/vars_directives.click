//defs WHO=A DEV=eth1
define($GW $DEV:gw, $l a b c); a :: A($WHO, ${x-$GW}, ${l[1]}, $(add 1), $u);
# 12 "f.click"
b :: B(1, )
