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
from collections import defaultdict
from collections.abc import Callable

import networkx as nx
from pyvis.network import Network

from .markup import escape_html

__all__ = ["KIND_COLOURS", "layered_positions", "render_html"]

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


def render_html(
    graph: nx.MultiDiGraph,
    *,
    node_title: Callable[[str], str] | None = None,
    edge_title: Callable[[str, str], str] | None = None,
    height: int = 640,
) -> str:
    """Self-contained HTML of ``graph``; titles come from the callbacks as plain text."""
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    positions = layered_positions(graph)
    for index, (node, data) in enumerate(sorted(graph.nodes(data=True))):
        x, y = positions[node]
        title = node_title(node) if node_title else data.get("label", node)
        # Numeric ids keep concept ids (data) out of the page's id space.
        net.add_node(index, label=escape_html(str(data.get("label", node))), x=x, y=y,
                     title=escape_html(title), color=KIND_COLOURS.get(data.get("kind"), "#888"),
                     physics=False, font={"color": "#ffffff"}, group=data.get("kind"))
    index_of = {node: i for i, node in enumerate(sorted(graph.nodes))}
    seen: set[tuple[str, str]] = set()
    for u, v in sorted((u, v) for u, v in graph.edges()):
        if (u, v) in seen:
            continue
        seen.add((u, v))
        title = edge_title(u, v) if edge_title else ""
        count = sum(len(d["practices"]) for d in graph.get_edge_data(u, v).values())
        net.add_edge(index_of[u], index_of[v], title=escape_html(title),
                     width=1 + min(count, 12) / 4)
    net.set_options(json.dumps(OPTIONS))
    html = net.generate_html(notebook=False)
    return _CDN_TAG.sub("", html)
