"""Compare across products and audiences: a concept matrix and a two-way diff.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> cells = concept_matrix(corpus.practices, "data_category", "purpose")
>>> sorted(cells[("payment-info", "process-payment")].bases)
['contract']
>>> rows = diff_scopes(corpus.practices, "product", "wework-go", "wework-space-services")
>>> next(r.status for r in rows if (r.data_category, r.purpose) == ("email-calendar-info", "room-booking"))
'only_a'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .models import Practice
from .practice_set import PracticeCombo, PracticeGroup, PracticeList
from .taxonomy import Taxonomy

__all__ = ["Cell", "DiffRow", "concept_matrix", "diff_by", "diff_scopes", "matrix_frame", "shown_refs"]

Axis = Literal["data_category", "purpose", "legal_basis", "audience"]


@dataclass
class Cell:
    """Who a (row, column) pair applies to, and the practices behind it (listed
    from its groups when asked: a table of labels never needs them)."""

    products: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    bases: set[str] = field(default_factory=set)
    groups: list[PracticeGroup] = field(default_factory=list, repr=False)

    @property
    def practices(self) -> list[str]:
        """Ids of the practices behind the cell."""
        return [i for group in self.groups for i in group.ids]

    @property
    def clauses(self) -> list[str]:
        """References of the clauses behind the cell, in first-seen order."""
        return list(dict.fromkeys(ref for group in self.groups for ref in group.refs))


def concept_matrix(practices: Iterable[Practice], rows: Axis = "data_category",
                   cols: Axis = "purpose") -> dict[tuple[str, str], Cell]:
    """Cells keyed by (row concept, column concept)."""
    cells: dict[tuple[str, str], Cell] = {}
    # The corpus's list folds its few hundred combos of like practices (see practice_set).
    items = practices.combos() if isinstance(practices, PracticeList) else \
        (PracticeCombo(p.audience, p.data_category, p.purpose, p.legal_basis, set(p.products),
                       [PracticeGroup(p.audience, p.data_category, p.purpose, p.legal_basis,
                                      tuple(p.products), [p.id], {p.clause_ref: p})])
         for p in practices)
    for combo in items:
        key = (getattr(combo, rows), getattr(combo, cols))
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell()
        cell.products.update(combo.products)
        cell.audiences.add(combo.audience)
        cell.bases.add(combo.legal_basis)
        cell.groups.extend(combo.groups)
    return cells


def matrix_frame(cells: dict[tuple[str, str], Cell], taxonomy: Taxonomy, lang: str,
                 show: Literal["products", "audiences", "bases"] = "products") -> pd.DataFrame:
    """A rows × columns table of labels; each cell lists products, audiences or bases."""
    row_ids = sorted({r for r, _ in cells}, key=lambda i: taxonomy.label(i, lang))
    col_ids = sorted({c for _, c in cells}, key=lambda i: taxonomy.label(i, lang))
    data = [[", ".join(sorted(taxonomy.label(x, lang) for x in getattr(cells[(r, c)], show)))
             if (r, c) in cells else "" for c in col_ids] for r in row_ids]
    return pd.DataFrame(data, index=[taxonomy.label(r, lang) for r in row_ids],
                        columns=[taxonomy.label(c, lang) for c in col_ids])


@dataclass
class DiffRow:
    """One (data category, purpose) pair compared between scope A and scope B."""

    data_category: str
    purpose: str
    status: str  # "only_a" | "only_b" | "other_basis" | "same"
    bases_a: list[str]
    bases_b: list[str]
    # Clause references behind the row, as the ordered key sets they were gathered
    # in (a thousand versions give hundreds per row: listed only when asked).
    sources: list[Mapping[str, object]] = field(default_factory=list, repr=False)

    @property
    def clauses(self) -> list[str]:
        """References of the clauses behind the row, in first-seen order."""
        return list(dict.fromkeys(ref for refs in self.sources for ref in refs))


def shown_refs(refs: Iterable[str], limit: int = 3) -> str:
    """The first ``limit`` references and how many more there are.

    >>> shown_refs(["a/en/s1", "b/en/s1", "c/en/s2", "d/en/s2"], limit=2)
    'a/en/s1, b/en/s1 … (+2)'
    """
    listed = list(refs)
    more = f" … (+{len(listed) - limit})" if len(listed) > limit else ""
    return ", ".join(listed[:limit]) + more


def diff_by(practices: Iterable[Practice], in_a: Callable[[Practice], bool],
            in_b: Callable[[Practice], bool]) -> list[DiffRow]:
    """Diff two sets of practices by (data category, purpose) → legal bases:
    other basis first, then only in A, only in B, and the same."""
    sides: list[dict[tuple[str, str], set[str]]] = [{}, {}]
    refs: dict[tuple[str, str], dict[str, None]] = {}  # ordered set: no quadratic list test
    for p in practices:
        for side, inside in enumerate((in_a, in_b)):
            if inside(p):
                key = (p.data_category, p.purpose)
                sides[side].setdefault(key, set()).add(p.legal_basis)
                refs.setdefault(key, {})[f"{p.policy}/{p.lang}/{p.clause_id}"] = None
    return _diff_rows(sides, {key: [found] for key, found in refs.items()})


def _diff_rows(sides: list[dict[tuple[str, str], set[str]]],
               refs: Mapping[tuple[str, str], list[Mapping[str, object]]]) -> list[DiffRow]:
    sa, sb = sides
    rows = []
    for key in sorted(set(sa) | set(sb)):
        ba, bb = sorted(sa.get(key, ())), sorted(sb.get(key, ()))
        status = "only_b" if not ba else "only_a" if not bb else \
            ("same" if ba == bb else "other_basis")
        rows.append(DiffRow(key[0], key[1], status, ba, bb, refs[key]))
    order = {"other_basis": 0, "only_a": 1, "only_b": 2, "same": 3}
    return sorted(rows, key=lambda r: (order[r.status], r.data_category, r.purpose))


def _diff_combos(combos: Iterable[PracticeCombo], kind: Literal["product", "audience"], a: str,
                 b: str) -> list[DiffRow]:
    """:func:`diff_by` over combos of like practices (the same rows): a combo is on
    a side when one of its groups is; only those groups give clause references."""
    sides: list[dict[tuple[str, str], set[str]]] = [{}, {}]
    refs: dict[tuple[str, str], list[Mapping[str, object]]] = {}
    for combo in combos:
        for side, scope in enumerate((a, b)):
            if kind == "audience":
                chosen = combo.groups if combo.audience == scope else []
            else:
                chosen = [g for g in combo.groups if scope in g.products] \
                    if scope in combo.products else []
            if chosen:
                key = (combo.data_category, combo.purpose)
                sides[side].setdefault(key, set()).add(combo.legal_basis)
                refs.setdefault(key, []).extend(group.refs for group in chosen)
    return _diff_rows(sides, refs)


def diff_scopes(practices: Iterable[Practice], kind: Literal["product", "audience"], a: str,
                b: str) -> list[DiffRow]:
    """Diff two products (or two audiences) by (data category, purpose) → bases."""
    if isinstance(practices, PracticeList):
        return _diff_combos(practices.combos(), kind, a, b)
    if kind == "product":
        return diff_by(practices, lambda p: a in p.products, lambda p: b in p.products)
    return diff_by(practices, lambda p: p.audience == a, lambda p: p.audience == b)
