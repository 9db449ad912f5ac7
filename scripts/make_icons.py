"""Make the app icon's PNG, ICO (Windows) and ICNS (macOS) files from its SVG source.

Usage: python scripts/make_icons.py   (writes into resources/icons/; run after editing
cxworkshop.svg and commit the results, so building the app needs neither Qt's SVG
renderer at run time nor this script).
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "cxworkshop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int):
    """The SVG drawn at ``size`` × ``size`` as a Pillow image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    images = {size: render(size) for size in PNG_SIZES}
    for size, image in images.items():
        image.save(ICONS / f"cxworkshop-{size}.png", optimize=True)
    images[256].save(ICONS / "cxworkshop.ico", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES if s != 256])
    images[512].save(ICONS / "cxworkshop.icns",
                     append_images=[images[s] for s in (16, 32, 64, 128, 256)])
    print(f"wrote {len(images)} PNGs, cxworkshop.ico and cxworkshop.icns into {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
