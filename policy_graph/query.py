"""Questions asked of the practice table and the graph.

Every path returned by :func:`paths` is backed by at least one single
practice: paths are read off the practices themselves, so no path is ever
stitched from two unrelated clauses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from .graph import edge_practice_ids, node_id, split_node_id
from .models import Practice
from .practice_set import PracticeList
from .taxonomy import NOT_STATED, Taxonomy

__all__ = [
    "AboutMeCard",
    "ClauseCard",
    "Filters",
    "GraphPath",
    "about_me",
    "clause_cards",
    "filter_practices",
    "merge_identical",
    "paths",
    "practice_paths",
    "practice_table",
    "practices_for_edge",
    "practices_for_node",
    "purpose_lines",
    "sentence_cards",
]


@dataclass(frozen=True)
class Filters:
    """Optional constraints on practices; ``None`` means any."""

    policy: str | None = None
    lang: str | None = None
    product: str | None = None
    audience: str | None = None
    data_category: str | None = None
    purpose: str | None = None
    legal_basis: str | None = None

    def accepts(self, p: Practice) -> bool:
        return (
            (self.policy is None or p.policy == self.policy)
            and (self.lang is None or p.lang == self.lang)
            and (self.product is None or self.product in p.products)
            and (self.audience is None or p.audience == self.audience)
            and (self.data_category is None or p.data_category == self.data_category)
            and (self.purpose is None or p.purpose == self.purpose)
            and (self.legal_basis is None or p.legal_basis == self.legal_basis)
        )


def filter_practices(practices: Iterable[Practice], filters: Filters) -> list[Practice]:
    """The practices ``filters`` accepts, in their original order (through the
    corpus's index when given the corpus's :class:`PracticeList`)."""
    if isinstance(practices, PracticeList):
        return practices.select(filters)
    return [p for p in practices if filters.accepts(p)]


@dataclass(frozen=True)
class GraphPath:
    """product -> audience -> data category -> purpose -> legal basis, and its backing."""

    nodes: tuple[str, str, str, str, str]
    practices: tuple[str, ...]


def practice_paths(practice: Practice) -> list[tuple[str, str, str, str, str]]:
    """The graph paths one practice stands for: one per product it names."""
    rest = (node_id("audience", practice.audience),
            node_id("data_category", practice.data_category),
            node_id("purpose", practice.purpose), node_id("legal_basis", practice.legal_basis))
    return [(node_id("product", product), *rest) for product in practice.products]


def paths(practices: Iterable[Practice], through: str | None = None) -> list[GraphPath]:
    """Every complete path product -> ... -> legal basis (only those passing
    ``through`` a node, if given), each with the practices that state it whole.

    Linear in the practices: a path is read off each practice, never stitched
    from edges, so no path can join two unrelated clauses.
    """
    merged: dict[tuple[str, str, str, str, str], set[str]] = defaultdict(set)
    if isinstance(practices, PracticeList):  # like practices walk one path together
        for group in practices.groups():
            rest = (node_id("audience", group.audience),
                    node_id("data_category", group.data_category),
                    node_id("purpose", group.purpose), node_id("legal_basis", group.legal_basis))
            for product in group.products:
                nodes = (node_id("product", product), *rest)
                if through is None or through in nodes:
                    merged[nodes].update(group.ids)
    else:
        for practice in practices:
            for nodes in practice_paths(practice):
                if through is None or through in nodes:
                    merged[nodes].add(practice.id)
    return [GraphPath(nodes, tuple(sorted(ids))) for nodes, ids in sorted(merged.items())]


def practices_for_node(practices: Iterable[Practice], node: str) -> list[Practice]:
    """Practices that pass through a graph node."""
    kind, concept = split_node_id(node)
    if kind == "product":
        return [p for p in practices if concept in p.products]
    return [p for p in practices if getattr(p, kind, None) == concept]


def practices_for_edge(graph: nx.DiGraph, by_id: dict[str, Practice], source: str,
                       target: str) -> list[Practice]:
    """Practices behind the edge between two nodes."""
    return [by_id[i] for i in edge_practice_ids(graph, [(source, target)]) if i in by_id]


@dataclass
class PurposeLine:
    """One purpose of a data category, with the legal bases the policy states."""

    purpose: str
    label: str
    bases: list[str]
    basis_labels: list[str]


@dataclass
class AboutMeCard:
    """What a policy uses of one data category about one audience, and why."""

    data_category: str
    label: str
    description: str
    purposes: list[PurposeLine] = field(default_factory=list)
    quotes: list[tuple[str, str, str | None]] = field(default_factory=list)  # (clause, quote, gloss)
    basis_not_stated: bool = False
    practices: list[str] = field(default_factory=list)


def purpose_lines(practices: Iterable[Practice], taxonomy: Taxonomy, lang: str
                  ) -> dict[str, list[PurposeLine]]:
    """Per data category, its purposes with their legal bases, in first-mention order."""
    out: dict[str, list[PurposeLine]] = {}
    for p in practices:
        lines = out.setdefault(p.data_category, [])
        line = next((ln for ln in lines if ln.purpose == p.purpose), None)
        if line is None:
            line = PurposeLine(p.purpose, taxonomy.label(p.purpose, lang), [], [])
            lines.append(line)
        if p.legal_basis not in line.bases:
            line.bases.append(p.legal_basis)
            line.basis_labels.append(taxonomy.label(p.legal_basis, lang))
    return out


def about_me(practices: Iterable[Practice], taxonomy: Taxonomy, *, product: str, audience: str,
             label_lang: str, policy_lang: str | None = None) -> list[AboutMeCard]:
    """Cards per data category for someone of ``audience`` using ``product``.

    Clauses of the "everyone" section are included (they were expanded to
    every audience at extraction).  ``label_lang`` is the language of labels.
    """
    if isinstance(practices, PracticeList) and policy_lang is None:
        return _about_me_by_groups(practices, taxonomy, product, audience, label_lang)
    chosen = filter_practices(practices, Filters(product=product, audience=audience,
                                                 lang=policy_lang))
    cards: dict[str, AboutMeCard] = {}
    for data_category, lines in purpose_lines(chosen, taxonomy, label_lang).items():
        concept = taxonomy.get(data_category)
        cards[data_category] = AboutMeCard(data_category, concept.label(label_lang),
                                           concept.description, lines)
    seen: set[tuple[str, str, str, str | None]] = set()  # a list test here was quadratic
    for p in chosen:
        card = cards[p.data_category]
        quote = (p.clause_ref, p.quote, p.gloss)
        if (p.data_category, *quote) not in seen:
            seen.add((p.data_category, *quote))
            card.quotes.append(quote)
        card.basis_not_stated = card.basis_not_stated or p.legal_basis == NOT_STATED
        card.practices.append(p.id)
    return list(cards.values())


def _about_me_by_groups(practices: PracticeList, taxonomy: Taxonomy, product: str, audience: str,
                        label_lang: str) -> list[AboutMeCard]:
    """:func:`about_me` over groups of like practices: the same cards, built from a
    few thousand groups and one practice per clause instead of every record."""
    groups = sorted((g for combo in practices.combos() if combo.audience == audience
                     and product in combo.products for g in combo.groups if product in g.products),
                    key=lambda g: g.order)  # the order a walk of the practices gives
    cards: dict[str, AboutMeCard] = {}
    lines: dict[tuple[str, str], PurposeLine] = {}
    seen: set[tuple[str, str, str, str | None]] = set()
    for group in groups:
        card = cards.get(group.data_category)
        if card is None:
            concept = taxonomy.get(group.data_category)
            card = cards[group.data_category] = AboutMeCard(
                group.data_category, concept.label(label_lang), concept.description)
        line = lines.get((group.data_category, group.purpose))
        if line is None:
            line = lines[(group.data_category, group.purpose)] = PurposeLine(
                group.purpose, taxonomy.label(group.purpose, label_lang), [], [])
            card.purposes.append(line)
        if group.legal_basis not in line.bases:
            line.bases.append(group.legal_basis)
            line.basis_labels.append(taxonomy.label(group.legal_basis, label_lang))
        for ref, p in group.refs.items():
            if (group.data_category, ref, p.quote, p.gloss) not in seen:
                seen.add((group.data_category, ref, p.quote, p.gloss))
                card.quotes.append((ref, p.quote, p.gloss))
        card.basis_not_stated = card.basis_not_stated or group.legal_basis == NOT_STATED
        card.practices.extend(group.ids)
    return list(cards.values())


@dataclass
class ClauseCard:
    """One clause as shown to a reader: its text, the spans to highlight
    (offsets into ``text``), the reviewer's gloss, and its concepts."""

    ref: str  # "<policy>/<lang>/<clause id>"
    policy: str
    lang: str
    clause_id: str
    text: str
    highlights: list[tuple[int, int]]
    gloss: str | None
    source: str
    concepts: dict[str, list[str]]  # kind -> concept ids
    practices: list[str] = field(default_factory=list)
    same_text: list[str] = field(default_factory=list)  # refs of other clauses saying the same


