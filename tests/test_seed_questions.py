"""The labelled question set over the bundled seeds: what users ask, what they must get."""

import json
from pathlib import Path

import pytest

from retrieval.engine import Engine

CASES = json.loads((Path(__file__).parent / "seed_questions.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Engine:
    # As users get it: semantic re-ranking on (HOIDAP_SEMANTIC defaults to true).
    return Engine(tmp_path_factory.mktemp("seeds") / "hoidap.db", semantic=True)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}: {c['q']}" for c in CASES])
def test_seed_question(seeded: Engine, case: dict):
    answer = seeded.ask(case["q"])
    if "doc" not in case:
        assert answer.hits == [] and answer.answer is None, "out-of-corpus questions get an honest not-found"
        return
    assert answer.hits, "an in-corpus question is answered"
    top = answer.hits[0]
    assert top.chunk.doc == case["doc"]
    if "paragraph" in case:
        assert top.chunk.paragraph == case["paragraph"]
    # A short answer, when given, is the right one; on a close call none is given (see the test below).
    if answer.answer is not None:
        assert answer.answer_hit is not None
        if "answer" in case:
            assert answer.answer == case["answer"]
        if "answer_starts" in case:
            assert answer.answer.startswith(case["answer_starts"])
        if "answer_contains" in case:
            assert case["answer_contains"] in answer.answer
    if "text_contains" in case:
        assert any(case["text_contains"] in hit.chunk.text for hit in answer.hits)


def test_most_seed_questions_with_an_answer_get_it(seeded: Engine):
    # The short-answer rule abstains on close calls; it must still answer most of the bundled set,
    # the README's example among them.
    expected = [c for c in CASES if {"answer", "answer_starts", "answer_contains"} & c.keys()]
    answered = [c["q"] for c in expected if seeded.ask(c["q"]).answer]
    assert len(answered) >= 0.65 * len(expected), answered  # 17 of 26, as the README says
    assert "Thái Nguyên tổ chức hội nghị TTĐN khi nào?" in answered


def test_the_set_covers_every_kind():
    kinds = {case["kind"] for case in CASES}
    assert kinds == {
        "date",
        "person",
        "role",
        "number",
        "no diacritics",
        "abbreviation",
        "tone placement",
        "title only",
        "out of corpus",
    }
