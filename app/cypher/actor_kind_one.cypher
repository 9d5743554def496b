// Fragment: actors of kind $kind.
a.kind = $kind
