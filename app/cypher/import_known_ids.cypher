// Which of the ids an import file names already exist in the graph, per label. Lists may be empty.
CALL () {
  UNWIND $actors AS id
  MATCH (n:Actor {id: id})
  RETURN collect(id) AS actors
}
CALL () {
  UNWIND $sources AS id
  MATCH (n:Source {id: id})
  RETURN collect(id) AS sources
}
CALL () {
  UNWIND $events AS id
  MATCH (n:Event {id: id})
  RETURN collect(id) AS events
}
CALL () {
  UNWIND $places AS id
  MATCH (n:Place {id: id})
  RETURN collect(id) AS places
}
RETURN actors, sources, events, places
