"""Right-to-left text: adding Hebrew is adding data, and it is shown right to left."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.compare import align_versions
from policy_graph.corpus import load_corpus
from policy_graph.notebook import Notebook
from policy_graph.notebook_io import to_html
from tests.conftest import write_language
from tests.test_app import Page

HEBREW = """מדיניות הפרטיות של WeWork

חברים עסקיים ולקוחות. אם אתה חבר עסקי או לקוח, המידע האישי שבו אנו משתמשים כולל:

 • פרטי קשר כדי לזהות אותך וליצור איתך קשר;

 • פרטי תשלום כדי לעבד עסקה כספית שביקשת (בדרך כלל, כדי לעמוד בהתחייבויות החוזיות שלנו כלפיך).
"""
HE_TERMS = {
    "corporate-members-and-customers": ["חברים עסקיים ולקוחות"],
    "contact-info": ["פרטי קשר"], "payment-info": ["פרטי תשלום"],
    "identify-and-contact": ["לזהות אותך וליצור איתך קשר"],
    "process-payment": ["לעבד עסקה כספית"], "contract": ["ההתחייבויות החוזיות", "בהתחייבויות החוזיות"],
}


@pytest.fixture
def hebrew_data(data_copy: Path) -> Path:
    write_language(data_copy, "he", {"name": "עברית", "direction": "rtl", "bullet_markers": ["•"],
                                     "sentence_terminators": ["."], "list_conjunctions": []},
                   HE_TERMS)
    (data_copy / "policies" / "wework" / "he.txt").write_text(HEBREW, encoding="utf-8")
    return data_copy


def test_hebrew_version_is_extracted_and_aligned(hebrew_data: Path) -> None:
    corpus = load_corpus(hebrew_data)
    assert corpus.errors == []
    he = corpus.versions[("wework", "he")]
    assert [c.ids("data_category") for c in he.extracted.values()] == [["contact-info"],
                                                                        ["payment-info"]]
    assert he.extracted["s1.2"].ids("legal_basis") == ["contract"]
    result = align_versions(corpus, "wework", "vi", "he")
    pairs = [(r.a.id if r.a else None, r.b.id if r.b else None) for r in result.rows
             if r.status in ("same", "differs")]
    assert pairs == [("s1.1", "s1.1"), ("s1.3", "s1.2")]


def test_hebrew_is_shown_right_to_left(hebrew_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(hebrew_data))
    at: AppTest = Page("ui/pages/search.py", q="פרטי תשלום").run()
    assert not at.exception
    blocks = [str(h.proto.body) for h in at.get("html")]
    assert any('dir="rtl"' in b and "<mark>פרטי תשלום</mark>" in b for b in blocks), blocks
    corpus = load_corpus(hebrew_data)
    html = to_html(Notebook(name="he").add("search", {"q": "פרטי תשלום", "lang": "he"}), corpus)
    assert "lang='he' dir='rtl'" in html and "<mark>פרטי תשלום</mark>" in html
