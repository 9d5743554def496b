// Fragment: the claim `c` has a time: at least one of its ends is known (stale_after, with or without a
// window). A claim whose precision is `unknown` could hold at any date, and would fill every window.
c.precision <> 'unknown'
