"""Metrics, metric links, NPS and the parking lot: model rules, arithmetic, chains,
the store migration and the JSON interchange."""
from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from cxworkshop.io.json_io import ImportProblems, dumps, loads
from cxworkshop.io.nps_csv import import_ops, parse_scores_csv
from cxworkshop.model import (
    Action,
    Add,
    Metric,
    MetricLink,
    Nps,
    ParkingItem,
    Process,
    Update,
    Workshop,
)
from cxworkshop.model import metrics as M
from cxworkshop.resources import samples_dir
from cxworkshop.store import SCHEMA_VERSION, SessionStore, write_session_file
from cxworkshop.store.schema import APPLICATION_ID, migrate

from .conftest import small_workshop


def metric_workshop() -> Workshop:
    """small_workshop (p1 -> p2 -> p3 -> p4, p1 a moment of truth) with metrics on it."""
    w = small_workshop()
    w.apply([Add(Process("p5", "Expenses", "d2", 4)),
             Add(Metric("k1", "Would recommend", "outside_in", None, "", 40.0, 20.0, 10.0)),
             Add(Metric("k2", "Quotes sent within a day", "inside_out", "d1", "%")),
             Add(Metric("k3", "Invoice accuracy", "inside_out", "d2", "%", 98.0, 95.0, 96.0)),
             Add(Metric("k4", "Paid on time", "outside_in", "d2", "%")),
             Add(Metric("k5", "Expense claims on time", "inside_out", "d2", "%")),
             Add(MetricLink("kl1", "k1", "p3")),
             Add(MetricLink("kl2", "k2", "p2")),
             Add(MetricLink("kl3", "k3", "p3")),
             Add(MetricLink("kl4", "k4", "p4")),
             Add(MetricLink("kl5", "k5", "p5"))])
    return w


# -- NPS arithmetic ----------------------------------------------------------------

@pytest.mark.parametrize("counts, score, text", [
    ((50, 30, 20), 30.0, "NPS +30 (n=100)"),
    ((0, 0, 7), -100.0, "NPS -100 (n=7)"),
    ((3, 0, 0), 100.0, "NPS +100 (n=3)"),
    ((1, 1, 1), 0.0, "NPS 0 (n=3)"),
    ((62, 25, 33), 24.1666, "NPS +24 (n=120)"),
    ((2, 5, 1), 12.5, "NPS +13 (n=8)"),  # 12.5 rounds half away from zero
    ((1, 5, 2), -12.5, "NPS -13 (n=8)"),
    ((0, 0, 0), None, "no answers"),
])
def test_nps_score_against_hand_computed_cases(counts, score, text):
    r = M.NpsResult(*counts)
    assert r.n == sum(counts)
    assert (r.score is None) if score is None else r.score == pytest.approx(score, abs=1e-3)
    assert r.text() == text


def test_scores_are_classified_at_the_nps_boundaries():
    assert [M.classify(s) for s in range(11)] == ["detractor"] * 7 + ["passive"] * 2 + \
        ["promoter"] * 2
    assert M.from_scores([10, 9, 8, 7, 6, 0]) == M.NpsResult(2, 2, 2)
    for bad in (-1, 11, 7.5, True):
        with pytest.raises(ValueError):
            M.classify(bad)


# -- model rules -----------------------------------------------------------------

def test_nps_scope_must_match_its_target():
    w = small_workshop()
    w.apply([Add(Nps("q1", "session", promoters=3)),
             Add(Nps("q2", "department", "d1", None, "", 1, 2, 3)),
             Add(Nps("q3", "process", None, "p1", "", 1, 0, 0))])
    for bad, words in [(Nps("x", "department"), "department result needs its department"),
                       (Nps("x", "process", "d1"), "process result needs its process"),
                       (Nps("x", "session", None, "p1"), "session result names no")]:
        with pytest.raises(ValueError, match=words):
            w.apply([Add(bad)])
    with pytest.raises(ValueError, match="at least 0"):
        w.apply([Add(Nps("x", "session", promoters=-1))])


def test_deleting_a_process_removes_its_links_and_results_and_frees_actions():
    w = metric_workshop()
    w.apply([Add(Nps("q1", "process", None, "p3", "", 5, 1, 1)),
             Add(Action("a1", "Ride along", process="p3", kind="go_and_see", person="u2",
                        host="u1"))])
    w.apply(w.removal_ops([("processes", "p3")]))
    assert [ml.id for ml in w.metric_links] == ["kl2", "kl4", "kl5"]
    assert w.nps == [] and w.get("actions", "a1").process is None
    w.apply(w.removal_ops([("participants", "u1")]))
    assert w.get("actions", "a1").host is None and w.get("actions", "a1").person == "u2"


