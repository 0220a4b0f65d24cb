"""The kit as built: a handout (HTML and PDF) and a deck for every module, an index whose totals add up,
nothing that reaches beyond this machine, and a PDF page that really shows text."""

from __future__ import annotations

import re
from html import unescape

from tests.kit.build import Kit, require_chromium, run_kit
from tests.kit.pages import external_urls
from widgets.content.course import load_resources
from widgets.kit.workshop import one_day, two_day


def _text(html: str) -> str:
    """A page's words, as one line (tags, scripts and styles removed; inline tags leave no gap)."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(code|strong|em|span)[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_every_module_has_a_handout_and_a_deck(kit: Kit) -> None:
    for module in kit.course.modules:
        handout = kit.handout(module.id).read_text(encoding="utf-8")
        assert module.title in unescape(handout)
        assert [p for p in module.key_points if p not in _text(handout)] == []
        deck = kit.deck(module.id).read_text(encoding="utf-8")
        count = deck.count('class="slide"')
        assert count >= 6, f"{module.id}: only {count} slides"
        numbers = re.findall(r"slide (\d+) of (\d+)", deck)
        assert [int(n) for n, _ in numbers] == list(range(1, count + 1))
        assert {int(total) for _, total in numbers} == {count}
        if kit.pdfs:
            assert kit.handout(module.id, ".pdf").stat().st_size > 10_000


def test_handouts_show_every_support_service_and_no_code(kit: Kit) -> None:
    services = [s.name for r in load_resources().regions for s in r.services]
    for module in kit.course.modules:
        text = _text(kit.handout(module.id).read_text(encoding="utf-8"))
        assert [s for s in services if s not in text] == []
        assert not re.search(r"\b(import|worksheet\(|Field\(|def |print\()", text), module.id


def test_slides_show_the_guide_timings_and_prompts(kit: Kit) -> None:
    from widgets.kit import guide

    for module in kit.course.modules:
        text = module.path("guide").read_text(encoding="utf-8")
        deck = _text(kit.deck(module.id).read_text(encoding="utf-8"))
        assert f"Total: {module.minutes} minutes" in deck
        prompts = guide.discussion_prompts(text)
        missing = [p for p in prompts if " ".join(re.sub(r"[*`]", "", p).split()) not in deck]
        assert missing == [], module.id
        assert all(o.text in deck for o in module.objectives)


def test_index_totals_are_the_sum_of_module_minutes(kit: Kit) -> None:
    html = kit.index.read_text(encoding="utf-8")
    total = sum(m.minutes for m in kit.course.modules)
    assert re.search(r'id="total-minutes">(\d+) min<', html).group(1) == str(total)
    # Each timetable, read back from the page: module rows add up to the course, and rows follow one another.
    tables = re.findall(r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", html, re.S)
    assert len(tables) == 3  # one day, then two days
    plans = [[tables[0]], tables[1:]]
    for plan, model in zip(plans, (one_day(kit.course), two_day(kit.course)), strict=True):
        module_minutes = 0
        for caption, body in plan:
            rows = re.findall(r'<tr class="(module|break)"><td class="n">(\d\d:\d\d)–(\d\d:\d\d)</td><td>(.*?)</td>'
                              r'<td class="n">(\d+) min</td></tr>', body)
            module_minutes += sum(int(r[4]) for r in rows if r[0] == "module")
            assert all(a[2] == b[1] for a, b in zip(rows, rows[1:], strict=False))
            day_total = sum(int(r[4]) for r in rows)
            assert f"{day_total // 60} h" in caption
        assert module_minutes == total == model.module_minutes
    one_total = model_total = one_day(kit.course).total
    assert model_total == total + one_day(kit.course).break_minutes
    hours, minutes = divmod(one_total, 60)
    assert f'id="one-day-total">{hours} h {minutes:02d} min<' in html


def test_index_links_every_guide_handout_and_deck(kit: Kit) -> None:
    html = kit.index.read_text(encoding="utf-8")
    for module in kit.course.modules:
        for link in (f"{module.name}.html", f"../handouts/{module.name}.html", f"../slides/{module.name}.html"):
            assert f'href="{link}"' in html
            assert (kit.index.parent / link).resolve().exists()
        assert (f'href="../handouts/{module.name}.pdf"' in html) == kit.pdfs


def test_no_generated_page_reaches_beyond_this_machine(kit: Kit) -> None:
    pages = kit.pages()
    assert len(pages) == 3 * len(kit.course.modules) + 1
    found = {p.name: external_urls(p.read_text(encoding="utf-8")) for p in pages}
    assert {name: urls for name, urls in found.items() if urls} == {}


def test_the_url_check_can_fail() -> None:
    bad = ('<link rel="stylesheet" href="https://cdn.example/x.css"><style>@import url(//fonts.example/f);</style>'
           '<img src="http://example.org/a.png"><p>See https://example.org now.</p>'
           '<ul><li class="source">Someone (2020). https://doi.org/10.1/x</li></ul>')
    found = external_urls(bad)
    assert len(found) == 5
    assert not any("doi.org" in f for f in found)


def _looks_blank(image) -> bool:
    gray = image.convert("L")
    dark = sum(gray.histogram()[:128])
    return dark < 0.002 * gray.width * gray.height


def test_a_handout_pdf_page_shows_text(kit: Kit) -> None:
    require_chromium()
    import pypdfium2 as pdfium

    module = kit.course.module("03")
    pdf = pdfium.PdfDocument(kit.handout("03", ".pdf"))
    assert len(pdf) >= 2
    page = pdf[0]
    width, height = page.get_size()
    assert 590 <= width <= 613 and 790 <= height <= 843  # A4 (595 x 842 pt), not some odd size
    image = page.render(scale=1).to_pil()
    assert not _looks_blank(image)
    text = page.get_textpage().get_text_range()
    assert module.title in text and "Key points" in text and "911" in text


def test_the_blank_page_check_can_fail() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    assert _looks_blank(pdf[0].render(scale=1).to_pil())


def test_the_command_reports_each_module_and_ends_with_a_summary(kit: Kit) -> None:
    lines = kit.log.strip().splitlines()
    for module in kit.course.modules:
        assert any(line.startswith("[") and f"module {module.id}: handout" in line for line in lines)
        assert any(f"module {module.id}: slides" in line for line in lines)
    assert lines[-1].startswith("Made ") and "8 handouts (HTML)" in lines[-1] and "8 slide decks (HTML)" in lines[-1]
    assert str(kit.out) in lines[-1] and lines[-1].endswith("index.html).")


def test_handouts_print_on_letter_paper_too(tmp_path) -> None:
    require_chromium()
    import pypdfium2 as pdfium

    done = run_kit(tmp_path, "05", "--paper", "Letter", command="handouts")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "handouts").glob("*.pdf")] == ["05_repair_or_walk_away.pdf"]
    pdf = pdfium.PdfDocument(tmp_path / "handouts" / "05_repair_or_walk_away.pdf")
    assert [round(x) for x in pdf[0].get_size()] == [612, 792]


def test_an_unknown_paper_size_is_refused(tmp_path) -> None:
    done = run_kit(tmp_path, "--paper", "A3", command="handouts")
    assert done.returncode == 2 and "invalid choice: 'A3'" in done.stderr
    done = run_kit(tmp_path, "42", command="slides")
    assert done.returncode == 1 and "no module 42 in course.yml" in done.stderr
    assert not (tmp_path / "handouts").exists() and not (tmp_path / "slides").exists()
