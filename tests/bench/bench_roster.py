"""Advisory group: CSV import of a large staff list, composition checks, roster page refresh."""
from __future__ import annotations

from cxworkshop.io.roster_csv import parse_roster_csv, roster_csv_bytes
from cxworkshop.model import Add, Department, Member, Workshop
from cxworkshop.model.roster import composition_checks


def _workshop(members: int = 2000) -> Workshop:
    w = Workshop()
    ents = [Department(f"d{i}", f"Dept {i}") for i in range(20)]
    ents += [Member(f"m{i}", f"Person {i}", f"d{i % 20}", "Role, senior", i % 3 != 0,
                    f"Site {i % 7}", float(i % 30), f"p{i}@example.org", "note; with, commas")
             for i in range(members)]
    w.apply([Add(e) for e in ents])
    return w


def _ms(fn, repeat: int = 9) -> list[float]:
    from timing import runs
    return runs(fn, repeat)


def csv_parse_2000_rows_ms() -> list[float]:
    data = roster_csv_bytes(_workshop())
    target = _workshop(0)
    return _ms(lambda: parse_roster_csv(data, target))


def composition_checks_2000_members_ms() -> list[float]:
    w = _workshop()
    return _ms(lambda: composition_checks(w))


def roster_page_refresh_500_members_ms() -> list[float]:
    from PySide6.QtWidgets import QApplication

    from cxworkshop.document import SessionDocument
    from cxworkshop.ui.pages.roster import RosterPage
    app = QApplication.instance() or QApplication([])
    doc = SessionDocument(workshop=_workshop(500))
    page = RosterPage(doc)
    page.resize(1060, 760)
    page.show()
    app.processEvents()

    def refresh():
        doc.changed.emit()
        page.grab()
    result = _ms(refresh)
    page.deleteLater()
    return result


BENCHMARKS = {"roster_csv_parse_2000_rows_ms": csv_parse_2000_rows_ms,
              "roster_composition_checks_2000_members_ms": composition_checks_2000_members_ms,
              "roster_page_refresh_500_members_ms": roster_page_refresh_500_members_ms}
