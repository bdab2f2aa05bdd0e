"""Project the practice table onto a networkx MultiDiGraph.

    product -> audience -> data category -> purpose -> legal basis

Nodes are ``"<kind>:<concept id>"`` with ``kind``, ``concept`` and ``label``
attributes.  There is one edge per (source, target, policy, language), keyed
``"<policy>/<lang>"``, carrying the sorted ids of the practices behind it.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> g = build_graph(corpus.practices, corpus.taxonomy, "en")
>>> g.nodes["data_category:payment-info"]["label"]
'Payment information'
>>> edge = g["data_category:payment-info"]["purpose:process-payment"]["wework/vi"]
>>> len(edge["practices"]) > 0
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from .models import CONCEPT_KINDS, ConceptKind, Practice
from .taxonomy import Taxonomy

__all__ = ["LAYERS", "build_graph", "edge_practice_ids", "edge_steps", "node_id", "split_node_id"]

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
                ) -> nx.MultiDiGraph:
    """Build the graph; labels are in ``lang`` (English where a label is missing)."""
    graph = nx.MultiDiGraph()
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    meta: dict[tuple[str, str, str], tuple[str, str]] = {}
    for practice in practices:
        key = f"{practice.policy}/{practice.lang}"
        for u, v in edge_steps(practice):
            edges[(u, v, key)].add(practice.id)
            meta[(u, v, key)] = (practice.policy, practice.lang)
    for u, v, key in sorted(edges):
        for node in (u, v):
            if node not in graph:
                kind, concept = split_node_id(node)
                graph.add_node(node, kind=kind, concept=concept,
                               label=taxonomy.label(concept, lang), layer=LAYERS.index(kind))
        policy, plang = meta[(u, v, key)]
        graph.add_edge(u, v, key=key, policy=policy, lang=plang,
                       practices=sorted(edges[(u, v, key)]))
    return graph


def edge_practice_ids(graph: nx.MultiDiGraph, edges: Iterable[tuple[str, str]]) -> list[str]:
    """Sorted ids of the practices behind the given edges, over all parallel
    (policy/language) edges between each pair of nodes."""
    ids: set[str] = set()
    for u, v in edges:
        for data in graph.get_edge_data(u, v, default={}).values():
            ids.update(data["practices"])
    return sorted(ids)
