// Fragment: sources of kind $kind.
s.kind = $kind
