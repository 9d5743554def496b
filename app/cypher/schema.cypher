// Constraints and indexes. Every statement is idempotent (IF NOT EXISTS); applied at API start-up and by
// the seed loader. Statements end with ';' at the end of a line.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (p:Place) REQUIRE p.id IS UNIQUE;
// Claims are filtered by kind and by their time bounds ("who fought whom in August 2014").
CREATE INDEX claim_kind IF NOT EXISTS FOR (c:Claim) ON (c.kind);
CREATE INDEX claim_from_lo IF NOT EXISTS FOR (c:Claim) ON (c.from_lo);
CREATE INDEX claim_to_hi IF NOT EXISTS FOR (c:Claim) ON (c.to_hi);
CREATE INDEX claim_kind_from_lo IF NOT EXISTS FOR (c:Claim) ON (c.kind, c.from_lo);
CREATE INDEX claim_status IF NOT EXISTS FOR (c:Claim) ON (c.status);
CREATE INDEX event_from_lo IF NOT EXISTS FOR (e:Event) ON (e.from_lo);
CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind);
// The typed edges drawn for browsing are filtered on the same bounds (Neo4j Browser queries, /graph).
CREATE INDEX allied_with_from_lo IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() ON (r.from_lo, r.to_hi);
CREATE INDEX hostile_to_from_lo IF NOT EXISTS FOR ()-[r:HOSTILE_TO]-() ON (r.from_lo, r.to_hi);
CREATE INDEX defected_to_from_lo IF NOT EXISTS FOR ()-[r:DEFECTED_TO]-() ON (r.from_lo, r.to_hi);
CREATE INDEX affiliated_with_from_lo IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.from_lo, r.to_hi);
CREATE INDEX member_of_from_lo IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.from_lo, r.to_hi);
CREATE INDEX split_from_from_lo IF NOT EXISTS FOR ()-[r:SPLIT_FROM]-() ON (r.from_lo, r.to_hi);
CREATE INDEX hostile_to_claim IF NOT EXISTS FOR ()-[r:HOSTILE_TO]-() ON (r.claim_id);
CREATE INDEX allied_with_claim IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() ON (r.claim_id);
CREATE INDEX defected_to_claim IF NOT EXISTS FOR ()-[r:DEFECTED_TO]-() ON (r.claim_id);
CREATE INDEX affiliated_with_claim IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.claim_id);
CREATE INDEX member_of_claim IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.claim_id);
CREATE INDEX split_from_claim IF NOT EXISTS FOR ()-[r:SPLIT_FROM]-() ON (r.claim_id);
