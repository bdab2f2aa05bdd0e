"""Render the graph with pyvis as one self-contained, script-safe HTML page.

Safety (pyvis 0.3.2 is frozen and trusts its input): resources are inlined,
the page is built with ``generate_html`` (no files written), no policy or user
text goes to ``heading``/``select_menu``/``filter_menu``, every label and title
is HTML-escaped plain text, and the CDN tags pyvis always emits are removed so
the page makes no outside request.  Positions are computed here (layers left
to right, ordered to reduce crossings) and physics is off, so the page renders
at once and the same input gives byte-identical HTML (Streamlit then keeps the
iframe as it is instead of reloading it).

Readability: labels wrap into short lines (vis wraps them at ``LABEL_MAX_WIDTH``;
:func:`wrap_label` counts the lines here), each layer is as wide as its widest
label and each row as tall as its node, so the layout is compact;
:func:`frame_height` gives the frame height at which the whole graph, fitted,
shows labels at about :data:`SCREEN_FONT` px in a 1400 px window.  The page
fills its frame and calls ``network.fit()`` on load and on every resize.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx
from pyvis.network import Network

from .markup import merge_spans
from .models import Practice

__all__ = [
    "FONT_SIZE", "KIND_COLOURS", "SCREEN_FONT", "describe_edge", "describe_node", "frame_height",
    "highlighted_practices", "layered_positions", "marked_quote", "render_html", "wrap_label",
]
SNIPPET = 220
TITLE_WIDTH = 90
HOVER_CLAUSES = 5  # clauses quoted in a hover title; the rest are counted ("and 3 more")

KIND_COLOURS = {
    "product": "#4C78A8",
    "audience": "#F58518",
    "data_category": "#54A24B",
    "purpose": "#B279A2",
    "legal_basis": "#E45756",
}
FONT_SIZE = 14  # node label size in canvas units
SCREEN_FONT = 13  # the on-screen size frame_height() aims for (at least 12 px)
WRAP = 16  # label line length, in character widths (a CJK character counts two)
CHAR_WIDTH = 0.55 * FONT_SIZE  # an average glyph width (the edge gap absorbs wider text)
LINE_HEIGHT = 1.2 * FONT_SIZE
NODE_MARGIN = 8
# vis wraps each label at this width, measuring the real glyphs; it allows a wider
# glyph than CHAR_WIDTH, so vis never needs more lines than wrap_label() counted.
LABEL_MAX_WIDTH = round(WRAP * 0.62 * FONT_SIZE + 2 * NODE_MARGIN)
EDGE_GAP = 48  # horizontal room for edges between two layers' widest boxes
ROW_GAP = 10  # vertical room between two boxes of one layer
MIN_FRAME, MAX_FRAME = 360, 1600
FADED_NODE, FADED_FONT, FADED_EDGE = "#e4e4e4", "#8c8c8c", "rgba(154,160,166,0.18)"
_CDN_TAG = re.compile(
    r"<link[^>]*https://cdn\.jsdelivr\.net[^>]*/>|<script[^>]*https://cdn\.jsdelivr\.net[^>]*>\s*</script>",
    re.S,
)
OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
              "color": {"color": "#9aa0a6", "highlight": "#333333"}},
    "nodes": {"shape": "box", "margin": NODE_MARGIN, "widthConstraint": {"maximum": LABEL_MAX_WIDTH},
              "font": {"size": FONT_SIZE, "face": "Noto Sans, DejaVu Sans, sans-serif"}},
}
# The page fills its frame and is fitted to it on load and on every resize.
_PAGE_STYLE = ("<style>html, body {margin: 0; padding: 0; overflow: hidden;} "
               "#mynetwork {box-sizing: border-box; float: none !important;}</style>")
_FIT_SCRIPT = """<script>
(function () {
  function fit() { network.setSize(); network.redraw(); network.fit({animation: false}); }
  network.once("afterDrawing", fit);
  window.addEventListener("resize", function () { window.requestAnimationFrame(fit); });
})();
</script>"""
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>")


def _units(text: str) -> int:
    """Display width in character widths: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_label(label: str, width: int = WRAP) -> list[str]:
    """Break a label into lines of at most ``width`` character widths, at spaces
    where there are any (a long word, or text without spaces, is cut).

    >>> wrap_label("Send notices and operational communications")
    ['Send notices and', 'operational', 'communications']
    """
    lines: list[str] = []
    for word in label.split() or [""]:
        while _units(word) > width:  # cut a word (or a run of CJK text) that cannot fit
            cut = 1
            while _units(word[:cut + 1]) <= width:
                cut += 1
            if lines and _units(lines[-1]) + 1 + _units(word[:cut]) <= width:
                lines[-1] += " " + word[:cut]
            else:
                lines.append(word[:cut])
            word = word[cut:]
        if lines and _units(lines[-1]) + 1 + _units(word) <= width:
            lines[-1] += " " + word
        elif word or not lines:
            lines.append(word)
    return lines


