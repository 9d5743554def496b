// Fragment: actors of every kind.
true
