"""Project the practice table onto a networkx DiGraph.

    product -> audience -> data category -> purpose -> legal basis

Nodes are ``"<kind>:<concept id>"`` with ``kind``, ``concept`` and ``label``
attributes.  There is one edge per (source, target) pair, however many policy
versions state it: it carries the sorted ids of the practices behind it
(``practices``) and the ``policy/lang`` versions they come from (``versions``),
so the graph's size follows the taxonomy, not the number of policy versions.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> g = build_graph(corpus.practices, corpus.taxonomy, "en")
>>> g.nodes["data_category:payment-info"]["label"]
'Payment information'
>>> edge = g["data_category:payment-info"]["purpose:process-payment"]
>>> edge["versions"], len(edge["practices"]) > 0
(['wework-space-services/nb', 'wework/vi'], True)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from .models import CONCEPT_KINDS, ConceptKind, Practice
from .taxonomy import Taxonomy

__all__ = ["LAYERS", "Trimmed", "build_graph", "edge_practice_ids", "edge_steps", "node_id",
           "node_weight", "split_node_id", "trim_graph"]

LAYERS: tuple[ConceptKind, ...] = CONCEPT_KINDS


def node_id(kind: str, concept: str) -> str:
    """The graph node id of a concept.

    >>> node_id("purpose", "marketing")
    'purpose:marketing'
    """
    return f"{kind}:{concept}"


def split_node_id(node: str) -> tuple[str, str]:
    """The (kind, concept id) of a graph node id.

    >>> split_node_id("purpose:marketing")
    ('purpose', 'marketing')
    """
    kind, _, concept = node.partition(":")
    return kind, concept


def edge_steps(practice: Practice) -> list[tuple[str, str]]:
    """The edges one practice contributes (one product edge per product)."""
    a = node_id("audience", practice.audience)
    d = node_id("data_category", practice.data_category)
    p = node_id("purpose", practice.purpose)
    b = node_id("legal_basis", practice.legal_basis)
    return [(node_id("product", prod), a) for prod in practice.products] + [(a, d), (d, p), (p, b)]


def build_graph(practices: Iterable[Practice], taxonomy: Taxonomy, lang: str = "en"
                ) -> nx.DiGraph:
    """Build the graph; labels are in ``lang`` (English where a label is missing).

    Linear in the practices: each adds its id to the four or more edges it
    walks.  Every edge also keeps ``clauses`` ((policy, lang, clause id) -> the
    first practice of that clause), so hover titles need not walk every practice."""
    graph = nx.DiGraph()
    ids: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    clauses: dict[tuple[str, str], dict[tuple[str, str, str], str]] = defaultdict(dict)
    versions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for practice in practices:
        version = f"{practice.policy}/{practice.lang}"
        ref = (practice.policy, practice.lang, practice.clause_id)
        for edge in edge_steps(practice):
            ids[edge][practice.id] = None
            clauses[edge].setdefault(ref, practice.id)
            versions[edge].add(version)
    for u, v in sorted(ids):
        for node in (u, v):
            if node not in graph:
                kind, concept = split_node_id(node)
                graph.add_node(node, kind=kind, concept=concept,
                               label=taxonomy.label(concept, lang), layer=LAYERS.index(kind))
        # Practices keep the corpus order (deterministic); sorting 10^5 ids per edge is not free.
        graph.add_edge(u, v, practices=list(ids[(u, v)]), versions=sorted(versions[(u, v)]),
                       clauses=clauses[(u, v)])
    return graph


def edge_practice_ids(graph: nx.DiGraph, edges: Iterable[tuple[str, str]]) -> list[str]:
    """Sorted ids of the practices behind the given edges."""
    found: set[str] = set()
    for u, v in edges:
        found.update(graph.get_edge_data(u, v, default={}).get("practices", ()))
    return sorted(found)


@dataclass(frozen=True)
class Trimmed:
    """A graph cut down to what a browser can draw, and what was left out."""

    graph: nx.DiGraph
    hidden: dict[str, list[str]]  # kind -> labels of the concepts left out, most used first

    @property
    def hidden_count(self) -> int:
        return sum(len(labels) for labels in self.hidden.values())


def node_weight(graph: nx.DiGraph, node: str) -> int:
    """How many practices pass through a node.  Each practice leaves every node
    on its path by exactly one edge (and reaches a legal basis by one), so the
    counts add up without building the union."""
    edges = graph.out_edges(node, data="practices") or graph.in_edges(node, data="practices")
    return sum(len(ids) for _, _, ids in edges)


def trim_graph(graph: nx.DiGraph, *, max_per_kind: int = 24, max_edges: int = 600) -> Trimmed:
    """Keep the most used concepts of each kind (at most ``max_per_kind``, fewer
    until at most ``max_edges`` edges remain); the rest are named in ``hidden``.

    >>> g = nx.DiGraph()
    >>> for i, n in enumerate(["a", "b", "c"]):
    ...     g.add_node(f"purpose:{n}", kind="purpose", label=n.upper())
    ...     g.add_node("data_category:d", kind="data_category", label="D")
    ...     g.add_edge("data_category:d", f"purpose:{n}", practices=[str(j) for j in range(i + 1)])
    >>> t = trim_graph(g, max_per_kind=2)
    >>> sorted(t.graph.nodes), t.hidden
    (['data_category:d', 'purpose:b', 'purpose:c'], {'purpose': ['A']})
    """
    weights = {node: node_weight(graph, node) for node in graph.nodes}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node, kind in graph.nodes(data="kind"):
        by_kind[kind].append(node)
    for nodes in by_kind.values():
        nodes.sort(key=lambda n: (-weights[n], n))
    limit = max_per_kind
    while True:
        kept = [n for nodes in by_kind.values() for n in nodes[:limit]]
        sub = graph.subgraph(kept)
        if sub.number_of_edges() <= max_edges or limit <= 1:
            break
        limit -= 1
    hidden = {kind: [graph.nodes[n].get("label", n) for n in nodes[limit:]]
              for kind, nodes in sorted(by_kind.items()) if len(nodes) > limit}
    return Trimmed(nx.DiGraph(sub), hidden)
