// Fragment: no actor named.
true
