"""Browser tests: Debian's Chromium driven by Playwright against the live test server, checked by axe-core."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium libatomic1)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page (CSP blocks script tags, so evaluate it)."""
    page.evaluate(AXE)
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
