// Constraints and indexes. Every statement is idempotent (IF NOT EXISTS); applied at API start-up and by
// the seed loader. Statements end with ';' at the end of a line.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
