"""A real-browser render of both reports (headless Chromium, Debian's `chromium`), through
the documented script scripts/render_reports.sh. Skipped where Chromium is not installed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="headless Chromium not installed "
                    "(apt-get install -y chromium); scripts/render_reports.sh renders the reports by hand")
def test_reports_render_in_chromium(tmp_path):
    env = dict(os.environ, PYTHON=sys.executable, CHROMIUM=CHROMIUM, RUNS="30")
    subprocess.run(["bash", str(ROOT / "scripts" / "render_reports.sh"), str(tmp_path)], check=True,
                   env=env, cwd=ROOT, capture_output=True, timeout=180)
    for name in ("debrief", "class"):
        png = tmp_path / f"{name}.png"
        assert png.exists() and png.stat().st_size > 40_000, f"{name}.png missing or blank"
        try:
            from PIL import Image
        except ImportError:  # pragma: no cover
            continue
        with Image.open(png) as im:
            assert im.size == (1280, 2400)
            rgb = im.convert("RGB")
            colours = rgb.getcolors(maxcolors=1 << 20)
            assert colours is None or len(colours) > 50, f"{name}.png looks empty"
            # the page is drawn: the top band holds the title (dark text on white)
            top = rgb.crop((0, 0, 1280, 120))
            assert min(sum(px) for px in (top.get_flattened_data() if hasattr(top, "get_flattened_data") else top.getdata())) < 200
