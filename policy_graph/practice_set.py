"""The corpus's practices as a read-only list that answers filters and
aggregates without walking every record.

A corpus of a thousand policy versions holds ~10^5 practices but only a few
thousand distinct (audience, data category, purpose, legal basis, products)
combinations.  :class:`PracticeList` keeps, built on first use:

* the positions of the practices having each concept, so a filter starts from
  the rarest of its values and checks only those records;
* the practices grouped by combination (their ids and clause references in
  order), so the concept matrix and the product diff walk groups, not records;
* the groups gathered by (audience, data category, purpose, legal basis) with
  the union of their products, a few hundred "combos" that aggregates fold.

The list must not change after the first query (the corpus is read-only once
loaded); a change of length rebuilds the indexes.

>>> from policy_graph.corpus import load_corpus
>>> from policy_graph.query import Filters
>>> practices = load_corpus().practices
>>> chosen = practices.select(Filters(data_category="payment-info", lang="vi"))
>>> chosen == [p for p in practices if p.data_category == "payment-info" and p.lang == "vi"]
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .models import Practice

if TYPE_CHECKING:
    from .query import Filters

__all__ = ["PracticeCombo", "PracticeGroup", "PracticeList"]

FILTER_KINDS = ("policy", "lang", "product", "audience", "data_category", "purpose", "legal_basis")


@dataclass
class PracticeGroup:
    """Practices sharing audience, data category, purpose, legal basis and products."""

    audience: str
    data_category: str
    purpose: str
    legal_basis: str
    products: tuple[str, ...]
    ids: list[str] = field(default_factory=list)
    # clause reference -> the group's first practice of that clause, in order
    refs: dict[str, Practice] = field(default_factory=dict)
    order: int = 0  # position among the list's groups (first appearance)


@dataclass
class PracticeCombo:
    """The groups sharing audience, data category, purpose and legal basis,
    whatever their products (``products`` is the union of theirs)."""

    audience: str
    data_category: str
    purpose: str
    legal_basis: str
    products: set[str] = field(default_factory=set)
    groups: list[PracticeGroup] = field(default_factory=list)


class PracticeList(list[Practice]):
    """A list of practices with indexes for filters and aggregates (see the module doc)."""

    def __init__(self, practices: Iterable[Practice] = ()) -> None:
        super().__init__(practices)
        self._indexed_size = -1
        self._positions: dict[tuple[str, str], list[int]] = {}
        self._groups: list[PracticeGroup] = []
        self._combos: list[PracticeCombo] = []

    def _index(self) -> None:
        if self._indexed_size == len(self):
            return
        positions: dict[tuple[str, str], list[int]] = {}
        groups: dict[tuple[str, str, str, str, tuple[str, ...]], PracticeGroup] = {}
        for at, p in enumerate(self):
            for kind, value in (("policy", p.policy), ("lang", p.lang), ("audience", p.audience),
                                ("data_category", p.data_category), ("purpose", p.purpose),
                                ("legal_basis", p.legal_basis),
                                *(("product", x) for x in dict.fromkeys(p.products))):
                positions.setdefault((kind, value), []).append(at)
            key = (p.audience, p.data_category, p.purpose, p.legal_basis, tuple(p.products))
            group = groups.get(key)
            if group is None:
                group = groups[key] = PracticeGroup(*key, order=len(groups))
            group.ids.append(p.id)
            group.refs.setdefault(f"{p.policy}/{p.lang}/{p.clause_id}", p)
        combos: dict[tuple[str, str, str, str], PracticeCombo] = {}
        for group in groups.values():
            key4 = (group.audience, group.data_category, group.purpose, group.legal_basis)
            combo = combos.get(key4)
            if combo is None:
                combo = combos[key4] = PracticeCombo(*key4)
            combo.products.update(group.products)
            combo.groups.append(group)
        self._positions, self._groups = positions, list(groups.values())
        self._combos = list(combos.values())
        self._indexed_size = len(self)

    def select(self, filters: Filters) -> list[Practice]:
        """The practices ``filters`` accepts, in list order: start from the rarest
        value asked for and check the other values on those records only."""
        self._index()
        asked = [(kind, value) for kind in FILTER_KINDS
                 if (value := getattr(filters, kind)) is not None]
        if not asked:
            return list(self)
        rarest = min((self._positions.get(pair, []) for pair in asked), key=len)
        return [p for at in rarest if filters.accepts(p := self[at])]

    def having(self, kind: str, values: Iterable[str]) -> list[Practice]:
        """The practices whose ``kind`` (a filter kind) is any of ``values``, in list order."""
        self._index()
        positions = sorted({at for value in values for at in self._positions.get((kind, value), [])})
        return [self[at] for at in positions]

    def values(self, kind: str) -> set[str]:
        """Every value of ``kind`` (a filter kind) some practice has."""
        self._index()
        return {value for k, value in self._positions if k == kind}

    def groups(self) -> list[PracticeGroup]:
        """The practices grouped by combination, in order of first appearance."""
        self._index()
        return self._groups

    def combos(self) -> list[PracticeCombo]:
        """The groups gathered by everything but products, in order of first appearance."""
        self._index()
        return self._combos
