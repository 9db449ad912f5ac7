"""Regression guard for the PySide6 6.12.0 / CPython 3.11 crash.

That combination aborts the process ("Fatal Python error: none_dealloc:
deallocating None") after a few thousand calls of void methods such as
``QGraphicsItem.setPos``; pyproject excludes it. The calls run in a child
process so that an abort shows as a failed test, not a dead test run.
"""
from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene
from PySide6.QtCore import QPointF
app = QApplication([])
scene = QGraphicsScene()
items = [QGraphicsRectItem(0, 0, 10, 10) for _ in range(50)]
for item in items:
    scene.addItem(item)
calls = 0
for i in range(400):
    for item in items:
        item.setPos(QPointF(i, i))   # void
        item.setZValue(i % 7)        # void
        calls += 2
print(calls, sys.getrefcount(None) > 0)
"""


def test_twenty_thousand_void_calls_do_not_abort():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split()[0] == "40000"


def test_installed_pyside_is_not_the_broken_combination():
    import PySide6
    if sys.version_info[:2] == (3, 11):
        assert PySide6.__version__ != "6.12.0"
