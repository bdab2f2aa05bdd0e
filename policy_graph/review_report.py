"""The review of one language version, checked and reported (Markdown and CSV).

The checks read the clauses as the review left them (:mod:`review_state`);
rejected practices no longer count:

- **coverage**: clauses and the practices each gives; a clause with none is
  flagged (the page shows it in red);
- **no legal basis**: the practices whose basis is ``not-stated``;
- **GDPR Art. 13(1)(c)**: each purpose must come with a legal basis in this
  document — ``stated`` where every clause naming it gives one, ``partly``
  where some do, ``global policy`` where none does (left to the global policy
  the document supplements);
- **findings** against every other language version (:func:`drift.version_findings`);
- the **decisions** (who, what, when), the practices still **open**, and the **sign-offs**.

Policy and reviewer text is escaped in the Markdown (it is data, never markup);
CSV cells that a spreadsheet would run as a formula get a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from .corpus import Corpus, PolicyVersion
from .drift import FINDING_TOPICS, LanguageFindings, version_findings
from .errors import UserInputError
from .markup import escape_markdown
from .review_state import ClauseState, Event, text_sha, version_state
from .review_store import ReviewStore, SignOff
from .taxonomy import NOT_STATED, PURPOSE_NOT_STATED, Taxonomy

__all__ = ["CoverageRow", "NoBasisRow", "PurposeCheck", "ReviewReport", "art13_purposes",
           "build_report", "coverage", "report_csv", "report_markdown", "without_basis"]

CSV_COLUMNS = ("section", "clause", "subject", "status", "detail", "reviewer", "at")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CoverageRow:
    """One clause: how many practices it gives, how many are still open."""

    clause: str
    audience: str
    source: str  # reviewed | projected | extracted (the reading the review started from)
    practices: int
    open: int
    decided: bool
    text: str

    @property
    def empty(self) -> bool:
        return self.practices == 0


@dataclass(frozen=True)
class NoBasisRow:
    """A practice that states no legal basis."""

    clause: str
    practice: str
    data_category: str
    purpose: str
    status: str


@dataclass(frozen=True)
class PurposeCheck:
    """Art. 13(1)(c) for one purpose: the bases the document gives it, and where."""

    purpose: str
    bases: tuple[str, ...]
    stated_in: tuple[str, ...]  # clauses naming the purpose with a basis
    not_stated_in: tuple[str, ...]  # clauses naming it with none

    @property
    def status(self) -> str:
        if not self.not_stated_in:
            return "stated"
        return "partly" if self.stated_in else "global policy"


def _live(state: ClauseState) -> list[tuple[str, str, str, str]]:
    """(key, data, purpose, basis) of a clause's practices that are not rejected."""
    return [(p.key, p.data_category, p.purpose, p.legal_basis) for p in state.practices
            if p.status != "rejected"]


def coverage(states: Sequence[ClauseState]) -> list[CoverageRow]:
    """One row per clause, in text order."""
    return [CoverageRow(s.clause.id, s.concepts.audience.concept, s.source, len(_live(s)),
                        sum(p.status == "open" for p in s.practices), s.decided, s.clause.text)
            for s in states]


def without_basis(states: Sequence[ClauseState]) -> list[NoBasisRow]:
    """Every live practice whose legal basis is not stated."""
    status = {(s.clause.id, p.key): p.status for s in states for p in s.practices}
    return [NoBasisRow(s.clause.id, key, d, p, status[(s.clause.id, key)])
            for s in states for key, d, p, b in _live(s) if b == NOT_STATED]


def art13_purposes(states: Sequence[ClauseState]) -> list[PurposeCheck]:
    """Each purpose the version states, with or without a legal basis (first mention order)."""
    bases: dict[str, dict[str, None]] = {}
    stated: dict[str, dict[str, None]] = {}
    missing: dict[str, dict[str, None]] = {}
    for state in states:
        for _, _, purpose, basis in _live(state):
            if purpose == PURPOSE_NOT_STATED:
                continue
            bases.setdefault(purpose, {})
            if basis == NOT_STATED:
                missing.setdefault(purpose, {})[state.clause.id] = None
            else:
                bases[purpose][basis] = None
                stated.setdefault(purpose, {})[state.clause.id] = None
    return [PurposeCheck(purpose, tuple(found), tuple(stated.get(purpose, {})),
                         tuple(c for c in missing.get(purpose, {}) if c not in stated.get(purpose, {})))
            for purpose, found in bases.items()]


@dataclass(frozen=True)
class ReviewReport:
    """Everything a review report says about one version."""

    version: PolicyVersion
    taxonomy: Taxonomy
    label_lang: str
    generated_at: str
    states: list[ClauseState]
    findings: list[LanguageFindings]
    events: list[Event]
    sign_offs: list[SignOff]

    @property
    def title(self) -> str:
        titles = self.version.policy.titles
        return titles.get(self.version.lang) or titles.get("en") or self.version.policy.id

    def label(self, concept_id: str) -> str:
        return self.taxonomy.label(concept_id, self.label_lang)

    @property
    def open_practices(self) -> list[tuple[str, str]]:
        """(clause, practice) of every practice no one has decided on."""
        return [(s.clause.id, p.key) for s in self.states for p in s.practices if p.status == "open"]

    def practice_label(self, key: str) -> str:
        return " → ".join(self.label(part) for part in key.split("/"))


