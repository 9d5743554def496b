// Which of $ids are actors (to tell a client which id it got wrong).
UNWIND $ids AS id
OPTIONAL MATCH (a:Actor {id: id})
RETURN id, a IS NOT NULL AS found
