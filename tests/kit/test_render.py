"""Rendering details: course text is escaped, and a deck without discussion prompts still renders."""

from __future__ import annotations

from dataclasses import replace

from widgets.kit import slides
from widgets.kit.cli import load_inputs
from widgets.kit.handouts import render


def test_course_text_is_escaped_on_handouts_and_slides() -> None:
    inputs = load_inputs()
    module = replace(inputs.course.module("01"), key_points=('Use <script>alert("x")</script> & "quotes".',))
    handout = render(module, inputs)
    assert "<script>" not in handout and "&lt;script&gt;" in handout
    guide = module.path("guide").read_text(encoding="utf-8")
    deck = slides.render(module, guide, inputs.resources, inputs.course.title)
    assert deck.count("<script>") == 1  # only the deck's own navigation script
    assert "&lt;script&gt;alert" in deck


def test_a_guide_without_prompts_or_activity_still_makes_a_deck() -> None:
    inputs = load_inputs()
    module = inputs.course.module("00")
    deck = slides.module_slides(module, "## Timing\n\n| A | 25 | teaching |\n\n## Other\n", inputs.resources)
    headings = [s.heading for s in deck]
    assert headings[2] == "Session plan" and headings[-1] == "Take care"
    assert any("See the facilitator guide" in s.body for s in deck)