def clause_cards(practices: Iterable[Practice], focus: Iterable[str] | None = None
                 ) -> list[ClauseCard]:
    """Group practices by clause; highlight the evidence of the ``focus`` concepts
    (all concepts when ``focus`` is None)."""
    wanted = set(focus) if focus is not None else None
    cards: dict[str, ClauseCard] = {}
    for p in practices:
        ref = p.clause_ref
        card = cards.get(ref)
        if card is None:
            card = cards[ref] = ClauseCard(ref, p.policy, p.lang, p.clause_id, p.quote, [],
                                           p.gloss, p.source, {})
        _note_concepts(card, p)
        card.concepts["product"] = list(p.named_products)
        _note_evidence(card, p, wanted)
        card.practices.append(p.id)
    return list(cards.values())


def _note_concepts(card: ClauseCard, p: Practice) -> None:
    """Add ``p``'s audience, data, purpose and basis to the card's concepts."""
    for kind in ("audience", "data_category", "purpose", "legal_basis"):
        ids = card.concepts.setdefault(kind, [])
        value = getattr(p, kind)
        if value not in ids:
            ids.append(value)


def _note_evidence(card: ClauseCard, p: Practice, wanted: set[str] | None) -> None:
    """Add the spans (relative to the clause) of ``p``'s evidence for ``wanted``."""
    for concept, (start, end) in p.evidence.items():
        if p.span[0] <= start and end <= p.span[1] and (wanted is None or concept in wanted):
            span = (start - p.span[0], end - p.span[0])
            if span not in card.highlights:
                card.highlights.append(span)


