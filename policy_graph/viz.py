"""Render the graph with pyvis as one self-contained, script-safe HTML page.

Safety (pyvis 0.3.2 is frozen and trusts its input): resources are inlined,
the page is built with ``generate_html`` (no files written), no policy or user
text goes to ``heading``/``select_menu``/``filter_menu``, every label and title
is HTML-escaped plain text, and the CDN tags pyvis always emits are removed so
the page makes no outside request.  Positions are computed here (layers left
to right, ordered to reduce crossings) and physics is off, so the page renders
at once and the same input gives byte-identical HTML.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import defaultdict
from collections.abc import Mapping

import networkx as nx
from pyvis.network import Network

from .graph import edge_practice_ids
from .markup import escape_html, merge_spans
from .models import Practice

__all__ = [
    "KIND_COLOURS", "describe_edge", "describe_node", "layered_positions", "marked_quote",
    "render_html",
]
SNIPPET = 220
TITLE_WIDTH = 90

KIND_COLOURS = {
    "product": "#4C78A8",
    "audience": "#F58518",
    "data_category": "#54A24B",
    "purpose": "#B279A2",
    "legal_basis": "#E45756",
}
LAYER_GAP = 330
ROW_GAP = 54
_CDN_TAG = re.compile(
    r"<link[^>]*https://cdn\.jsdelivr\.net[^>]*/>|<script[^>]*https://cdn\.jsdelivr\.net[^>]*>\s*</script>",
    re.S,
)
OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
              "color": {"color": "#9aa0a6", "highlight": "#333333"}},
    "nodes": {"shape": "box", "font": {"size": 14, "face": "Noto Sans, DejaVu Sans, sans-serif"},
              "margin": 8},
}


def layered_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """x by layer, y by order in the layer: alphabetical first, then two
    barycentre sweeps so edges between neighbouring layers cross less."""
    layers: dict[int, list[str]] = defaultdict(list)
    for node, layer in sorted(graph.nodes(data="layer"), key=lambda nl: (nl[1], str(nl[0]))):
        layers[layer].append(node)
    order = {n: i for nodes in layers.values() for i, n in enumerate(nodes)}
    for _ in range(2):
        for layer in sorted(layers)[1:]:
            def centre(node: str) -> float:
                preds = [order[p] for p in graph.predecessors(node)]
                return sum(preds) / len(preds) if preds else float(order[node])
            layers[layer].sort(key=lambda n: (centre(n), n))
            order.update({n: i for i, n in enumerate(layers[layer])})
    positions: dict[str, tuple[int, int]] = {}
    for layer, nodes in layers.items():
        top = -(len(nodes) - 1) * ROW_GAP // 2
        for i, node in enumerate(nodes):
            positions[node] = (layer * LAYER_GAP, top + i * ROW_GAP)
    return positions


def _clauses(ids: list[str], by_id: Mapping[str, Practice]) -> list[Practice]:
    """One practice per clause, in clause order."""
    seen: dict[tuple[str, str, str], Practice] = {}
    for i in ids:
        p = by_id.get(i)
        if p is not None:
            seen.setdefault((p.policy, p.lang, p.clause_id), p)
    return [seen[k] for k in sorted(seen)]


def _wrap(lines: list[str]) -> str:
    # The vis tooltip does not wrap: break long lines here so the popup stays narrow.
    return "\n".join(textwrap.fill(line, TITLE_WIDTH) for line in lines)


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def marked_quote(p: Practice, concepts: set[str]) -> str:
    """The clause as plain text with the evidence of ``concepts`` in ⟦brackets⟧,
    cut to a snippet that keeps the first mark in view (hover titles are text).

    >>> from policy_graph.corpus import load_corpus
    >>> p = next(x for x in load_corpus().practices if x.clause_id == "s1.2"
    ...          and x.policy == "wework-space-services")
    >>> marked_quote(p, {"payment-info"})[:25]
    '⟦Betalingsopplysninger⟧, '
    """
    spans = merge_spans([(a - p.span[0], b - p.span[0]) for c, (a, b) in p.evidence.items()
                         if c in concepts and p.span[0] <= a and b <= p.span[1]], len(p.quote))
    text, at = "", 0
    for start, end in spans:
        text += p.quote[at:start] + "⟦" + p.quote[start:end] + "⟧"
        at = end
    text += p.quote[at:]
    first = text.find("⟦")
    lead = max(0, first - 60) if first > 0 else 0
    return ("…" if lead else "") + _snippet(text[lead:])


def describe_node(graph: nx.MultiDiGraph, by_id: Mapping[str, Practice], node: str) -> str:
    """Plain-text hover title of a node: label, kind and the clauses behind it."""
    data = graph.nodes[node]
    edges = [(u, v) for u, v, _ in graph.in_edges(node, keys=True)] or \
            [(u, v) for u, v, _ in graph.out_edges(node, keys=True)]
    clauses = _clauses(edge_practice_ids(graph, edges), by_id)
    lines = [f"{data['label']} ({data['kind'].replace('_', ' ')})",
             f"{len(clauses)} clause(s)"]
    lines += [f"[{p.clause_ref}] {marked_quote(p, {data['concept']})}"
              for p in clauses[:3]]
    return _wrap(lines)


def describe_edge(graph: nx.MultiDiGraph, by_id: Mapping[str, Practice], u: str, v: str) -> str:
    """Plain-text hover title of an edge: the clauses behind it, with glosses."""
    clauses = _clauses(edge_practice_ids(graph, [(u, v)]), by_id)
    lines = [f"{graph.nodes[u]['label']} → {graph.nodes[v]['label']}: {len(clauses)} clause(s)"]
    for p in clauses[:3]:
        focus = {graph.nodes[u]["concept"], graph.nodes[v]["concept"]}
        lines.append(f"[{p.clause_ref}] {marked_quote(p, focus)}")
        if p.gloss:
            lines.append(f"EN: {_snippet(p.gloss)}")
    return _wrap(lines)


def render_html(
    graph: nx.MultiDiGraph,
    by_id: Mapping[str, Practice] | None = None,
    *,
    height: int = 640,
) -> str:
    """Self-contained HTML of ``graph``; hover titles list the clauses behind
    each node and edge when the practices (``by_id``) are given."""
    practices = by_id or {}
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    positions = layered_positions(graph)
    for index, (node, data) in enumerate(sorted(graph.nodes(data=True))):
        x, y = positions[node]
        title = describe_node(graph, practices, node)
        # Numeric ids keep concept ids (data) out of the page's id space.
        net.add_node(index, label=escape_html(str(data.get("label", node))), x=x, y=y,
                     title=escape_html(title), color=KIND_COLOURS.get(data.get("kind"), "#888"),
                     physics=False, shape="box", font={"color": "#ffffff"})
    index_of = {node: i for i, node in enumerate(sorted(graph.nodes))}
    seen: set[tuple[str, str]] = set()
    for u, v in sorted((u, v) for u, v in graph.edges()):
        if (u, v) in seen:
            continue
        seen.add((u, v))
        title = describe_edge(graph, practices, u, v)
        count = sum(len(d["practices"]) for d in graph.get_edge_data(u, v).values())
        net.add_edge(index_of[u], index_of[v], title=escape_html(title),
                     width=1 + min(count, 12) / 4)
    net.set_options(json.dumps(OPTIONS))
    html = net.generate_html(notebook=False)
    return _CDN_TAG.sub("", html)
