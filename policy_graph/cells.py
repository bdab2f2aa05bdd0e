"""What each kind of notebook cell shows, computed without Streamlit, so exports
(and tests) get the same outputs as the pages: a title, summary lines, an
optional table and the source quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .ask import ask
from .compare import align_versions, compare_concepts
from .corpus import Corpus
from .errors import PolicyGraphError
from .graph import build_graph, split_node_id
from .matrix import diff_scopes, shown_refs
from .notebook import CELL_TITLES, Cell
from .query import ClauseCard, Filters, about_me, clause_cards, filter_practices, paths
from .quiz import policy_name, quiz_from_params, quiz_strings
from .search import search

__all__ = ["CellOutput", "Quote", "cell_output", "graph_filters"]

MAX_QUOTES = 12
# Clause references shown per compared row (a thousand versions give hundreds).
SHOWN_REFS = 10


@dataclass
class Quote:
    """A clause quoted as evidence, with spans (into ``text``) to highlight."""

    ref: str
    text: str
    highlights: list[tuple[int, int]]
    gloss: str | None


@dataclass
class CellOutput:
    title: str
    summary: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def _quotes(cards: list[ClauseCard]) -> list[Quote]:
    return [Quote(c.ref, c.text, c.highlights, c.gloss) for c in cards[:MAX_QUOTES]]


def graph_filters(params: dict[str, str]) -> Filters:
    """The practice filters of a graph cell's parameters (unknown values match nothing)."""
    return Filters(policy=params.get("policy"), lang=params.get("lang"),
                   product=params.get("product"), audience=params.get("audience"),
                   data_category=params.get("data"), legal_basis=params.get("basis"))


def _graph(corpus: Corpus, params: dict[str, str]) -> CellOutput:
    lang = params.get("labels", "en")
    tax = corpus.taxonomy
    chosen = filter_practices(corpus.practices, graph_filters(params))
    shown = ", ".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("labels", "inspect"))
    out = CellOutput(f"Graph ({shown or 'all practices'})")
    graph = build_graph(chosen, tax, lang)
    cards = clause_cards(chosen)
    out.summary.append(f"{len(chosen)} practices, {graph.number_of_nodes()} concepts, "
                       f"{len(cards)} clauses.")
    out.header = ["Audience", "Data category", "Purpose", "Legal basis", "Clauses"]
    seen = set()
    for path in paths(chosen):
        key = path.nodes[1:]
        if key in seen:
            continue
        seen.add(key)
        refs = sorted({p.clause_ref for i in path.practices
                       if (p := corpus.practice(i))})
        out.rows.append([tax.label(split_node_id(n)[1], lang) for n in key] + [", ".join(refs)])
    out.quotes = _quotes(cards)
    return out


def _about(corpus: Corpus, params: dict[str, str]) -> CellOutput:
    lang = params.get("lang", "en")
    product, role = params.get("product", ""), params.get("role", "")
    tax = corpus.taxonomy
    out = CellOutput(f"What do you use about me? ({tax.label(product, lang)} · {tax.label(role, lang)})")
    cards = about_me(corpus.practices, tax, product=product, audience=role, label_lang=lang)
    if not cards:
        out.summary.append("The policies say nothing specific about this role and product.")
    out.header = ["Data category", "Why", "Legal basis"]
    for card in cards:
        for line in card.purposes:
            out.rows.append([card.label, line.label, ", ".join(line.basis_labels)])
    practices = [p for c in cards for i in c.practices if (p := corpus.practice(i))]
    out.quotes = _quotes(clause_cards(practices, {c.data_category for c in cards}))
    return out


