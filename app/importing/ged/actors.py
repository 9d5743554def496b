"""UCDP GED sides resolved to actors: matched by UCDP id, name or alias, else created."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.model import ActorKind
from app.domain.text import search_key
from app.domain.views import GraphActor
from app.importing.ged.actor_list import ActorList, ListedActor, _dedupe
from app.importing.ged.codebook import ORIGIN
from app.importing.ged.reader import GedRow
from app.importing.ids import id_slug, short_hash
from app.seeding.rows import Row, search_keys

ExistingActor = GraphActor  # an actor as the graph holds it (ImportStore.actors)


@dataclass
class Group:
    """One UCDP group as the file names it: its UCDP id where known, every name it is written as."""

    ucdp_id: int | None
    names: Counter[str] = field(default_factory=Counter)

    def primary(self, listed: ListedActor | None) -> str:
        if listed is not None:
            return listed.name
        return sorted(self.names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


@dataclass
class Resolution:
    """Where each UCDP name lands: the actor id, and the actor writes that make it so."""

    actor_of: dict[str, str]  # UCDP member name -> actor id
    created: list[Row]  # new actors (props for import_ged_actors.cypher)
    updated: list[Row]  # existing actors given UCDP names as aliases (and their UCDP id where they had none)
    matched: dict[str, str]  # UCDP name -> "ucdp id", "name", "alias" or "new": how it was matched
    foreign: set[str] = field(default_factory=set)  # matched actors that no GED import created (the seed's...)
    by_group: dict[str, str] = field(default_factory=dict)  # group key ("id:234", "name:...") -> actor id
    how_group: dict[str, str] = field(default_factory=dict)  # group key -> how it was matched (as `matched`)

    def rows(self) -> list[Row]:
        return self.created + self.updated


def groups_of(rows: Iterable[GedRow], listed: ActorList | None) -> dict[str, Group]:
    """The groups of a file, keyed by UCDP id ("id:234") or, with no id known, by name ("name:<search key>").

    A name's UCDP id comes from the rows where it is a side on its own (side_a_new_id), else from the actor
    list where one actor carries that name. A coalition's own id names the coalition, not a member."""
    id_votes: dict[str, Counter[int]] = defaultdict(Counter)
    uses: Counter[str] = Counter()
    for r in rows:
        for members, side_id in ((r.members_a, r.side_a_id), (r.members_b, r.side_b_id)):
            uses.update(members)
            if len(members) == 1 and side_id is not None:
                id_votes[members[0]][side_id] += 1
    by_name = listed.unique_ids_by_name() if listed else {}
    groups: dict[str, Group] = {}
    for name, count in uses.items():
        votes = id_votes.get(name)
        ucdp_id = (
            sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else by_name.get(search_key(name))
        )
        key = f"id:{ucdp_id}" if ucdp_id is not None else f"name:{search_key(name)}"
        groups.setdefault(key, Group(ucdp_id)).names[name] += count
    return groups


def _kind(name: str, listed: ListedActor | None) -> str:
    if listed is not None and listed.org == 4:
        return ActorKind.STATE.value
    if listed is None and name.lower().startswith("government of "):
        return ActorKind.STATE.value
    return ActorKind.ARMED_GROUP.value


