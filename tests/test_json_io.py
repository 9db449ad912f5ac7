"""JSON interchange: every validation error with its place, byte-identical round trips."""
from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings

from cxworkshop.io.json_io import FORMAT, ImportProblems, dumps, loads
from cxworkshop.store import SessionStore, write_session_file

from .conftest import small_workshop
from .strategies import workshops


def base_doc() -> dict:
    return json.loads(dumps(small_workshop()))


def problems_of(doc) -> list[str]:
    with pytest.raises(ImportProblems) as info:
        loads(json.dumps(doc))
    return info.value.problems


def test_export_has_every_key_of_the_design():
    doc = base_doc()
    assert doc["format"] == FORMAT and doc["version"] == 1
    assert list(doc)[2:] == ["session", "departments", "participants", "stories", "processes",
                             "links", "notes", "placements", "members", "changes",
                             "recognitions", "actions", "agenda", "metrics", "metric_links",
                             "nps", "parking_lot", "ballots", "room"]
    assert set(doc["processes"][0]) == {"id", "name", "department", "stage", "owner",
                                        "description", "moment_of_truth", "frontstage", "x",
                                        "y", "votes"}
    assert doc["session"]["stages"] == ["Need", "Evaluate options", "Decide", "Deliver",
                                        "Ongoing service"]


def mutate(fn):
    doc = base_doc()
    fn(doc)
    return doc


CASES = [
    (lambda d: d.update(format="other"), 'format: must be "cxworkshop-session", not "other"'),
    (lambda d: d.update(version=2), "version: must be 1, not 2 (written by a newer cxworkshop?)"),
    (lambda d: d.update(proceses=[]), "proceses: unknown key"),
    (lambda d: d["session"].update(colour="red"), "session.colour: unknown key"),
    (lambda d: d["session"].update(stages=["a"]), "session.stages: must be a list of 5 names"),
    (lambda d: d["session"].update(date="8 May"), "session.date: must be a date YYYY-MM-DD"),
    (lambda d: d.update(links={}), "links: must be a list"),
    (lambda d: d["links"].append("l9"), "links[3]: must be an object"),
    (lambda d: d["processes"][1].pop("id"), "processes[1].id: missing"),
    (lambda d: d["processes"][1].update(id=""), "processes[1].id: must be a non-empty string"),
    (lambda d: d["processes"][1].update(id="p1"),
     'processes[1].id: duplicate id "p1" (also processes[0])'),
    (lambda d: d["links"][0].pop("downstream"), "links[0].downstream: missing"),
    (lambda d: d["links"][2].update(downstream="p99"), 'links[2].downstream: no process "p99"'),
    (lambda d: d["links"][0].update(downstream="p1"), "links[0]: a process cannot link to itself"),
    (lambda d: d["links"].append({"id": "l9", "upstream": "p1", "downstream": "p2"}),
     "links[3]: duplicate of links[0]"),
    (lambda d: d["processes"][0].update(stage=5), "processes[0].stage: 5 is out of range (0-4)"),
    (lambda d: d["processes"][0].update(stage="1"),
     "processes[0].stage: must be a whole number, not a string"),
    (lambda d: d["processes"][0].update(moment_of_truth=1),
     "processes[0].moment_of_truth: must be true or false, not a number"),
    (lambda d: d["processes"][0].update(department="d7"),
     'processes[0].department: no department "d7"'),
    (lambda d: d["processes"][0].update(colour="red"), "processes[0].colour: unknown key"),
    (lambda d: d["participants"][0].update(name=None), "participants[0].name: must not be null"),
    (lambda d: d.update(stories=[{"id": "s1", "participant": "u1", "recency": "yesterday"}]),
     "stories[0].recency: must be one of today, this_week"),
    (lambda d: d.update(stories=[{"id": "s1", "participant": "u1", "when": "2026-13-01"}]),
     "stories[0].when: must be a date YYYY-MM-DD"),
    (lambda d: d.update(notes=[{"id": "n1", "kind": "todo"}]),
     "notes[0].kind: must be one of pain, idea, question"),
    (lambda d: d.update(changes=[{"id": "h1", "risk": "huge"}]),
     "changes[0].risk: must be one of low, medium, high"),
    (lambda d: d.update(actions=[{"id": "a1", "status": "closed"}]),
     "actions[0].status: must be one of open, done"),
    (lambda d: d.update(placements=[{"id": "c1", "participant": "u1"}]),
     "placements[0].process: missing"),
    (lambda d: d.update(members=[{"id": "m1", "tenure_years": "long"}]),
     "members[0].tenure_years: must be a number"),
]


