"""The Review page through AppTest: read-only hides every control; with editing on, the
round trip (accept, correct with a quote, reject, comment, sign off) is stored at once
and a new session sees it; a quote that is not in the text is refused with a message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.corpus import load_corpus
from policy_graph.review_store import ReviewStore
from tests.conftest import FIXTURES
from tests.test_app import APP

PAGE = "ui/pages/review.py"
P = "wework-labs"
ACCEPT = "review-accept-s1_1-contact-info--identify-and-contact--not-stated"
REJECT = "review-reject-s1_1-professional-info--identify-and-contact--contract"


@pytest.fixture
def review_env(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The labs fixture served from a private data copy, with a private review database."""
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / P)
    db = tmp_path / "reviews.db"
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    monkeypatch.setenv("POLICY_GRAPH_REVIEW_DB", f"sqlite:///{db}")
    return db


def open_review(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(PAGE)
    for key, value in {"policy": P, "lang": "en", **params}.items():
        at.query_params[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in (at.markdown, at.caption, at.info, at.success,
                                               at.warning, at.error) for e in kind)


def test_read_only_shows_the_review_but_no_control(review_env: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_GRAPH_REVIEW", raising=False)
    at = open_review()
    assert not at.exception and not at.error
    assert "POLICY\\_GRAPH\\_REVIEW=on" in texts(at)
    assert [b.key for b in at.button] == []
    assert at.text_input.len == 0 and at.text_area.len == 0
    assert not review_env.exists()  # read-only never creates the database
    # Decisions recorded elsewhere (the command line, another deployment) are shown.
    corpus = load_corpus(Path(str(review_env.parent / "data")))
    ReviewStore(f"sqlite:///{review_env}").accept(
        corpus, P, "en", "s1.1", "contact-info/identify-and-contact/not-stated", reviewer="Ada")
    at = open_review()
    assert [b.key for b in at.button] == [] and at.text_input.len == 0
    assert "accepted by Ada" in texts(at)


def test_a_bad_setting_is_named_and_the_page_stays_read_only(review_env: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_REVIEW", "maybe")
    at = open_review()
    assert not at.exception
    assert any("POLICY_GRAPH_REVIEW='maybe' is not a setting" in e.value for e in at.error)
    assert [b.key for b in at.button] == []


def test_the_review_round_trip(review_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_REVIEW", "on")
    at = open_review()
    assert not at.exception
    # Until a name is given, nothing can be recorded.
    assert at.button(key=ACCEPT).disabled and at.button(key="review-signoff").disabled
    at.text_input(key="review-reviewer").set_value("Ada Lovelace").run()
    assert not at.button(key=ACCEPT).disabled
    at.button(key=ACCEPT).click().run()
    assert any("Recorded" in s.value for s in at.success), texts(at)
    # A correction whose quote is not in the text is refused with a message, nothing stored.
    at.selectbox(key="review-fix-kind-s1_1").set_value("legal_basis").run()
    at.selectbox(key="review-fix-concept-s1_1").set_value("contract").run()
    at.text_input(key="review-fix-quote-s1_1").set_value("contract obligations, as we see it")
    at.button(key="review-fix-s1_1").click().run()
    assert any("is not in the text of wework" in e.value for e in at.error), texts(at)
    assert len(ReviewStore(f"sqlite:///{review_env}").events(P, "en")) == 1
    # The same correction with words that stand in the text is recorded.
    at.text_input(key="review-fix-quote-s1_1").set_value("contractual obligations")
    at.button(key="review-fix-s1_1").click().run()
    assert not at.error, texts(at)
    assert at.text_input(key="review-fix-quote-s1_1").value == ""  # the box is emptied
    at.button(key=REJECT).click().run()
    at.text_area(key="review-comment-s1_1").set_value("Basis taken from the payment clause.")
    at.button(key="review-comment-add-s1_1").click().run()
    at.text_input(key="review-signoff-note").set_value("first pass done")
    at.button(key="review-signoff").click().run()
    assert not at.exception and not at.error, texts(at)

    # A new session (another browser, or after a reload) sees it all, from the database.
    again = open_review(clause="s1.1")
    shown = texts(again)
    assert "corrected by Ada Lovelace" in shown
    # The rejected practice took its data category with it; the correction's basis is there.
    summary = next(m.value for m in again.markdown if m.value.startswith("**Data category**"))
    assert "Contact information" in summary and "Professional" not in summary
    assert "**Legal basis**: Contract" in summary
    assert "Basis taken from the payment clause" in shown
    assert "first pass done" in shown and "Ada Lovelace" in shown
    trail = next(e for e in again.expander if e.label.startswith("Audit trail"))
    assert trail.label == "Audit trail (4)"
    events = ReviewStore(f"sqlite:///{review_env}").events(P, "en")
    assert [e.action for e in events] == ["accept", "correct", "reject", "comment"]
    assert {e.reviewer for e in events} == {"Ada Lovelace"}
    assert [s.note for s in ReviewStore(f"sqlite:///{review_env}").sign_offs(P, "en")] == [
        "first pass done"]


def test_the_drift_matrix_and_a_cell_side_by_side(review_env: Path) -> None:
    at = open_review()
    frame = next(d.value for d in at.dataframe if "nb" in d.value.columns)
    assert list(frame["clause"]) == ["s1.1", "s1.2", "s1.3", "s2.1"]
    assert list(frame["nb"]) == ["same", "differs", "missing", "differs"]
    at.selectbox(key="review-drift-cell").set_value("s1.2|nb").run()
    shown = texts(at)
    assert "Payment Information, where applicable" in shown
    assert "Betalingsopplysninger, der aktuelt" in shown
    assert "Legitimate interests" in shown and "Contract" in shown
    # Labels and interface strings follow the chosen language.
    at.selectbox(key="review-labels").set_value("nb").run()
    assert at.query_params["labels"] == ["nb"] or at.query_params["labels"] == "nb"
    assert at.title[0].value != "Legal review"


def test_behind_a_sign_in_proxy_a_request_without_its_header_records_nothing(
        review_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_REVIEW", "on")
    monkeypatch.setenv("POLICY_GRAPH_REVIEWER_HEADER", "X-Forwarded-Email")
    at = open_review()
    assert not at.exception
    assert any("proxy sent no name" in w.value for w in at.warning)
    assert at.text_input(key="review-signoff-note") is not None
    assert not [t for t in at.text_input if t.key == "review-reviewer"]  # the name is not typed
    assert at.button(key=ACCEPT).disabled and at.button(key="review-signoff").disabled


def test_the_shipped_single_version_policy_reads_without_error(review_env: Path) -> None:
    at = open_review(policy="wework", lang="vi")
    assert not at.exception and not at.error
    assert any("one language version" in i.value for i in at.info)
    assert any("21 clauses" in c.value for c in at.caption)
