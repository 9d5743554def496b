// Fragment: no source filter.
true
