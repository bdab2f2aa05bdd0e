"""The review database: actions, the audit trail, WAL, durability, checks, the derived
state, export/import of review files, the report and the ``policy-graph review`` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest
import yaml

from policy_graph.cli import main
from policy_graph.corpus import Corpus, load_corpus
from policy_graph.errors import DataFileError, UserInputError
from policy_graph.review_export import export_review, import_review
from policy_graph.review_report import (
    art13_purposes,
    build_report,
    coverage,
    report_csv,
    report_markdown,
    without_basis,
)
from policy_graph.review_state import derive_clause, version_state
from policy_graph.review_store import ReviewStore, review_db_url_from_env
from tests.conftest import FIXTURES

P, EN = "wework-labs", "en"
PAYMENT = "payment-info/process-payment/contract"
CONTACT = "contact-info/identify-and-contact/not-stated"
PROFESSIONAL = "professional-info/identify-and-contact/not-stated"
CALENDAR = "email-calendar-info/room-booking/not-stated"


@pytest.fixture
def labs(data_copy: Path) -> Path:
    """A data directory with the labs fixture (en + a nb translation with planted changes)."""
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / P)
    return data_copy


@pytest.fixture
def corpus_labs(labs: Path) -> Corpus:
    corpus = load_corpus(labs)
    assert corpus.errors == []
    return corpus


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(f"sqlite:///{tmp_path / 'reviews.db'}")


def _state(corpus: Corpus, store: ReviewStore, clause: str, lang: str = EN):  # type: ignore[no-untyped-def]
    version = corpus.version(P, lang)
    assert version is not None
    return derive_clause(version, clause, store.events(P, lang))


def _statuses(corpus: Corpus, store: ReviewStore, clause: str) -> dict[str, str]:
    return {p.key: p.status for p in _state(corpus, store, clause).practices}


def test_every_action_is_stored_in_order_with_who_and_when(corpus_labs: Corpus,
                                                           store: ReviewStore) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    store.accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer="Ada")
    store.reject(corpus_labs, P, EN, "s1.3", CALENDAR, reviewer="Bo")
    store.correct(corpus_labs, P, EN, "s1.1", "legal_basis", "contract", "contractual obligations",
                  reviewer="Ada")
    store.comment(corpus_labs, P, EN, "s1.1", "The basis is stated in s1.2's words.", reviewer="Bo")
    store.set_gloss(corpus_labs, P, EN, "s1.1", "Contact details to reach you.", reviewer="Ada")
    events = store.events(P, EN)
    assert [(e.clause, e.action, e.reviewer) for e in events] == [
        ("s1.2", "accept", "Ada"), ("s1.3", "reject", "Bo"), ("s1.1", "correct", "Ada"),
        ("s1.1", "comment", "Bo"), ("s1.1", "gloss", "Ada")]
    assert [e.id for e in events] == sorted(e.id for e in events)
    assert all(dt.datetime.fromisoformat(e.at) >= before for e in events)
    # The audit trail of one clause: its events only, oldest first.
    assert [e.describe() for e in store.events(P, EN, "s1.1")] == [
        "correct legal basis: contract — “contractual obligations”",
        "comment: The basis is stated in s1.2's words.",
        "gloss: Contact details to reach you."]
    assert store.events(P, "nb") == []


def test_the_state_is_derived_from_the_log(corpus_labs: Corpus, store: ReviewStore) -> None:
    assert _statuses(corpus_labs, store, "s1.1") == {CONTACT: "open", PROFESSIONAL: "open"}
    store.accept(corpus_labs, P, EN, "s1.1", CONTACT, reviewer="Ada")
    store.reject(corpus_labs, P, EN, "s1.1", PROFESSIONAL, reviewer="Ada")
    # The rejected practice's data category is gone; the accepted one stays accepted.
    assert _statuses(corpus_labs, store, "s1.1") == {CONTACT: "accepted"}
    # A correction replaces the basis: the practices it yields are marked corrected.
    store.correct(corpus_labs, P, EN, "s1.1", "legal_basis", "contract", "contractual obligations",
                  reviewer="Bo")
    state = _state(corpus_labs, store, "s1.1")
    assert [(p.key, p.status, p.reviewer) for p in state.practices] == [
        ("contact-info/identify-and-contact/contract", "corrected", "Bo")]
    assert state.quote("contract") == "contractual obligations"
    # Rejecting a clause's only practice leaves the clause stating nothing.
    store.reject(corpus_labs, P, EN, "s1.3", CALENDAR, reviewer="Ada")
    empty = _state(corpus_labs, store, "s1.3")
    assert empty.practices == [] and empty.decided
    # "not-stated" as a correction removes every basis.
    store.correct(corpus_labs, P, EN, "s1.2", "legal_basis", "not-stated", None, reviewer="Ada")
    assert list(_statuses(corpus_labs, store, "s1.2")) == [
        "payment-info/process-payment/not-stated"]


def test_the_database_is_in_wal_mode_and_survives_a_new_store(corpus_labs: Corpus,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    first = ReviewStore(f"sqlite:///{path}")
    first.accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer="Ada")
    first.sign_off(corpus_labs, P, EN, reviewer="Ada", note="first pass")
    assert first.journal_mode() == "wal"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()
    del first
    second = ReviewStore(str(path))  # a plain path is accepted too
    assert [(e.action, e.practice) for e in second.events(P, EN)] == [("accept", PAYMENT)]
    assert [(s.reviewer, s.note) for s in second.sign_offs(P, EN)] == [("Ada", "first pass")]
    assert second.versions() == [(P, EN)]
    assert _statuses(corpus_labs, second, "s1.2") == {PAYMENT: "accepted"}


def test_the_log_is_append_only(corpus_labs: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "reviews.db"
    ReviewStore(f"sqlite:///{path}").accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer="Ada")
    with sqlite3.connect(path) as raw:
        for statement in ("UPDATE review_events SET reviewer = 'Eve'", "DELETE FROM review_events"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                raw.execute(statement)
    raw.close()


def test_a_quote_that_is_not_in_the_text_is_refused_and_nothing_is_written(
        corpus_labs: Corpus, store: ReviewStore) -> None:
    with pytest.raises(UserInputError, match=r"the quote “obligations contractual” is not in the "
                                             r"text of wework-labs/en \(clause s1\.1\)"):
        store.correct(corpus_labs, P, EN, "s1.1", "legal_basis", "contract", "obligations contractual",
                      reviewer="Ada")
    with pytest.raises(UserInputError, match="rests on a quote"):
        store.correct(corpus_labs, P, EN, "s1.1", "legal_basis", "contract", "  ", reviewer="Ada")
    assert store.events(P, EN) == []
    # A quote in another form of the same characters (NFD) is found and stored NFC.
    nb = corpus_labs.version(P, "nb")
    assert nb is not None
    decomposed = unicodedata.normalize("NFD", "økonomisk transaksjon")
    event = store.correct(corpus_labs, P, "nb", "s1.2", "purpose", "process-payment", decomposed,
                          reviewer="Ada")
    assert event.quote == "økonomisk transaksjon"


@pytest.mark.parametrize(("kind", "concept", "message"), [
    ("purpose", "selling-data", "'selling-data' is not a concept of the taxonomy"),
    ("legal_basis", "marketing", "'marketing' is a purpose, not a legal basis"),
    ("colour", "marketing", "'colour' is not a concept kind"),
    ("purpose", "purpose-not-stated", "reject its purposes instead"),
])
def test_an_unknown_or_misplaced_concept_is_refused(corpus_labs: Corpus, store: ReviewStore,
                                                    kind: str, concept: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        store.correct(corpus_labs, P, EN, "s1.1", kind, concept, "Contact Information", reviewer="Ada")
    assert store.events(P, EN) == []


def test_other_bad_actions_are_refused_with_a_message(corpus_labs: Corpus, store: ReviewStore) -> None:
    refused = [
        (lambda: store.accept(corpus_labs, P, EN, "s1.2", CONTACT, reviewer="Ada"),
         "does not state the practice"),
        (lambda: store.accept(corpus_labs, P, EN, "s9.9", PAYMENT, reviewer="Ada"), "has no clause"),
        (lambda: store.accept(corpus_labs, P, "de", "s1.2", PAYMENT, reviewer="Ada"),
         "no wework-labs/de version"),
        (lambda: store.accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer=""), "give your name"),
        (lambda: store.accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer="x" * 81),
         "at most 80 characters"),
        (lambda: store.accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer="Ada\nEve"), "one line"),
        (lambda: store.comment(corpus_labs, P, EN, "s1.2", "   ", reviewer="Ada"), "comment is empty"),
        (lambda: store.comment(corpus_labs, P, EN, "s1.2", "x" * 2001, reviewer="Ada"), "at most 2,000"),
        (lambda: store.correct(corpus_labs, P, EN, "s1.2", "purpose", "marketing", "Payment Information",
                               reviewer="Ada", replaces="security"), "no purpose 'security'"),
        (lambda: store.reject_concept(corpus_labs, P, EN, "s1.2", "audience", "everyone",
                                      reviewer="Ada"), "one audience"),
        (lambda: store.sign_off(corpus_labs, P, EN, reviewer="Ada", note="x" * 501), "at most 500"),
    ]
    for action, message in refused:
        with pytest.raises(UserInputError, match=message):
            action()
    assert store.events(P, EN) == [] and store.sign_offs(P, EN) == []
    # A name is stored NFC and trimmed.
    event = store.accept(corpus_labs, P, EN, "s1.2", PAYMENT,
                         reviewer=unicodedata.normalize("NFD", "  Åse Bjørnstad "))
    assert event.reviewer == "Åse Bjørnstad"


def test_a_second_reviewer_acts_on_the_first_ones_result(corpus_labs: Corpus, tmp_path: Path) -> None:
    """Two sessions on one file: an action checked against a state another reviewer has
    since changed is refused with a message, not applied to what is no longer there."""
    url = f"sqlite:///{tmp_path / 'reviews.db'}"
    ada, bo = ReviewStore(url), ReviewStore(url)
    ada.reject(corpus_labs, P, EN, "s1.3", CALENDAR, reviewer="Ada")
    with pytest.raises(UserInputError, match="another reviewer"):
        bo.accept(corpus_labs, P, EN, "s1.3", CALENDAR, reviewer="Bo")


def test_a_decision_on_an_earlier_text_is_kept_in_the_trail_but_not_applied(
        labs: Path, store: ReviewStore) -> None:
    corpus = load_corpus(labs)
    store.reject(corpus, P, EN, "s1.2", PAYMENT, reviewer="Ada")
    text = labs / "policies" / P / "en.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("where applicable", "if any"),
                    encoding="utf-8")
    state = _state(load_corpus(labs), store, "s1.2")
    assert state.stale == 1 and len(state.events) == 1
    assert [p.key for p in state.practices] == [PAYMENT]


def test_a_read_only_store_creates_nothing_and_writes_nothing(corpus_labs: Corpus,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "none" / "reviews.db"
    reader = ReviewStore(f"sqlite:///{path}", read_only=True)
    assert reader.events(P, EN) == [] and reader.sign_offs(P, EN) == [] and not path.exists()
    ReviewStore(f"sqlite:///{path}").accept(corpus_labs, P, EN, "s1.2", PAYMENT, reviewer="Ada")
    assert [e.action for e in reader.events(P, EN)] == ["accept"]
    with pytest.raises(UserInputError, match="read-only"):
        reader.accept(corpus_labs, P, EN, "s1.1", CONTACT, reviewer="Ada")


def test_the_default_database_sits_next_to_the_notebooks(tmp_path: Path) -> None:
    assert review_db_url_from_env({"POLICY_GRAPH_DB": f"sqlite:///{tmp_path}/nb.db"}) == \
        f"sqlite:///{tmp_path}/reviews.db"
    assert review_db_url_from_env({"POLICY_GRAPH_DB": str(tmp_path / "nb.db"),
                                   "POLICY_GRAPH_REVIEW_DB": "sqlite:///x.db"}) == "sqlite:///x.db"
    with pytest.raises(UserInputError, match=r"unsupported database URL"):
        ReviewStore("postgresql://db/reviews")


# --- export and import -------------------------------------------------------------------

def _decide(corpus: Corpus, store: ReviewStore) -> None:
    store.accept(corpus, P, EN, "s1.2", PAYMENT, reviewer="Ada")
    store.correct(corpus, P, EN, "s1.1", "legal_basis", "contract", "contractual obligations",
                  reviewer="Bo")
    store.reject(corpus, P, EN, "s2.1", "device-usage-info/improve-products/not-stated",
                 reviewer="Ada")
    store.set_gloss(corpus, P, EN, "s1.1", "Contact details, to reach you.", reviewer="Bo")
    store.comment(corpus, P, EN, "s1.3", "Check the Teem integration.", reviewer="Ada")


def test_export_then_the_loader_reads_what_the_review_left(labs: Path, corpus_labs: Corpus,
                                                          store: ReviewStore) -> None:
    _decide(corpus_labs, store)
    text = export_review(corpus_labs, store, P, EN)
    data = yaml.safe_load(text)
    assert data["reviewer"] == "Ada, Bo"
    assert data["reviewed_on"] == dt.datetime.now(dt.UTC).date()
    # Decided clauses only (a comment is not a decision); in text order.
    assert [c["clause"] for c in data["clauses"]] == ["s1.1", "s1.2", "s2.1"]
    s11 = data["clauses"][0]
    assert s11["gloss"] == "Contact details, to reach you."
    assert s11["legal_bases"] == {"contract": "contractual obligations"}
    assert s11["data_categories"] == {"contact-info": "Contact Information",
                                      "professional-info": "Professional Information"}
    assert data["clauses"][2]["purposes"] == {"usage-analytics": "aggregated usage statistics"}
    assert data["clauses"][2]["legal_bases"] == {"not-stated": None}
    states = {s.clause.id: s for s in version_state(corpus_labs.versions[(P, EN)], store.events(P, EN))}
    (labs / "policies" / P / "en.review.yaml").write_text(text, encoding="utf-8")
    reloaded = load_corpus(labs)
    assert reloaded.errors == []
    version = reloaded.versions[(P, EN)]
    assert sorted(version.reviewed) == ["s1.1", "s1.2", "s2.1"]
    for clause, reviewed in version.reviewed.items():
        for kind in ("audience", "product", "data_category", "purpose", "legal_basis"):
            assert reviewed.ids(kind) == states[clause].concepts.ids(kind), (clause, kind)
    practices = {(p.clause_id, p.data_category, p.purpose, p.legal_basis, p.source)
                 for p in reloaded.practices if (p.policy, p.lang) == (P, EN)}
    assert ("s1.1", "contact-info", "identify-and-contact", "contract", "reviewed") in practices
    assert not [p for p in practices if p[2] == "improve-products"]
    # Replaying the log over the exported file changes nothing.
    again = {s.clause.id: s for s in version_state(version, store.events(P, EN))}
    assert {k: [p.key for p in s.practices] for k, s in again.items()} == \
        {k: [p.key for p in s.practices] for k, s in states.items()}


def test_import_records_a_file_as_decisions_and_round_trips(labs: Path, corpus_labs: Corpus,
                                                           store: ReviewStore, tmp_path: Path) -> None:
    _decide(corpus_labs, store)
    exported = tmp_path / "en.review.yaml"
    exported.write_text(export_review(corpus_labs, store, P, EN), encoding="utf-8")
    fresh = ReviewStore(f"sqlite:///{tmp_path / 'fresh.db'}")
    summary = import_review(corpus_labs, fresh, exported, "Imogen")
    assert (summary.policy, summary.lang, summary.clauses) == (P, EN, 3)
    assert {e.reviewer for e in fresh.events(P, EN)} == {"Imogen"}
    assert any(e.action == "comment" and "imported from en.review.yaml" in (e.note or "")
               for e in fresh.events(P, EN))
    again = yaml.safe_load(export_review(corpus_labs, fresh, P, EN))
    original = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert again["clauses"] == original["clauses"] and again["reviewer"] == "Imogen"
    # A second import of the same file records nothing.
    assert import_review(corpus_labs, fresh, exported, "Imogen").decisions == 0


def test_export_keeps_the_hand_written_clauses_nobody_decided(corpus: Corpus, tmp_path: Path) -> None:
    store = ReviewStore(f"sqlite:///{tmp_path / 'reviews.db'}")
    vi = corpus.versions[("wework", "vi")]
    assert vi.review is not None
    original = {c.clause: c.model_dump(exclude_defaults=True) for c in vi.review.clauses}
    store.comment(corpus, "wework", "vi", "s1.1", "fine", reviewer="Ada")  # not a decision
    unchanged = yaml.safe_load(export_review(corpus, store, "wework", "vi"))
    assert unchanged["clauses"] == list(original.values())
    assert unchanged["reviewer"] == vi.review.reviewer
    store.correct(corpus, "wework", "vi", "s1.1", "purpose", "marketing", "cung cấp thông báo",
                  reviewer="Ada")
    data = yaml.safe_load(export_review(corpus, store, "wework", "vi"))
    assert [c["clause"] for c in data["clauses"]] == list(original)
    for clause in data["clauses"][1:]:
        assert clause == original[clause["clause"]]
    assert data["clauses"][0]["purposes"]["marketing"] == "cung cấp thông báo"
    assert data["reviewer"] == f"{vi.review.reviewer}, Ada"


def test_import_refuses_a_bad_file_with_its_name_and_place(corpus_labs: Corpus, store: ReviewStore,
                                                           tmp_path: Path) -> None:
    bad = tmp_path / "en.review.yaml"
    bad.write_text(f"policy: {P}\nlang: en\nreviewer: X\nreviewed_on: 2026-01-01\nclauses:\n"
                   "- clause: s1.2\n  gloss: g\n  audience: {corporate-members-and-customers: "
                   "Corporate Members and Customers}\n  data_categories: {payment-info: Bank card}\n"
                   "  purposes: {}\n  legal_bases: {not-stated: null}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="quote not found in the source text"):
        import_review(corpus_labs, store, bad, "Ada")
    with pytest.raises(UserInputError, match="give your name"):
        import_review(corpus_labs, store, bad, " ")
    assert store.events(P, EN) == []


# --- the report ------------------------------------------------------------------------------

def test_the_checks_and_the_report(corpus_labs: Corpus, store: ReviewStore) -> None:
    _decide(corpus_labs, store)
    store.reject(corpus_labs, P, EN, "s1.3", CALENDAR, reviewer="Ada")
    store.comment(corpus_labs, P, EN, "s1.2", "=HYPERLINK(\"x\") <b>*bold*</b>", reviewer="Eve")
    store.sign_off(corpus_labs, P, EN, reviewer="Ada", note="ready")
    states = version_state(corpus_labs.versions[(P, EN)], store.events(P, EN))
    assert [(r.clause, r.practices, r.empty) for r in coverage(states)] == [
        ("s1.1", 2, False), ("s1.2", 1, False), ("s1.3", 0, True), ("s2.1", 1, False)]
    assert [(r.clause, r.practice) for r in without_basis(states)] == [
        ("s2.1", "device-usage-info/usage-analytics/not-stated")]
    assert [(c.purpose, c.status, c.bases) for c in art13_purposes(states)] == [
        ("identify-and-contact", "stated", ("contract",)),
        ("process-payment", "stated", ("contract",)),
        ("usage-analytics", "global policy", ())]
    report = build_report(corpus_labs, store, P, EN)
    md = report_markdown(report)
    assert "| s1.3 ⚠️ no practice |" in md
    assert "### nb: 3 finding(s)" in md
    assert md.index("legal basis: s1\\.2") < md.index("missing: s1\\.3")  # legal bases first
    assert "&lt;b&gt;\\*bold\\*&lt;/b&gt;" in md and "<b>" not in md  # reviewer text is data
    assert "ready" in md and "Ada" in md
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    sections = [r["section"] for r in rows]
    assert sections[0] == "sign-off" and "finding" in sections and "decision" in sections
    comment = next(r for r in rows if r["status"] == "comment" and r["reviewer"] == "Eve")
    assert comment["detail"].startswith("'=HYPERLINK") and comment["reviewer"] == "Eve"
    assert {r["status"] for r in rows if r["section"] == "art. 13(1)(c)"} == {"stated", "global policy"}


# --- the command line --------------------------------------------------------------------------

def test_the_review_command(labs: Path, corpus_labs: Corpus, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    _decide(corpus_labs, ReviewStore(db))
    out = tmp_path / "en.review.yaml"
    assert main(["review", "export", "--data", str(labs), "--db", db, "--policy", P, "--lang", EN,
                 "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["policy"] == P
    assert main(["review", "import", str(out), "--reviewer", "Imogen", "--data", str(labs),
                 "--db", f"sqlite:///{tmp_path / 'other.db'}"]) == 0
    assert "by Imogen" in capsys.readouterr().out
    assert main(["review", "report", "--data", str(labs), "--db", db, "--policy", P, "--lang", EN,
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("section,clause,subject,status,detail,reviewer,at")
    for argv, message in (
            (["review", "export", "--db", db, "--policy", P, "--lang", "nb", "--data", str(labs)],
             "nothing to export"),
            (["review", "report", "--db", db, "--policy", "nope", "--lang", "en"], "no nope/en version"),
            (["review", "import", str(tmp_path / "missing.yaml"), "--reviewer", "A", "--db", db],
             "no such file"),
            (["review", "import", str(out), "--reviewer", "", "--db", db, "--data", str(labs)],
             "give your name")):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