def test_a_metric_is_linked_to_a_process_once():
    w = metric_workshop()
    with pytest.raises(ValueError, match="linked to this process already"):
        w.apply([Add(MetricLink("kl9", "k1", "p3"))])


def test_a_new_change_has_no_risk_until_judged():
    from cxworkshop.model import Change
    assert Change("h1").risk is None
    w = small_workshop()
    w.apply([Add(Change("h1", "Faster quotes"))])
    w.apply([Update("changes", "h1", {"risk": "high"})])
    assert w.get("changes", "h1").risk == "high"


# -- chains ------------------------------------------------------------------------

def test_an_outside_in_metric_shows_what_moves_it():
    w = metric_workshop()
    chain = M.metric_chain(w, "k1")
    assert chain.own_processes == ["p3"]
    assert chain.processes == {"p1", "p2", "p3"}
    assert chain.related == ["k3", "k2"]  # nearest first (k3 shares p3); not k5: feeds nothing


def test_an_inside_out_metric_shows_the_customer_metrics_it_reaches():
    w = metric_workshop()
    assert M.metric_chain(w, "k2").related == ["k1", "k4"]
    assert M.metric_chain(w, "k3").related == ["k1", "k4"]
    lonely = M.metric_chain(w, "k5")
    assert lonely.related == [] and not lonely.reaches_customer
    assert M.unreached_metrics(w) == ["k5"]
    assert M.pairing(w) == [("k1", ["k3", "k2"]), ("k4", ["k3", "k2"])]


def test_the_customer_metrics_of_a_person_follow_their_placements():
    from cxworkshop.model import Placement
    w = metric_workshop()
    w.apply([Add(Placement("c1", "u2", "p4"))])
    assert M.customer_metrics_for_participant(w, "u2") == ["k4"]
    assert M.customer_metrics_for_participant(w, "u1") == []


def test_a_department_without_a_moment_of_truth_sees_the_moments_it_feeds():
    w = small_workshop()  # p1 (d1) is the only moment of truth; d2 owns p3, p4
    w.apply([Add(Process("p0", "Train staff", "d2", 0)),
             Add(Process("p6", "Renewal", "d1", 4, moment_of_truth=True))])
    from cxworkshop.model import Link
    w.apply([Add(Link("l8", "p0", "p1")), Add(Link("l9", "p4", "p6")),
             Add(Nps("q1", "process", None, "p1", "", 30, 10, 10)),
             Add(Nps("q2", "session", None, None, "", 5, 5, 0))])
    d2 = M.department_nps(w, "d2")
    assert d2.touches_moment is False
    assert [(pid, r) for pid, r in d2.fed_moments] == [("p1", M.NpsResult(30, 10, 10)),
                                                        ("p6", None)]
    assert d2.fed_total.text() == "NPS +40 (n=50)"
    assert d2.session.text() == "NPS +50 (n=10)"
    d1 = M.department_nps(w, "d1")
    assert d1.touches_moment is True and d1.processes == [("p1", M.NpsResult(30, 10, 10))]


def test_chains_on_the_samples():
    w = SessionStore.read(samples_dir() / "home-services.cxw")
    assert M.unreached_metrics(w) == ["k11"]  # expense claims: no process on the map
    moves = M.metric_chain(w, "k2").related  # "Fixed on the first visit"
    assert {"k6", "k7", "k10"} <= set(moves)  # first-time fix, parts, training
    olu = M.customer_metrics_for_participant(w, "u-olu")  # parts: no moment of truth
    assert "k2" in olu
    parts = M.department_nps(w, "d-parts")
    assert parts.touches_moment is False
    assert ("p-repair", M.NpsResult(34, 10, 8)) in parts.fed_moments


def test_gauge_text_and_target():
    m = Metric("k", "x", current=72.0, previous=70.0, target=80.0, unit="%")
    assert M.gauge_text(m) == "72% ▲" and M.on_target(m) is False
    low = Metric("k", "x", current=5.0, previous=7.0, target=6.0, unit="min", better="lower")
    assert M.gauge_text(low) == "5 min ▼" and M.on_target(low) is True
    assert M.trend(low) == "better" and M.gauge_text(Metric("k", "x")) == "–"


# -- scores CSV ---------------------------------------------------------------------

def test_one_column_of_scores_counts_for_the_session():
    w = small_workshop()
    result = parse_scores_csv(b"\xef\xbb\xbfScore\n10\n9\n8\n\n3\n0\n", w)
    assert result.ok and len(result.columns) == 1
    assert result.columns[0].scope == "session"
    assert result.columns[0].result == M.NpsResult(2, 1, 2)
    ops = import_ops(result, "Spring survey")
    assert [(op.entity.scope, op.entity.promoters, op.entity.survey) for op in ops] == \
        [("session", 2, "Spring survey")]