def build_report(corpus: Corpus, store: ReviewStore, policy: str, lang: str,
                 label_lang: str = "en") -> ReviewReport:
    """Gather the checks, findings, decisions and sign-offs of a version."""
    version = corpus.version(policy, lang)
    if version is None:
        raise UserInputError(f"there is no {policy}/{lang} version in the corpus")
    events = store.events(policy, lang)
    return ReviewReport(version, corpus.taxonomy, label_lang,
                        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        version_state(version, events),
                        version_findings(corpus, policy, lang, label_lang), events,
                        store.sign_offs(policy, lang))


def _cell(text: str) -> str:
    """Policy or reviewer text inside a Markdown table cell: one line, escaped."""
    return escape_markdown(" ".join(text.split()))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows)]


def _event_detail(report: ReviewReport, event: Event) -> str:
    if event.practice:
        return report.practice_label(event.practice)
    if event.action in ("correct", "reject"):
        what = f"{(event.kind or '').replace('_', ' ')}: {report.label(event.concept or '')}"
        if event.replaces:
            what += f" (replaces {report.label(event.replaces)})"
        return what + (f" — “{event.quote}”" if event.quote else "")
    return event.note or ""


def report_markdown(report: ReviewReport) -> str:
    """The report as Markdown: headings, tables and lists."""
    v = report.version
    rows = coverage(report.states)
    lines = [f"# Review report: {_cell(report.title)} ({v.lang})", "",
             f"Policy `{v.policy.id}`, language version `{v.lang}`, text SHA-256 "
             f"`{text_sha(v.text)}`; generated {report.generated_at}.", "", "## Sign-offs", ""]
    lines += [f"- {s.at} — {_cell(s.reviewer)}" + (f": {_cell(s.note)}" if s.note else "")
              + ("" if s.text_sha == text_sha(v.text) else " (on an earlier text)")
              for s in report.sign_offs] or ["Not signed off."]
    empty = [r for r in rows if r.empty]
    lines += ["", "## Coverage", "",
              f"{len(rows)} clauses, {len(empty)} with no practice, "
              f"{len(report.open_practices)} practices still open.", ""]
    lines += _table(("clause", "audience", "practices", "open", "reading", "text"),
                    [(r.clause + (" ⚠️ no practice" if r.empty else ""), _cell(report.label(r.audience)),
                      str(r.practices), str(r.open), r.source, _cell(r.text)) for r in rows])
    missing = without_basis(report.states)
    lines += ["", "## Practices with no stated legal basis", ""]
    lines += [f"- {r.clause}: {_cell(report.practice_label(r.practice))} ({r.status})"
              for r in missing] or ["Every practice states a legal basis."]
    lines += ["", "## GDPR Art. 13(1)(c): a legal basis for each purpose", ""]
    lines += _table(("purpose", "status", "legal bases", "clauses with a basis", "clauses without"),
                    [(_cell(report.label(c.purpose)), c.status,
                      _cell(", ".join(map(report.label, c.bases)) or "—"),
                      ", ".join(c.stated_in) or "—", ", ".join(c.not_stated_in) or "—")
                     for c in art13_purposes(report.states)])
    lines += ["", "## Findings against the other language versions", ""]
    if not report.findings:
        lines.append("No other language version of this policy.")
    for found in report.findings:
        lines += [f"### {found.lang}: {found.total} finding(s)", ""]
        lines += [f"- {topic.replace('_', ' ')}: {_cell(line)}" for topic in FINDING_TOPICS
                  for line in found.findings.get(topic, [])] or ["The same, clause by clause."]
        lines.append("")
    lines += ["## Decisions", ""]
    lines += _table(("when", "who", "clause", "action", "what"),
                    [(e.at, _cell(e.reviewer), e.clause, e.action, _cell(_event_detail(report, e)))
                     for e in report.events]) if report.events else ["No decision recorded."]
    lines += ["", "## Open practices", ""]
    lines += [f"- {clause}: {_cell(report.practice_label(key))}"
              for clause, key in report.open_practices] or ["None: every practice is decided."]
    return "\n".join(lines) + "\n"


def _safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def report_csv(report: ReviewReport) -> str:
    """The report as one CSV table: ``section, clause, subject, status, detail, reviewer, at``."""
    v = report.version
    out: list[tuple[str, ...]] = []
    for s in report.sign_offs:
        out.append(("sign-off", "", f"{v.policy.id}/{v.lang}",
                    "current text" if s.text_sha == text_sha(v.text) else "earlier text",
                    s.note, s.reviewer, s.at))
    for r in coverage(report.states):
        out.append(("coverage", r.clause, report.label(r.audience),
                    "no practice" if r.empty else f"{r.practices} practice(s), {r.open} open",
                    r.text, "", ""))
    for n in without_basis(report.states):
        out.append(("no legal basis", n.clause, n.practice, n.status, "", "", ""))
    for c in art13_purposes(report.states):
        out.append(("art. 13(1)(c)", " ".join(c.stated_in + c.not_stated_in), c.purpose, c.status,
                    ", ".join(c.bases), "", ""))
    for found in report.findings:
        for topic in FINDING_TOPICS:
            for line in found.findings.get(topic, []):
                out.append(("finding", "", found.lang, topic, line, "", ""))
    for e in report.events:
        out.append(("decision", e.clause, e.practice or e.concept or "", e.action,
                    _event_detail(report, e), e.reviewer, e.at))
    for clause, key in report.open_practices:
        out.append(("open", clause, key, "open", "", "", ""))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(tuple(_safe(cell) for cell in row) for row in out)
    return buffer.getvalue()
