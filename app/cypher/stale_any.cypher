// Fragment: undated and stale claims kept (no stale_after asked: the default of the API).
true
