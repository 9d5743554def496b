// Fragment: no status filter.
true