def resolve_actors(
    groups: dict[str, Group], existing: Iterable[ExistingActor], listed: ActorList | None, release: str
) -> Resolution:
    """Match each group to an actor: by UCDP id, then by name or alias (never to an actor that has another
    UCDP id), else a new actor. Every UCDP name (and, with the actor list, its original names and renames)
    becomes an alias of the actor it lands on, so search finds it."""
    actors = {a.id: a for a in existing}
    by_ucdp: dict[int, list[ExistingActor]] = defaultdict(list)
    by_key: dict[str, list[ExistingActor]] = defaultdict(list)
    for a in actors.values():
        if a.ucdp_id is not None:
            by_ucdp[a.ucdp_id].append(a)
        for k in a.search_keys:
            by_key[k].append(a)
    actor_of: dict[str, str] = {}
    matched: dict[str, str] = {}
    new_aliases: dict[str, list[str]] = defaultdict(list)
    new_ucdp: dict[str, int] = {}
    created: dict[str, Row] = {}
    taken = set(actors)
    by_group: dict[str, str] = {}
    how_group: dict[str, str] = {}
    for key, group in sorted(groups.items()):
        entry = listed.by_id.get(group.ucdp_id) if listed and group.ucdp_id is not None else None
        names = sorted(group.names, key=lambda n: (-group.names[n], n))
        extra = [n for n in (entry.names if entry else ()) if n not in names]
        target, how = _match(group, names, extra, by_ucdp, by_key)
        if target is None:
            primary = group.primary(entry)
            target = _new_id(primary, group.ucdp_id, taken)
            taken.add(target)
            aliases = list(_dedupe([primary, *names, *extra]))
            created[target] = {
                "id": target,
                "props": {
                    "id": target,
                    "name": primary,
                    "kind": _kind(primary, entry),
                    "description": _description(primary, group.ucdp_id, entry, release),
                    "aliases": aliases,
                    "search_keys": search_keys(primary, aliases, target),
                    "ucdp_id": group.ucdp_id,
                    "origin": ORIGIN,
                },
            }
            how = "new"
        else:
            new_aliases[target].extend([*names, *extra])
            if group.ucdp_id is not None and actors[target].ucdp_id is None:
                new_ucdp[target] = group.ucdp_id
        by_group[key], how_group[key] = target, how
        for n in names:
            actor_of[n] = target
            matched[n] = how
    updated = []
    for actor_id in sorted(set(new_aliases) | set(new_ucdp)):
        a = actors[actor_id]
        aliases = list(_dedupe([*a.aliases, *new_aliases[actor_id]]))
        keys = search_keys(a.name, aliases, a.id)
        ucdp_id = a.ucdp_id if a.ucdp_id is not None else new_ucdp.get(actor_id)
        if aliases != list(a.aliases) or sorted(keys) != sorted(a.search_keys) or ucdp_id != a.ucdp_id:
            updated.append({"id": actor_id, "props": None, "aliases": aliases, "search_keys": keys, "ucdp_id": ucdp_id})
    foreign = {a for a in actor_of.values() if a in actors and actors[a].origin != ORIGIN}
    return Resolution(actor_of, list(created.values()), updated, matched, foreign, by_group, how_group)


def _match(
    group: Group,
    names: list[str],
    extra: list[str],
    by_ucdp: dict[int, list[ExistingActor]],
    by_key: dict[str, list[ExistingActor]],
) -> tuple[str | None, str]:
    if group.ucdp_id is not None and by_ucdp.get(group.ucdp_id):
        return sorted(a.id for a in by_ucdp[group.ucdp_id])[0], "ucdp id"
    for how, candidates_names in (("name", names), ("alias", extra)):
        for n in candidates_names:
            found = [
                a
                for a in by_key.get(search_key(n), [])
                if a.ucdp_id is None or group.ucdp_id is None or a.ucdp_id == group.ucdp_id
            ]
            if found:
                # the actor whose own name it is first, then one that already has this UCDP id, then by id
                found.sort(key=lambda a: (search_key(a.name) != search_key(n), a.ucdp_id is None, a.id))
                return found[0].id, how
    return None, ""


def _new_id(name: str, ucdp_id: int | None, taken: set[str]) -> str:
    base = id_slug(name, 80) or (f"ucdp-{ucdp_id}" if ucdp_id is not None else f"ucdp-{short_hash(name)}")
    if base not in taken:
        return base
    candidate = f"{base}-ucdp-{ucdp_id}" if ucdp_id is not None else f"{base}-{short_hash(name)}"
    n = 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _description(name: str, ucdp_id: int | None, entry: ListedActor | None, release: str) -> str:
    if ucdp_id is None:
        return (
            f"'{name}' as UCDP GED {release} names it, within a coalition side; the file gives no UCDP actor id "
            "for it. Created by the GED import."
        )
    text = f"UCDP actor {ucdp_id} '{name}'"
    if entry is not None and len(entry.names) > 1:
        text += f" (also: {', '.join(entry.names[1:6])})"
    return f"{text}. Created by the import of UCDP GED {release}."
