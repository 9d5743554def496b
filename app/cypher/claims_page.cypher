// A page of claims in one statement: the selection chosen for the request (the slot `selection`:
// selection_window, selection_actor, selection_source or selection_timeline) finds the page's ids in index
// order, then claims_hydration reads those claims only, and the actors and sources the request names are
// looked up (the slot `named`). One round trip, where separate statements took one each.
// Returns the ids in the selection's order, the claims (in no order: the repository puts them back), and
// the named actors and sources with what the graph holds under each id.
CALL () {
  {{selection}}
}
CALL (ids) {
  {{claims_hydration}}
}
{{named}}
RETURN ids, claims, named_actors, named_sources
