// Fragment: no second actor.
true