def _sentence_key(lang: str, text: str, spaced: dict[str, str]) -> tuple[str, str]:
    """(language, the words of ``text`` joined by one space): what makes two clauses
    the same sentence. ``spaced`` remembers texts already split (they repeat a lot)."""
    words = spaced.get(text)
    if words is None:
        words = spaced[text] = " ".join(text.split())
    return lang, words


def merge_identical(cards: Iterable[ClauseCard]) -> list[ClauseCard]:
    """One card per sentence: a clause whose text is the same (same language,
    same words, spacing aside) as an earlier one is folded into it; its ref goes
    to ``same_text`` and its concepts, highlights and practices are merged."""
    out: dict[tuple[str, str], ClauseCard] = {}
    folded: dict[tuple[str, str], set[str]] = {}  # refs already in same_text (no list scans)
    spaced: dict[str, str] = {}  # text -> its words joined by one space (texts repeat a lot)
    for card in cards:
        key = _sentence_key(card.lang, card.text, spaced)
        first = out.get(key)
        if first is None:
            out[key] = ClauseCard(card.ref, card.policy, card.lang, card.clause_id, card.text,
                                  list(card.highlights), card.gloss, card.source,
                                  {k: list(v) for k, v in card.concepts.items()},
                                  list(card.practices), list(card.same_text))
            continue
        if card.text == first.text:
            first.highlights += [h for h in card.highlights if h not in first.highlights]
        for kind, ids in card.concepts.items():
            mine = first.concepts.setdefault(kind, [])
            mine += [i for i in ids if i not in mine]
        first.practices += card.practices
        known = folded.setdefault(key, set(first.same_text))
        for ref in [card.ref, *card.same_text]:
            if ref not in known:
                known.add(ref)
                first.same_text.append(ref)
    return list(out.values())


def sentence_cards(practices: Iterable[Practice], focus: Iterable[str] | None = None
                   ) -> list[ClauseCard]:
    """``merge_identical(clause_cards(practices, focus))`` in one pass, for many
    practices: a clause's practices share their evidence, so its highlights are
    read once per clause, and no card is made for a sentence already carded."""
    wanted = set(focus) if focus is not None else None
    out: dict[tuple[str, str], ClauseCard] = {}
    spaced: dict[str, str] = {}  # text -> its words joined by one space
    seen_refs: dict[tuple[str, str], set[str]] = {}
    last: tuple[str, int] = ("", 0)  # (ref, id of the evidence) whose highlights were read
    for p in practices:
        ref = p.clause_ref
        key = _sentence_key(p.lang, p.quote, spaced)
        card = out.get(key)
        if card is None:
            card = out[key] = ClauseCard(ref, p.policy, p.lang, p.clause_id, p.quote, [], p.gloss,
                                         p.source, {}, [], [])
            seen_refs[key] = {ref}
        elif ref not in seen_refs[key]:
            seen_refs[key].add(ref)
            card.same_text.append(ref)
        _note_concepts(card, p)
        named = card.concepts.setdefault("product", [])
        named += [x for x in p.named_products if x not in named]
        if (ref, id(p.evidence)) != last and p.quote == card.text:
            last = (ref, id(p.evidence))
            _note_evidence(card, p, wanted)
        card.practices.append(p.id)
    return list(out.values())


def practice_table(practices: Iterable[Practice], taxonomy: Taxonomy, lang: str,
                   titles: dict[str, str] | None = None) -> list[dict[str, object]]:
    """One row per practice for reading: labels in ``lang`` (policy titles from
    ``titles`` when given) instead of ids; the clause ref stays as the link back."""
    names = {code: profile.name for code, profile in taxonomy.languages.items()}
    return [{
        "policy": (titles or {}).get(p.policy, p.policy),
        "language": names.get(p.lang, p.lang),
        "clause": p.clause_id,
        "products": ", ".join(taxonomy.label(x, lang) for x in p.products),
        "audience": taxonomy.label(p.audience, lang),
        "data category": taxonomy.label(p.data_category, lang),
        "purpose": taxonomy.label(p.purpose, lang),
        "legal basis": taxonomy.label(p.legal_basis, lang),
        "quote": p.quote,
        "source": p.source,
        "confidence": p.confidence,
    } for p in practices]