def test_a_column_per_department_or_process_with_bad_lines_reported():
    w = small_workshop()
    text = ("sales;Invoice;Billing\n"
            "10;9;0\n"
            "7;eleven;5\n"       # line 3: a word
            "9;;\n"              # blank cells are skipped
            "6;7.5;10\n"         # line 5: not whole
            "8;10;3;4\n")        # line 6: one value too many
    result = parse_scores_csv(text.encode("cp1252"), w)
    assert [c.label for c in result.columns] == ["Sales (department)", "Invoice (process)",
                                                  "Billing (department)"]
    assert result.problems == [
        "line 3: “eleven” (Invoice) is not a whole number from 0 to 10",
        "line 5: “7.5” (Invoice) is not a whole number from 0 to 10",
        "line 6: 4 values but the header has 3 columns"]
    sales, invoice, billing = (c.result for c in result.columns)
    assert sales == M.NpsResult(2, 0, 0) and invoice == M.NpsResult(1, 0, 0)
    assert billing == M.NpsResult(0, 0, 1)
    ops = import_ops(result)
    assert [(o.entity.scope, o.entity.department, o.entity.process) for o in ops] == [
        ("department", "d1", None), ("process", None, "p3"), ("department", "d2", None)]
    w.apply(ops)
    assert len(w.nps) == 3


@pytest.mark.parametrize("data, words", [
    (b"", "the file is empty"),
    (b"Sales,Nowhere\n1,2\n", "“Nowhere” is not a department or process"),
    (b"Sales,sales\n1,2\n", "both count for Sales (department)"),
    (b"Score\n", "no scores below the header"),
    (b"\x00\x01", "binary"),
])
def test_scores_files_that_cannot_be_read(data, words):
    result = parse_scores_csv(data, small_workshop())
    assert not result.ok and any(words in p for p in result.problems), result.problems


# -- store -----------------------------------------------------------------------

def test_metrics_survive_the_file(tmp_path):
    w = metric_workshop()
    w.apply([Add(Nps("q1", "department", "d2", None, "Q3", 4, 5, 6)),
             Add(ParkingItem("pk1", "Who owns the website?", "question", "Ana", "open")),
             Add(Action("a1", "Ride along", "Bo", "2026-06-01", "p1", "open", "go_and_see",
                        "u2", "u1"))])
    path = tmp_path / "m.cxw"
    write_session_file(path, w)
    with SessionStore.open(path) as s:
        s.apply([Update("metrics", "k1", {"current": 25.5}),
                 Update("parking_lot", "pk1", {"status": "answered"})])
    back = SessionStore.read(path)
    assert back.get("metrics", "k1").current == 25.5
    assert back.get("parking_lot", "pk1").status == "answered"
    assert back.get("nps", "q1").detractors == 6
    assert back.get("actions", "a1").kind == "go_and_see"
    assert [ml.id for ml in back.metric_links] == ["kl1", "kl2", "kl3", "kl4", "kl5"]


@pytest.mark.parametrize("version", range(1, 6))  # every schema before the metrics
def test_older_files_migrate_to_metrics(tmp_path, version):
    path = tmp_path / "old.cxw"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db = Database(conn)
    migrate(db, to_version=version)
    db.table("action").insert({"id": "a1", "text": "Call back", "owner": "Ana", "due": None,
                               "process": None, "status": "open"})
    db.table("change").insert({"id": "h1", "title": "Old", "process": None, "impact": "",
                               "look": "", "response": "", "find_out": "", "feedback": "",
                               "risk": "medium", "owner": "", "decision": ""})
    conn.close()
    with SessionStore.open(path) as s:
        assert s.user_version == SCHEMA_VERSION
        w = s.load()
        assert w.get("actions", "a1").kind == "action" and w.get("actions", "a1").person is None
        assert w.get("changes", "h1").risk == "medium"
        assert w.metrics == [] and w.nps == [] and w.parking_lot == []
        s.apply([Add(Metric("k1", "NPS", "outside_in")), Add(ParkingItem("pk1", "Q?"))])
    assert [m.name for m in SessionStore.read(path).metrics] == ["NPS"]


# -- JSON --------------------------------------------------------------------------

def test_json_round_trip_with_metrics_is_byte_identical():
    w = metric_workshop()
    w.apply([Add(Nps("q1", "process", None, "p1", "", 1, 2, 3)),
             Add(ParkingItem("pk1", "Idea", "idea", "", "moved"))])
    text = dumps(w)
    doc = json.loads(text)
    assert doc["metrics"][0] == {"id": "k1", "name": "Would recommend", "kind": "outside_in",
                                 "department": None, "unit": "", "target": 40.0,
                                 "current": 20.0, "previous": 10.0, "better": "higher",
                                 "notes": ""}
    assert doc["metric_links"][0] == {"id": "kl1", "metric": "k1", "process": "p3"}
    assert doc["nps"][0]["scope"] == "process"
    assert dumps(loads(text)) == text


