// Fragment: no time window asked.
true
