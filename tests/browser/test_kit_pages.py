"""The kit in Chromium: an axe-core audit of every handout and deck, the index and a guide (no serious or critical
violations), slides that move by keyboard and show their number, and no request beyond this machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.kit.build import Kit

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def context(browser) -> Iterator:
    """A browser context of our own (the session's Chromium from conftest.py)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    tab = context.new_page()
    tab.outside = []  # requests that are not local files
    tab.errors = []
    tab.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:")) else tab.outside.append(r.url))
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    tab.close()


def axe_problems(tab) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing, and CI requires the audit: run `npm ci` (make test does).")
        pytest.skip("axe-core not installed: run `npm ci` (make test does it when npm is present)")
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_problems_on_a_bad_page(page, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="x.png"><input type="text"><p style="color:#ccc">faint</p></body></html>')
    page.goto(bad.as_uri())
    found = axe_problems(page)
    assert any(p.startswith("image-alt") for p in found) and any(p.startswith("label") for p in found)


def test_every_kit_page_passes_an_accessibility_audit(kit: Kit, page) -> None:
    """Every handout and deck, the index, and one guide (all guides come from the same Markdown renderer)."""
    pages = [p for p in kit.pages() if p.parent.name != "facilitator"]
    pages += [kit.index, kit.index.parent / f"{kit.course.module('03').name}.html"]
    problems = {}
    for path in pages:
        page.goto(path.as_uri())
        if path.parent.name == "slides":  # the deck shows one slide at a time: show them all, and the buttons
            page.evaluate("() => { document.documentElement.classList.remove('js'); "
                          "document.querySelectorAll('.slide').forEach(s => { s.hidden = false; }); }")
            assert page.locator(".slide:visible").count() == page.locator(".slide").count()
            assert page.get_by_role("button", name="Next").is_visible()
        found = axe_problems(page)
        if found:
            problems[f"{path.parent.name}/{path.name}"] = sorted(set(found))
    assert problems == {}
    assert page.outside == [] and page.errors == []


def test_slides_move_by_keyboard_and_show_their_number(kit: Kit, page) -> None:
    page.goto(kit.deck("03").as_uri())
    visible = page.locator(".slide:visible")
    assert visible.count() == 1
    total = page.locator(".slide").count()
    assert visible.locator(".slide-number").inner_text() == f"Module 03 · slide 1 of {total}"
    page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")
    assert page.locator(".slide:visible .slide-number").inner_text() == f"Module 03 · slide 3 of {total}"
    assert page.url.endswith("#slide-3")
    page.keyboard.press("ArrowLeft")
    assert page.locator(".slide:visible h2").inner_text().startswith("By the end")
    page.keyboard.press("End")
    assert page.locator(".slide:visible h2").inner_text() == "Take care"
    page.get_by_role("button", name="Previous").click()
    assert page.locator(".slide:visible .slide-number").inner_text().endswith(f"{total - 1} of {total}")
    page.goto(kit.deck("03").as_uri() + "#slide-4")
    page.reload()
    assert page.locator(".slide:visible .slide-number").inner_text().endswith(f"slide 4 of {total}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kit-slide-03-4.png"))
    assert page.outside == [] and page.errors == []


def test_without_javascript_a_deck_is_one_scrolling_page(kit: Kit, context) -> None:
    browser = context.browser
    plain = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 720})
    try:
        tab = plain.new_page()
        tab.goto(kit.deck("01").as_uri())
        assert tab.locator(".slide:visible").count() == tab.locator(".slide").count() >= 6
        assert not tab.get_by_role("button", name="Next").is_visible()
    finally:
        plain.close()


def test_handout_and_index_screenshots(kit: Kit, page) -> None:
    """Pictures for a person to look at (tests/artifacts/), and a print preview that fits one A4 width."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(kit.index.as_uri())
    page.screenshot(path=str(ARTIFACTS / "kit-index.png"), full_page=True)
    page.goto(kit.handout("03").as_uri())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 794
    page.screenshot(path=str(ARTIFACTS / "kit-handout-03.png"))
    assert page.outside == [] and page.errors == []


def test_every_slide_fits_a_1280_by_720_projector(kit: Kit, page) -> None:
    overflowing = {}
    for module in kit.course.modules:
        page.goto(kit.deck(module.id).as_uri())
        found = page.evaluate("""() => {
          const slides = [...document.querySelectorAll('.slide')], out = [];
          slides.forEach((s, i) => { slides.forEach((t, j) => { t.hidden = i !== j; });
            if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1) { out.push(i + 1); } });
          return out; }""")
        if found:
            overflowing[module.id] = found
    assert overflowing == {}, "slides that need scrolling on a 1280x720 projector"
