// Fragment: the claim `c` can hold at some moment of the window [$start, $end] (days, inclusive).
c.from_lo <= $end AND c.to_hi >= $start