def _box(graph: nx.DiGraph, node: str) -> tuple[float, float]:
    """Estimated width and height of a node's box (canvas units)."""
    lines = wrap_label(str(graph.nodes[node].get("label", node)))
    width = max(_units(line) for line in lines) * CHAR_WIDTH + 2 * NODE_MARGIN
    return width, len(lines) * LINE_HEIGHT + 2 * NODE_MARGIN


def _layers(graph: nx.DiGraph) -> dict[int, list[str]]:
    """Nodes per layer: alphabetical first, then two barycentre sweeps so edges
    between neighbouring layers cross less."""
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
    return dict(layers)


def layered_positions(graph: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """x by layer (each layer as wide as its widest box, then room for edges), y by
    order in the layer (each row as tall as its box), every layer centred on y=0."""
    layers = _layers(graph)
    boxes = {node: _box(graph, node) for node in graph.nodes}
    positions: dict[str, tuple[int, int]] = {}
    left = 0.0
    for layer in sorted(layers):
        nodes = layers[layer]
        width = max(boxes[n][0] for n in nodes)
        column = sum(boxes[n][1] for n in nodes) + ROW_GAP * (len(nodes) - 1)
        top = -column / 2
        for node in nodes:
            height = boxes[node][1]
            positions[node] = (round(left + width / 2), round(top + height / 2))
            top += height + ROW_GAP
        left += width + EDGE_GAP
    return positions


def frame_height(graph: nx.DiGraph) -> int:
    """The iframe height (px) at which the fitted graph shows labels at about
    :data:`SCREEN_FONT` px (a window 1400 px wide leaves room for the width),
    within ``MIN_FRAME``..``MAX_FRAME``."""
    if graph.number_of_nodes() == 0:
        return MIN_FRAME
    positions = layered_positions(graph)
    boxes = {node: _box(graph, node) for node in graph.nodes}
    top = min(positions[n][1] - boxes[n][1] / 2 for n in graph.nodes)
    bottom = max(positions[n][1] + boxes[n][1] / 2 for n in graph.nodes)
    wanted = (bottom - top) * 1.1 * SCREEN_FONT / FONT_SIZE + 8  # fit() leaves 10 % around
    return int(min(MAX_FRAME, max(MIN_FRAME, math.ceil(wanted))))


def highlighted_practices(practices: Iterable[Practice], kind: str, concept: str) -> set[str]:
    """Ids of the practices on the paths of one product or one audience.

    >>> from policy_graph.corpus import load_corpus
    >>> len(highlighted_practices(load_corpus().practices, "product", "wework-go")) > 0
    True
    """
    if kind == "product":
        return {p.id for p in practices if concept in p.products}
    return {p.id for p in practices if getattr(p, kind, None) == concept}


def _clauses(graph: nx.DiGraph, edges: Iterable[tuple[str, str]],
             by_id: Mapping[str, Practice]) -> tuple[int, list[Practice]]:
    """How many clauses stand behind the edges, and the first few (one practice
    each, in clause order) for a hover title."""
    seen: dict[tuple[str, str, str], str] = {}
    for u, v in edges:
        data = graph[u][v]
        if "clauses" in data:  # built by build_graph: one entry per clause already
            for ref, pid in data["clauses"].items():
                seen.setdefault(ref, pid)
            continue
        for pid in data["practices"]:
            if (p := by_id.get(pid)) is not None:
                seen.setdefault((p.policy, p.lang, p.clause_id), pid)
    first = heapq.nsmallest(HOVER_CLAUSES, seen)
    return len(seen), [by_id[seen[ref]] for ref in first if seen[ref] in by_id]


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


def describe_node(graph: nx.DiGraph, by_id: Mapping[str, Practice], node: str) -> str:
    """Plain-text hover title of a node: label, kind and the clauses behind it."""
    data = graph.nodes[node]
    edges = list(graph.in_edges(node)) or list(graph.out_edges(node))
    count, clauses = _clauses(graph, edges, by_id)
    lines = [f"{data['label']} ({data['kind'].replace('_', ' ')})", f"{count} clause(s)"]
    lines += [f"[{p.clause_ref}] {marked_quote(p, {data['concept']})}" for p in clauses]
    lines += _more(count)
    return _wrap(lines)


def _more(count: int) -> list[str]:
    """'… and N more' when a hover title cannot quote every clause."""
    if count <= HOVER_CLAUSES:
        return []
    return [f"… and {count - HOVER_CLAUSES} more: pick this under “Clauses behind a node or an "
            "edge” to read them all."]


def describe_edge(graph: nx.DiGraph, by_id: Mapping[str, Practice], u: str, v: str) -> str:
    """Plain-text hover title of an edge: the clauses behind it, with glosses."""
    count, clauses = _clauses(graph, [(u, v)], by_id)
    lines = [f"{graph.nodes[u]['label']} → {graph.nodes[v]['label']}: {count} clause(s)"]
    for p in clauses:
        focus = {graph.nodes[u]["concept"], graph.nodes[v]["concept"]}
        lines.append(f"[{p.clause_ref}] {marked_quote(p, focus)}")
        if p.gloss:
            lines.append(f"EN: {_snippet(p.gloss)}")
    lines += _more(count)
    return _wrap(lines)


def _inert(title: str) -> str:
    """A hover title that stays text.  vis-network draws labels on the canvas and
    shows string titles with ``innerText``, and pyvis embeds both as JSON with
    ``<``, ``>``, ``&`` and quotes escaped, so no HTML escaping is wanted (it would
    show as ``&#x27;``).  But pyvis switches to a popup that sets ``innerHTML``
    when a node title contains "href" (and that popup throws on edge hovers):
    a word joiner inside the word keeps pyvis on vis-network's own tooltip.

    >>> _inert('<a href="x">')
    '<a hre\u2060f="x">'
    """
    return title.replace("href", "hre\u2060f")


def render_html(
    graph: nx.DiGraph,
    by_id: Mapping[str, Practice] | None = None,
    *,
    highlight: set[str] | None = None,
) -> str:
    """Self-contained HTML of ``graph``; hover titles list the clauses behind
    each node and edge when the practices (``by_id``) are given.  With
    ``highlight`` (practice ids, see :func:`highlighted_practices`) the edges
    and nodes those practices pass through keep their colours and the rest fade."""
    practices = by_id or {}
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    positions = layered_positions(graph)
    lit_edges = {(u, v) for u, v, d in graph.edges(data=True)
                 if highlight is not None and highlight & set(d["practices"])}
    lit_nodes = {n for edge in lit_edges for n in edge}
    for index, (node, data) in enumerate(sorted(graph.nodes(data=True))):
        x, y = positions[node]
        title = describe_node(graph, practices, node)
        faded = highlight is not None and node not in lit_nodes
        colour = FADED_NODE if faded else KIND_COLOURS.get(data.get("kind"), "#888")
        # Numeric ids keep concept ids (data) out of the page's id space.
        net.add_node(index, label=str(data.get("label", node)), x=x, y=y,
                     title=_inert(title), color=colour,
                     physics=False, shape="box",
                     font={"color": FADED_FONT if faded else "#ffffff", "size": FONT_SIZE})
    index_of = {node: i for i, node in enumerate(sorted(graph.nodes))}
    seen: set[tuple[str, str]] = set()
    for u, v in sorted((u, v) for u, v in graph.edges()):
        if (u, v) in seen:
            continue
        seen.add((u, v))
        title = describe_edge(graph, practices, u, v)
        count = len(graph[u][v]["practices"])
        style: dict[str, object] = {}
        if highlight is not None:
            style = {"color": {"color": "#333333"}} if (u, v) in lit_edges else \
                {"color": {"color": FADED_EDGE}}
        net.add_edge(index_of[u], index_of[v], title=_inert(title),
                     width=1 + min(count, 12) / 4, **style)
    net.set_options(json.dumps(OPTIONS))
    html = _CDN_TAG.sub("", net.generate_html(notebook=False))
    html = _EMPTY_HEADING.sub("", html)
    html = html.replace("</head>", _PAGE_STYLE + "\n</head>", 1)
    head, tail = html.rsplit("</body>", 1)
    return head + _FIT_SCRIPT + "\n</body>" + tail