@pytest.mark.parametrize("change, expected", CASES)
def test_each_problem_is_reported_with_its_place(change, expected):
    problems = problems_of(mutate(change))
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_at_once():
    def many(d):
        d["links"][2]["downstream"] = "p99"
        d["processes"][0]["stage"] = 7
        d["participants"][1]["customer_facing"] = "yes"
        d["bogus"] = 1
    problems = problems_of(mutate(many))
    assert len(problems) == 4


def test_not_json_and_not_utf8():
    with pytest.raises(ImportProblems, match="line 1, column 2: not valid JSON"):
        loads("{,}")
    with pytest.raises(ImportProblems, match="not UTF-8"):
        loads(b"\xff\xfe{}")
    with pytest.raises(ImportProblems, match="must be a JSON object"):
        loads("[]")


def test_missing_lists_and_fields_take_defaults():
    w = loads(json.dumps({"format": FORMAT, "version": 1,
                          "processes": [{"id": "p1", "name": "A"}, {"id": "p2", "name": "B"}],
                          "links": [{"id": "l1", "upstream": "p1", "downstream": "p2"}]}))
    assert w.get("processes", "p1").owner == "" and w.get("processes", "p1").stage == 0
    assert w.info.title == "Untitled workshop"
    assert len(w.links) == 1


def test_a_bom_is_accepted():
    text = "\ufeff" + dumps(small_workshop())
    assert loads(text.encode("utf-8")).counts()["processes"] == 4


def test_integer_coordinates_become_floats():
    d = base_doc()
    d["processes"][0]["x"] = 3
    w = loads(json.dumps(d))
    assert isinstance(w.get("processes", "p1").x, float)


@settings(max_examples=40, deadline=None)
@given(workshop=workshops())
def test_export_import_export_is_byte_identical(workshop):
    first = dumps(workshop)
    again = loads(first)
    assert dumps(again) == first


@settings(max_examples=15, deadline=None)
@given(workshop=workshops())
def test_round_trip_through_the_file(tmp_path_factory, workshop):
    path = tmp_path_factory.mktemp("j") / "s.cxw"
    write_session_file(path, loads(dumps(workshop)))
    assert dumps(SessionStore.read(path)) == dumps(workshop)


def test_samples_round_trip_byte_identical():
    from cxworkshop.resources import samples_dir
    for source in samples_dir().glob("*.json"):
        text = source.read_text("utf-8")
        assert dumps(loads(text)) == text, source.name
        assert dumps(SessionStore.read(source.with_suffix(".cxw"))) == text, source.name


def test_loading_does_not_mutate_input():
    d = base_doc()
    snapshot = copy.deepcopy(d)
    loads(json.dumps(d))
    assert d == snapshot


@pytest.mark.parametrize("kind, row, where", [
    ("processes", {"id": "p1"}, "processes[0].name: is empty: a process needs a name"),
    ("participants", {"id": "u1", "name": "  "},
     "participants[0].name: is empty: a participant needs a name"),
    ("actions", {"id": "a1", "text": ""}, "actions[0].text: is empty: an action needs a text"),
    ("participants", {"id": "u1", "name": "Ana", "email": "ana@@x.org"},
     "participants[0].email: “ana@@x.org” is not an email address (it needs exactly one @)"),
    ("members", {"id": "m1", "name": "Bo", "email": "bo at example.org"},
     "members[0].email: “bo at example.org” is not an email address (it holds a space)"),
])
def test_import_refuses_what_the_ui_refuses(kind, row, where):
    """The rules of model/rules.py hold for JSON import as for the pages."""
    with pytest.raises(ImportProblems) as e:
        loads(json.dumps({"format": FORMAT, "version": 1, kind: [row]}))
    assert e.value.problems == [where]


@pytest.mark.parametrize("scope", [[], {}, 3, None])
def test_an_nps_scope_of_the_wrong_type_is_a_problem_not_a_crash(scope):
    doc = json.loads(dumps(small_workshop()))
    doc["nps"] = [{"id": "n1", "scope": scope, "promoters": 1, "passives": 0,
                   "detractors": 0}]
    with pytest.raises(ImportProblems) as e:
        loads(json.dumps(doc).encode())
    assert any(p.startswith("nps[0].scope") for p in e.value.problems)
