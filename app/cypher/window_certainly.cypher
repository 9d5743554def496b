// Fragment: the claim `c` surely holds over the whole window [$start, $end].
c.from_hi <= $start AND c.to_lo >= $end
