// A page of claims in one statement: the selection chosen for the request (the slot `selection`:
// selection_window, selection_actor, selection_source or selection_timeline) finds the page's ids in index
// order, then claims_hydration reads those claims only. One round trip, where two statements took two.
// Returns the ids in the selection's order and the claims (in no order: the repository puts them back).
CALL () {
  {{selection}}
}
CALL (ids) {
  {{claims_hydration}}
}
RETURN ids, claims
