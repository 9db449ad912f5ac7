"""The .cxw schema as numbered migrations on ``PRAGMA user_version``.

Each migration is a function of a sqlite-utils ``Database``; it runs in its own
transaction. Never edit a released migration: add a new one.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model.entities import DEFAULT_PROMPTS, DEFAULT_STAGES, DEFAULT_VOTE_BUDGET

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x43587753  # "CXwS": marks the file as a cxworkshop session


def _v1(db: Database) -> None:
    """The entities of the first design."""
    t = db.table
    t("session").create({"id": int, "title": str, "organization": str, "date": str,
                         "location": str, "facilitator": str, "notes": str,
                         "stages": str}, pk="id", not_null={"title", "stages"})
    t("department").create({"id": str, "name": str, "color": str}, pk="id")
    t("participant").create(
        {"id": str, "name": str, "department": str, "role": str, "customer_facing": int,
         "email": str}, pk="id", foreign_keys=[("department", "department", "id")])
    t("story").create(
        {"id": str, "participant": str, "customer": str, "when": str, "recency": str,
         "contact": str, "challenge": str, "resolution": str, "outcome": str, "quote": str},
        pk="id", not_null={"participant"},
        foreign_keys=[("participant", "participant", "id")])
    t("process").create(
        {"id": str, "name": str, "department": str, "stage": int, "owner": str,
         "description": str, "moment_of_truth": int, "frontstage": int, "x": float,
         "y": float, "votes": int}, pk="id",
        foreign_keys=[("department", "department", "id")])
    t("link").create(
        {"id": str, "upstream": str, "downstream": str, "label": str}, pk="id",
        not_null={"upstream", "downstream"},
        foreign_keys=[("upstream", "process", "id"), ("downstream", "process", "id")])
    t("note").create(
        {"id": str, "process": str, "kind": str, "text": str, "x": float, "y": float},
        pk="id", foreign_keys=[("process", "process", "id")])
    t("placement").create(
        {"id": str, "participant": str, "process": str, "statement": str}, pk="id",
        not_null={"participant", "process"},
        foreign_keys=[("participant", "participant", "id"), ("process", "process", "id")])
    t("member").create(
        {"id": str, "name": str, "department": str, "role": str, "frontline": int,
         "location": str, "tenure_years": float, "email": str, "notes": str}, pk="id",
        foreign_keys=[("department", "department", "id")])
    t("change").create(
        {"id": str, "title": str, "process": str, "impact": str, "look": str,
         "response": str, "find_out": str, "feedback": str, "risk": str, "owner": str,
         "decision": str}, pk="id", foreign_keys=[("process", "process", "id")])
    t("recognition").create(
        {"id": str, "nominee": str, "nominator": str, "behaviour": str, "date": str},
        pk="id")
    t("action").create(
        {"id": str, "text": str, "owner": str, "due": str, "process": str, "status": str},
        pk="id", foreign_keys=[("process", "process", "id")])
    for table, column in (("link", "upstream"), ("link", "downstream"),
                          ("process", "department"), ("note", "process"),
                          ("placement", "process"), ("story", "participant")):
        t(table).create_index([column])
    t("session").insert({"id": 1, "title": "Untitled workshop", "organization": "",
                         "date": None, "location": "", "facilitator": "", "notes": "",
                         "stages": json.dumps(list(DEFAULT_STAGES))})


def _v2(db: Database) -> None:
    """Agenda with planned and actual time, vote budget, editable prompts."""
    t = db.table
    t("agenda_item").create(
        {"id": str, "title": str, "planned_minutes": int, "actual_seconds": int}, pk="id")
    t("session").add_column("vote_budget", int, not_null_default=DEFAULT_VOTE_BUDGET)
    t("session").add_column("prompts", str,
                            not_null_default=json.dumps(list(DEFAULT_PROMPTS)))


ENTITY_TABLES = ("department", "participant", "story", "process", "link", "note", "placement",
                 "member", "change", "recognition", "action", "agenda_item")


def _v3(db: Database) -> None:
    """Row order kept in a ``position`` column, so undo puts a row back in its place."""
    for table in ENTITY_TABLES:
        db.table(table).add_column("position", float)
        db.execute(f"UPDATE [{table}] SET position = rowid")


def _v4(db: Database) -> None:
    """Advisory group composition rules kept per session."""
    t = db.table("session")
    t.add_column("roster_min_size", int, not_null_default=10)
    t.add_column("roster_max_size", int, not_null_default=12)
    t.add_column("roster_max_share", float, not_null_default=0.25)


def _v5(db: Database) -> None:
    """Departments the advisory group need not represent (all must, by default)."""
    db.table("department").add_column("roster_optional", int, not_null_default=0)


def _v6(db: Database) -> None:
    """Metrics and their process links, NPS results, the parking lot, go-and-see actions."""
    t = db.table
    t("metric").create(
        {"id": str, "name": str, "kind": str, "department": str, "unit": str,
         "target": float, "current": float, "previous": float, "better": str, "notes": str,
         "position": float}, pk="id", foreign_keys=[("department", "department", "id")])
    t("metric_link").create(
        {"id": str, "metric": str, "process": str, "position": float}, pk="id",
        not_null={"metric", "process"},
        foreign_keys=[("metric", "metric", "id"), ("process", "process", "id")])
    t("nps").create(
        {"id": str, "scope": str, "department": str, "process": str, "survey": str,
         "promoters": int, "passives": int, "detractors": int, "position": float}, pk="id",
        foreign_keys=[("department", "department", "id"), ("process", "process", "id")])
    t("parking_item").create(
        {"id": str, "text": str, "kind": str, "owner": str, "status": str,
         "position": float}, pk="id")
    for table, column in (("metric_link", "metric"), ("metric_link", "process")):
        t(table).create_index([column])
    action = t("action")
    action.add_column("kind", str, not_null_default="action")
    for column in ("person", "host"):  # in place: no table rebuild, no pages left free
        db.execute(f"ALTER TABLE [action] ADD COLUMN [{column}] TEXT "
                   "REFERENCES [participant]([id])")


def _v7(db: Database) -> None:
    """Ballots: whose dots are on which process (room link votes, budget per person)."""
    db.table("ballot").create(
        {"id": str, "participant": str, "process": str, "position": float}, pk="id",
        not_null={"participant", "process"},
        foreign_keys=[("participant", "participant", "id"), ("process", "process", "id")])
    db.table("ballot").create_index(["participant"])


def _v8(db: Database) -> None:
    """Room state (agenda step, timer, reveal, presenter view) as JSON, so a reopen resumes."""
    db.table("session").add_column("room", str, not_null_default="{}")


def _v9(db: Database) -> None:
    """Who votes and what the map shows: advisory members marked present (they vote
    when the session says so), empty lanes hidden, sticky notes with a size."""
    t = db.table
    t("member").add_column("present", int, not_null_default=0)
    t("session").add_column("vote_members", int, not_null_default=1)
    t("session").add_column("hide_empty_lanes", int, not_null_default=0)
    t("note").add_column("w", float, not_null_default=0.0)
    t("note").add_column("h", float, not_null_default=0.0)


MIGRATIONS: list[Callable[[Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database, to_version: int = SCHEMA_VERSION) -> int:
    """Bring ``db`` up to ``to_version`` and return the old version.

    All steps and the new ``user_version`` go in one transaction: a crash leaves
    the file at its old version or at the new one, never in between.
    """
    start: int = db.execute("PRAGMA user_version").fetchone()[0]
    if start >= to_version:
        return start
    with db.atomic():
        for version in range(start, to_version):
            MIGRATIONS[version](db)
        db.conn.execute(f"PRAGMA user_version = {to_version}")
    return start
