"""Question banks exported for reuse, each read back and compared with the banks item by item: Moodle GIFT (by a
small GIFT reader), QTI 1.2 for Canvas and QTI 2.1 for Blackboard (by reading their XML), and the jupyterquiz
JSON's shape (tests/browser/test_bank_export_jupyterquiz.py renders it with jupyterquiz itself)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from widgets.content.banks import ORDINALS, Item, load_banks
from widgets.content.course import load_course
from widgets.grading.bank_export import export, jupyterquiz_questions

GIFT_QUESTION = re.compile(r"^::(?P<title>(?:\\.|[^:])+)::\s*(?P<prompt>(?:\\.|[^{])*)\{(?P<body>(?:\\.|[^}])*)\}",
                           re.MULTILINE)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def split_unescaped(text: str, sep: str) -> list[str]:
    return re.split(rf"(?<!\\){re.escape(sep)}", text)


def read_gift(text: str) -> dict[str, dict]:
    """Our subset of GIFT: single (=/~), weighted multiple (~%n%), true/false, matching (=a -> b)."""
    questions = {}
    for match in GIFT_QUESTION.finditer(text):
        body = match["body"].strip()
        entry: dict = {"prompt": unescape(match["prompt"])}
        if re.match(r"^(TRUE|FALSE)#", body):
            flag, wrong, right = split_unescaped(body, "#")
            entry.update(kind="tf", answer=flag == "TRUE", feedback=(unescape(wrong), unescape(right)))
        elif "->" in body:
            entry.update(kind="matching", pairs=[tuple(unescape(s) for s in line.strip()[1:].split(" -> "))
                                                 for line in body.splitlines() if line.strip()])
        else:
            options = []
            for line in (x.strip() for x in body.splitlines() if x.strip()):
                weight = re.match(r"^~%(-?[\d.]+)%", line)
                mark = float(weight[1]) if weight else (100.0 if line[0] == "=" else 0.0)
                rest = line[weight.end():] if weight else line[1:]
                answer, feedback = split_unescaped(rest, "#")
                options.append((unescape(answer), mark, unescape(feedback)))
            entry.update(kind="choice", options=options)
        questions[unescape(match["title"])] = entry
    return questions


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("banks")
    export(folder)
    return folder, load_course(), load_banks(load_course())


def test_every_bank_item_reads_back_from_gift_with_its_answers_and_feedback(exported) -> None:
    folder, course, banks = exported
    for module in course.modules:
        text = (folder / f"{module.name}.gift").read_text(encoding="utf-8")
        read = read_gift(text)
        items = banks[module.id].items
        assert sorted(read) == sorted(item.id for item in items)
        for pool in ("practice", "graded"):  # each pool in its own Moodle category, in that order
            assert f"$CATEGORY: $course$/Trauma bonds/Module {module.id} {pool}\n" in text
        assert text.index(f"::{banks[module.id].graded[0].id}::") > text.index(f"Module {module.id} graded")
        for item in items:
            entry = read[item.id]
            assert entry["prompt"] == " ".join(item.prompt.split())
            if item.type == "true_false":
                assert entry["answer"] == next(o.correct for o in item.options if o.text == "True")
            elif item.type in ("single", "multiple"):
                got = {text: (mark > 0, feedback) for text, mark, feedback in entry["options"]}
                want = {" ".join(o.text.split()): (o.correct, " ".join(o.feedback.split())) for o in item.options}
                assert got == want, item.id
                assert sum(max(mark, 0) for _, mark, _ in entry["options"]) == pytest.approx(100, abs=0.01)
            else:  # matching, and ordering as matching (place -> step): every pair survives
                want = (sorted((p.left, p.right) for p in item.pairs) if item.type == "matching"
                        else sorted((f"{ORDINALS[i]} step", s.text) for i, s in enumerate(item.steps)))
                assert sorted(entry["pairs"]) == [(" ".join(a.split()), " ".join(b.split())) for a, b in want], item.id


def test_the_jupyterquiz_export_has_one_question_per_choice_and_a_right_answer_each(exported) -> None:
    folder, course, banks = exported
    for module in course.modules:
        questions = json.loads((folder / f"{module.name}.json").read_text(encoding="utf-8"))
        assert len(questions) == sum(len(jupyterquiz_questions(i)) for i in banks[module.id].practice)
        graded = {" ".join(i.prompt.split()) for i in banks[module.id].graded}
        assert not [q for q in questions if " ".join(q["question"].split()) in graded]  # learners see practice only
        for question in questions:
            assert question["type"] in ("multiple_choice", "many_choice")
            assert any(a["correct"] for a in question["answers"])
            assert all(a["answer"] and a["feedback"] for a in question["answers"])


# ---- QTI: read each package's XML back ------------------------------------------------------------------------

QTI12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
QTI21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def flat(text: str | None) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text or "")).split())


def expected(item: Item, lms: str) -> dict:
    """What a package must hold for an item: its prompt, and its options with the right ones, or its pairs."""
    if item.type in ("single", "multiple", "true_false"):
        shown = [item.options[i] for i in item.option_order()]
        return {"prompt": flat(item.prompt), "options": [flat(o.text) for o in shown],
                "right": sorted(flat(o.text) for o in shown if o.correct)}
    if item.type == "ordering" and lms == "blackboard":
        return {"prompt": flat(item.prompt), "order": [flat(s.text) for s in item.steps]}
    pairs = ([(p.left, p.right) for p in item.pairs] if item.type == "matching"
             else [(f"{ORDINALS[i]} step", s.text) for i, s in enumerate(item.steps)])
    return {"prompt": flat(item.prompt), "pairs": sorted((flat(a), flat(b)) for a, b in pairs)}


def read_canvas(path: Path) -> list[dict]:
    """Canvas QTI 1.2: one XML file of items; right answers are the response conditions that give points."""
    with zipfile.ZipFile(path) as package:
        assert "imsmanifest.xml" in package.namelist()
        name = next(n for n in package.namelist() if n.endswith(".xml") and "manifest" not in n and "meta" not in n)
        root = ElementTree.fromstring(package.read(name))
    found = []
    for item in root.iter(f"{QTI12}item"):
        kind = next(f.findtext(f"{QTI12}fieldentry") for f in item.iter(f"{QTI12}qtimetadatafield")
                    if f.findtext(f"{QTI12}fieldlabel") == "question_type")
        presentation = item.find(f"{QTI12}presentation")
        prompt = flat(presentation.find(f"{QTI12}material").findtext(f"{QTI12}mattext"))
        scored = [c for c in item.iter(f"{QTI12}respcondition")  # the conditions that give points
                  if c.find(f"{QTI12}setvar") is not None and float(c.findtext(f"{QTI12}setvar")) > 0]
        if kind == "matching_question":
            pairs = []
            for lid in presentation.iter(f"{QTI12}response_lid"):
                labels = {lab.get("ident"): flat(lab.find(f".//{QTI12}mattext").text)
                          for lab in lid.iter(f"{QTI12}response_label")}
                right = next(v.text for c in scored for v in c.iter(f"{QTI12}varequal")
                             if v.get("respident") == lid.get("ident"))
                pairs.append((flat(lid.find(f"{QTI12}material").findtext(f"{QTI12}mattext")), labels[right]))
            found.append({"prompt": prompt, "pairs": sorted(pairs)})
            continue
        labels = [(lab.get("ident"), flat(lab.find(f".//{QTI12}mattext").text))
                  for lab in presentation.iter(f"{QTI12}response_label")]
        negated = {v for c in scored for n in c.iter(f"{QTI12}not") for v in n.iter(f"{QTI12}varequal")}
        right = {v.text for c in scored for v in c.iter(f"{QTI12}varequal") if v not in negated}
        found.append({"prompt": prompt, "options": [t for _, t in labels],
                      "right": sorted(t for ident, t in labels if ident in right)})
    return found


def read_blackboard(path: Path) -> list[dict]:
    """Blackboard QTI 2.1: one XML file per item, listed in the manifest; right answers in correctResponse."""
    found = []
    with zipfile.ZipFile(path) as package:
        manifest = ElementTree.fromstring(package.read("imsmanifest.xml"))
        files = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")
                 if r.get("type") == "imsqti_item_xmlv2p1"]
        for name in files:
            root = ElementTree.fromstring(package.read(name))
            body = root.find(f"{QTI21}itemBody")
            prompt = flat(body.findtext(f"{QTI21}div"))
            right = [v.text for v in root.iter(f"{QTI21}value")]
            texts = {c.get("identifier"): flat(ElementTree.tostring(c, encoding="unicode"))
                     for tag in ("simpleChoice", "simpleAssociableChoice") for c in body.iter(f"{QTI21}{tag}")}
            if body.find(f"{QTI21}matchInteraction") is not None:
                found.append({"prompt": prompt, "pairs": sorted((texts[v.split()[0]], texts[v.split()[1]])
                                                                for v in right)})
            elif body.find(f"{QTI21}orderInteraction") is not None:
                found.append({"prompt": prompt, "order": [texts[v] for v in right]})
            else:
                found.append({"prompt": prompt, "options": list(texts.values()),
                              "right": sorted(texts[v] for v in right)})
    return found


@pytest.mark.parametrize("lms", ["canvas", "blackboard"])
def test_every_item_option_and_right_answer_survives_the_qti_packages(exported, lms: str) -> None:
    folder, course, banks = exported
    reader = read_canvas if lms == "canvas" else read_blackboard
    for module in course.modules:
        for pool in ("practice", "graded"):
            items = getattr(banks[module.id], pool)
            read = reader(folder / f"{module.name}.{pool}.{lms}-qti.zip")
            by_prompt = {entry["prompt"]: entry for entry in read}
            assert len(read) == len(by_prompt) == len(items), (module.id, pool)
            for item in items:
                want = expected(item, lms)
                assert by_prompt.get(want["prompt"]) == want, (lms, item.id)


def test_the_qti_reader_notices_a_changed_answer(exported, tmp_path) -> None:
    folder, course, banks = exported
    source = folder / f"{course.module('01').name}.graded.canvas-qti.zip"
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name.endswith("canvas_qti12_questions.xml"):
                data = data.replace(b'varname="SCORE">100<', b'varname="SCORE">0<', 1)
            new.writestr(name, data)
    read = {entry["prompt"]: entry for entry in read_canvas(broken)}
    changed = [i for i in banks["01"].graded if read.get(expected(i, "canvas")["prompt"]) != expected(i, "canvas")]
    assert len(changed) == 1 and changed[0].type in ("single", "true_false")
