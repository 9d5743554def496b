// Fragment: no status asked for: every claim but the retracted ones (they stay reachable by id, with
// `status=retracted`, and in an `as_recorded` answer from before the retraction).
c.status <> 'retracted'