def _compare(corpus: Corpus, params: dict[str, str]) -> CellOutput:
    mode = params.get("mode", "versions")
    a, b = params.get("a", ""), params.get("b", "")
    if mode == "versions":
        policy = params.get("policy", "")
        result = align_versions(corpus, policy, a, b)
        out = CellOutput(f"Compare {policy}: {a} ↔ {b}")
        out.summary.append(f"{result.aligned} aligned, {result.differing} differing, "
                           f"{result.missing} missing.")
        out.header = ["Topic", "Clauses", f"Only in {a}", f"Only in {b}"]
        for topic, row, diff in result.findings():
            out.rows.append([topic, row.ref, ", ".join(diff.only_a) if diff else
                             ("clause" if row.status == "only_a" else ""),
                             ", ".join(diff.only_b) if diff else
                             ("clause" if row.status == "only_b" else "")])
        return out
    if mode == "policies":
        pa, la = a.split("/", 1) if "/" in a else (a, "")
        pb, lb = b.split("/", 1) if "/" in b else (b, "")
        cmp = compare_concepts(corpus, (pa, la), (pb, lb))
        out = CellOutput(f"Compare {a} ↔ {b} (concepts)")
        out.summary.append(f"{len(cmp.same)} same, {len(cmp.other_basis)} on another basis, "
                           f"{len(cmp.only_a)} only in {a}, {len(cmp.only_b)} only in {b}.")
        tax = corpus.taxonomy
        out.header = ["Status", "Data category", "Purpose", "Clauses"]
        for status, items in (("other basis", [(d, p) for d, p, _, _ in cmp.other_basis]),
                              (f"only in {a}", cmp.only_a), (f"only in {b}", cmp.only_b)):
            for d, p in items:
                out.rows.append([status, tax.label(d, "en"), tax.label(p, "en"),
                                 ", ".join(cmp.refs[(d, p)])])
        return out
    kind: Literal["product", "audience"] = "product" if mode == "products" else "audience"
    rows = diff_scopes(corpus.practices, kind, a, b)
    tax = corpus.taxonomy
    out = CellOutput(f"Compare {kind}s: {tax.label(a, 'en')} ↔ {tax.label(b, 'en')}")
    counts = {s: sum(r.status == s for r in rows) for s in ("same", "other_basis", "only_a", "only_b")}
    out.summary.append(", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items()) + ".")
    out.header = ["Status", "Data category", "Purpose", "Basis A", "Basis B", "Clauses"]
    for r in rows:
        if r.status != "same":
            out.rows.append([r.status.replace("_", " "), tax.label(r.data_category, "en"),
                             tax.label(r.purpose, "en"), ", ".join(r.bases_a),
                             ", ".join(r.bases_b), shown_refs(r.clauses, SHOWN_REFS)])
    return out


def _search(corpus: Corpus, params: dict[str, str]) -> CellOutput:
    query = params.get("q", "")
    hits = search(corpus, query, lang=params.get("lang") or None)
    out = CellOutput(f"Search: {query}")
    out.summary.append(f"{len(hits)} clause(s) match." if hits else "No clause matches.")
    out.quotes = [Quote(h.ref, h.text, h.text_highlights, h.gloss) for h in hits[:MAX_QUOTES]]
    return out


def _question(corpus: Corpus, params: dict[str, str]) -> CellOutput:
    answer = ask(corpus, params.get("q", ""))
    out = CellOutput(f"Question: {answer.question}")
    out.summary.append(answer.summary)
    out.quotes = _quotes(answer.quotes) or [Quote(h.ref, h.text, h.text_highlights, h.gloss)
                                            for h in answer.nearest]
    return out


def _quiz(corpus: Corpus, params: dict[str, str]) -> CellOutput:
    """The questions with their options, the answer key and the settling clauses."""
    quiz = quiz_from_params(corpus, params)
    ui, lang = quiz_strings(corpus), quiz.ui_lang
    scope = policy_name(corpus, quiz.policy, lang) if quiz.policy else ui.get("quiz.all_policies", lang)
    out = CellOutput(f"{ui.get('quiz.title', lang)}: {scope}", summary=list(quiz.notes))
    if not quiz.questions:
        return out
    out.summary.append(ui.get("quiz.summary", lang, n=str(len(quiz.questions)), seed=str(quiz.seed)))
    out.header = ["#", *(ui.get(f"quiz.{k}", lang) for k in ("question", "options", "answer", "clause"))]
    quotes: dict[str, Quote] = {}
    for number, q in enumerate(quiz.questions, 1):
        letters = {o.concept: f"{chr(ord('A') + i)}) {o.label}" for i, o in enumerate(q.options)}
        out.rows.append([str(number), q.text, " · ".join(letters.values()), letters[q.answer],
                         q.clause_ref])
        quote = quotes.setdefault(q.clause_ref, Quote(q.clause_ref, q.quote, [], q.gloss))
        quote.highlights += [h for h in q.highlights if h not in quote.highlights]
    out.quotes = list(quotes.values())
    return out


RENDERERS = {"graph": _graph, "about_me": _about, "compare": _compare, "search": _search,
             "question": _question, "quiz": _quiz}


def cell_output(corpus: Corpus, cell: Cell) -> CellOutput:
    """The output of one cell; a cell whose parameters cannot be answered says why."""
    if cell.type == "note":
        return CellOutput(CELL_TITLES["note"], summary=[cell.text])
    try:
        return RENDERERS[cell.type](corpus, dict(cell.params))
    except PolicyGraphError as exc:
        return CellOutput(CELL_TITLES[cell.type], summary=[f"This cell cannot be shown: {exc}"])
