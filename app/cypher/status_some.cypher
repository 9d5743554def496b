// Fragment: the claim `c` has one of $statuses.
c.status IN $statuses