def test_old_json_without_the_new_lists_imports_unchanged():
    doc = json.loads(dumps(small_workshop()))
    for key in ("metrics", "metric_links", "nps", "parking_lot"):
        del doc[key]
    for a in doc["actions"]:
        del a["kind"], a["person"], a["host"]
    w = loads(json.dumps(doc))
    assert w.metrics == [] and len(w.processes) == 4


def test_json_metric_problems_are_all_reported_with_their_place():
    doc = json.loads(dumps(metric_workshop()))
    doc["metrics"][1]["kind"] = "sideways"
    doc["metrics"][2]["current"] = "high"
    doc["metric_links"].append({"id": "kl9", "metric": "k99", "process": "p1"})
    doc["metric_links"].append({"id": "kl10", "metric": "k1", "process": "p3"})
    doc["metric_links"].append({"id": "kl11", "process": "p3"})
    doc["nps"] = [{"id": "q1", "scope": "department", "promoters": 3},
                  {"id": "q2", "scope": "process", "process": "p77"}]
    doc["parking_lot"] = [{"id": "pk1", "status": "parked"}]
    with pytest.raises(ImportProblems) as info:
        loads(json.dumps(doc))
    problems = info.value.problems
    for expected in [
            "metrics[1].kind: must be one of outside_in, inside_out, not 'sideways'",
            "metrics[2].current: must be a number, not a string",
            'metric_links[5].metric: no metric "k99"',
            "metric_links[6]: duplicate of metric_links[0]",
            "metric_links[7].metric: missing",
            "nps[0].department: a department result needs its department",
            'nps[1].process: no process "p77"',
            "parking_lot[0].status: must be one of open, answered, moved, not 'parked'"]:
        assert expected in problems, problems


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_unreached_list_agrees_with_each_metrics_chain(seed):
    import random

    from cxworkshop.model import Department, Link
    rnd = random.Random(seed)
    w = Workshop()
    w.apply([Add(Department("d", "D"))] + [Add(Process(f"p{i}", f"P{i}", "d", i % 5))
                                             for i in range(40)])
    pairs = {(a, b) for a, b in ((rnd.randrange(40), rnd.randrange(40)) for _ in range(50))
             if a != b}
    w.apply([Add(Link(f"l{a}-{b}", f"p{a}", f"p{b}")) for a, b in pairs])
    ops = []
    for i in range(25):
        ops.append(Add(Metric(f"k{i}", f"M{i}", "outside_in" if i % 4 == 0 else "inside_out")))
        for p in rnd.sample(range(40), rnd.randint(0, 2)):
            ops.append(Add(MetricLink(f"kl{i}-{p}", f"k{i}", f"p{p}")))
    w.apply(ops)
    slow = [m.id for m in w.metrics if m.kind == "inside_out"
            and not M.metric_chain(w, m.id).reaches_customer]
    assert M.unreached_metrics(w) == slow


# -- named operations ----------------------------------------------------------------------

def test_metric_operations_refuse_with_a_sentence():
    from cxworkshop.model import ops
    w = metric_workshop()
    with pytest.raises(ops.Refused, match="A metric needs a name."):
        ops.add_metric(w, "   ")
    change = ops.add_metric(w, " First  reply ", "outside_in", "d1", unit="%")
    assert change.text == "Add metric “First reply”" and change[0].entity.department == "d1"
    with pytest.raises(ops.Refused, match="“Would recommend” is linked to “Invoice” already."):
        ops.link_metric(w, "k1", "p3")
    with pytest.raises(ops.Refused, match="Type how many promoters"):
        ops.add_nps(w, "session", None, 0, 0, 0)
    nps = ops.add_nps(w, "process", "p2", 3, 1, 1, survey=" Q3 ")[0].entity
    assert (nps.scope, nps.process, nps.department, nps.survey) == ("process", "p2", None, "Q3")
    with pytest.raises(ops.Refused, match="A parking-lot item needs a text."):
        ops.park(w, "")
    with pytest.raises(ops.Refused, match="cannot shadow themselves"):
        ops.plan_go_and_see(w, "u1", "u1")
    visit = ops.plan_go_and_see(w, "u2", "u1", "p1", "2026-06-01")[0].entity
    assert (visit.text, visit.owner, visit.kind) == ("Go and see: Take enquiry", "Bo",
                                                     "go_and_see")
    w.apply(ops.plan_go_and_see(w, "u2"))
    assert w.actions[-1].text == "Go and see a customer"
