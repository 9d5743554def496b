// Constraints and indexes. Every statement is idempotent (IF NOT EXISTS); applied at API start-up and by
// the seed loader. Statements end with ';' at the end of a line.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (p:Place) REQUIRE p.id IS UNIQUE;
// Window queries ("who fought whom in August 2014"): claims by kind, span tier and start, in (from_lo, id)
// order, with their other three bounds, status and confidence in the entry so that the window and the
// status and confidence filters are tested without reading the claim (claim_window_seek.cypher); and the
// same on each claim's PARTY edges for one actor (actor_claims_select.cypher). See docs/performance.md.
CREATE INDEX claim_window_entry IF NOT EXISTS FOR (c:Claim) ON (c.kind, c.span, c.from_lo, c.id, c.to_hi, c.from_hi, c.to_lo, c.status, c.confidence);
CREATE INDEX party_window IF NOT EXISTS FOR ()-[p:PARTY]-() ON (p.actor, p.kind, p.span, p.from_lo, p.claim);
// Earlier versions of claims (curation: as_recorded reads them per tier like claim_window_entry), and the change
// records of actors and sources.
CREATE INDEX claim_version_window IF NOT EXISTS FOR (v:ClaimVersion) ON (v.kind, v.span, v.from_lo, v.id);
// The indexes above online before the retired ones go: on an upgrade claim_window_entry is built in the
// background, and the API plans its queries (warm-up) right after the schema, on the new index.
CALL db.awaitIndexes(300);
// Retired: indexes of earlier versions that no query uses any more (each costs every write).
// claim_window (kind, span, from_lo, id): replaced by claim_window_bounds, which also held the bounds;
// claim_window_bounds: replaced by claim_window_entry, which also holds status and confidence.
DROP INDEX claim_window IF EXISTS;
DROP INDEX claim_window_bounds IF EXISTS;
DROP INDEX claim_kind IF EXISTS;
DROP INDEX claim_from_lo IF EXISTS;
DROP INDEX claim_to_hi IF EXISTS;
DROP INDEX claim_kind_from_lo IF EXISTS;
DROP INDEX claim_status IF EXISTS;
CREATE INDEX event_from_lo IF NOT EXISTS FOR (e:Event) ON (e.from_lo);
CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind);
// The typed edges drawn for browsing are filtered on the same bounds (Neo4j Browser queries, /graph).
CREATE INDEX allied_with_from_lo IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() ON (r.from_lo, r.to_hi);
CREATE INDEX fought_alongside_from_lo IF NOT EXISTS FOR ()-[r:FOUGHT_ALONGSIDE]-() ON (r.from_lo, r.to_hi);
CREATE INDEX hostile_to_from_lo IF NOT EXISTS FOR ()-[r:HOSTILE_TO]-() ON (r.from_lo, r.to_hi);
CREATE INDEX defected_to_from_lo IF NOT EXISTS FOR ()-[r:DEFECTED_TO]-() ON (r.from_lo, r.to_hi);
CREATE INDEX affiliated_with_from_lo IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.from_lo, r.to_hi);
CREATE INDEX member_of_from_lo IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.from_lo, r.to_hi);
CREATE INDEX split_from_from_lo IF NOT EXISTS FOR ()-[r:SPLIT_FROM]-() ON (r.from_lo, r.to_hi);
CREATE INDEX hostile_to_claim IF NOT EXISTS FOR ()-[r:HOSTILE_TO]-() ON (r.claim_id);
CREATE INDEX allied_with_claim IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() ON (r.claim_id);
CREATE INDEX fought_alongside_claim IF NOT EXISTS FOR ()-[r:FOUGHT_ALONGSIDE]-() ON (r.claim_id);
CREATE INDEX defected_to_claim IF NOT EXISTS FOR ()-[r:DEFECTED_TO]-() ON (r.claim_id);
CREATE INDEX affiliated_with_claim IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.claim_id);
CREATE INDEX member_of_claim IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.claim_id);
CREATE INDEX split_from_claim IF NOT EXISTS FOR ()-[r:SPLIT_FROM]-() ON (r.claim_id);
// Imports
// One (:Import) node per finished import of a file (alliance import ...): what make run checks before
// loading the shipped GED file again. Actors are matched to UCDP's by ucdp_id.
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:Import) REQUIRE i.id IS UNIQUE;
// The renames of an actor (UCDP Actor Dataset): one (:Succession)-[:OF]->(:Actor) per actor and release.
CREATE CONSTRAINT succession_id IF NOT EXISTS FOR (n:Succession) REQUIRE n.id IS UNIQUE;
CREATE INDEX actor_ucdp_id IF NOT EXISTS FOR (a:Actor) ON (a.ucdp_id);
