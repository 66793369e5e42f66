"""axe-core on the pages the browser walks reach: WCAG 2.1 A and AA rules, and a failure naming every
serious or critical violation.

axe-core comes from the npm registry, pinned in tests/browser/package.json and package-lock.json
(`npm ci --prefix tests/browser`, run by `make test` and .ci/run). Its source is handed to
`page.evaluate`, which runs it through the DevTools protocol: the CSP's script-src (no inline, no
eval) does not apply there, so the pages are checked with their real CSP on.

Every check also appends one line to AXE_REPORT (a JSON-lines file, when set): the page, the screen
size and the count of violations by impact, to compare runs.
"""

import json
import os
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
# Both screens every page is checked on: a small phone and a desk.
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}

RUN_JS = """
async tags => {
    const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
    const results = await axe.run(document, options);
    return results.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                              summary: n.failureSummary.slice(0, 300)})),
        count: v.nodes.length,
    }));
}
"""


@cache
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        raise FileNotFoundError(
            f"{AXE_SOURCE} is missing: run  npm ci --prefix tests/browser  (make test does it)"
        )
    return AXE_SOURCE.read_text()


def axe_violations(page: Page) -> list[dict]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now, all impacts."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_JS, WCAG_21_AA)


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['count']}×)"
        )
        lines.extend(f"      {node['target']}: {node['html']}" for node in violation["nodes"])
    return "\n".join(lines)


def _record(name: str, page: Page, violations: list[dict]) -> None:
    report = os.environ.get("AXE_REPORT")
    if not report:
        return
    size = page.viewport_size
    by_impact: dict[str, int] = {}
    for violation in violations:
        by_impact[violation["impact"]] = by_impact.get(violation["impact"], 0) + 1
    line = {
        "page": name,
        "path": page.url.split("//", 1)[-1].split("/", 1)[-1],
        "screen": f"{size['width']}x{size['height']}",
        "impacts": by_impact,
        "rules": sorted({f"{v['impact']}:{v['id']}" for v in violations}),
        "blocking": [v for v in violations if v["impact"] in BLOCKING],
    }
    with open(report, "a") as out:
        out.write(json.dumps(line) + "\n")


def axe_check(page: Page, name: str = "") -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the page at its current screen size."""
    violations = axe_violations(page)
    _record(name or page.url, page, violations)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if os.environ.get("AXE_RECORD_ONLY"):
        return
    size = page.viewport_size
    assert not blocking, (
        f"{name or page.url} at {size['width']}×{size['height']}: axe-core finds "
        f"{len(blocking)} serious or critical violation(s):\n{_describe(blocking)}"
    )


def axe_check_both_screens(page: Page, name: str = "") -> None:
    """axe on the page at a 360 px phone's size and at a desk's, then back to the size it had."""
    size = page.viewport_size
    for screen in (PHONE, DESK):
        page.set_viewport_size(screen)
        axe_check(page, name)
    page.set_viewport_size(size)
