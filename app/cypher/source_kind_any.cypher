// Fragment: sources of every kind.
true
