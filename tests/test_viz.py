"""The pyvis page: self-contained, deterministic, and inert with hostile text."""

from __future__ import annotations

import re

import networkx as nx

from policy_graph.corpus import Corpus
from policy_graph.graph import build_graph
from policy_graph.viz import layered_positions, render_html

HOSTILE = '<img src=x onerror="window.__pwned=1"> href <script>window.__pwned=2</script>'


def hostile_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("product:x", kind="product", label=HOSTILE, layer=0)
    g.add_node("audience:</script><script>window.__pwned=3</script>", kind="audience",
               label="a\"'&", layer=1)
    g.add_edge("product:x", "audience:</script><script>window.__pwned=3</script>",
               versions=["p/en"], practices=["p1"])
    return g


def test_html_is_self_contained_and_deterministic(corpus: Corpus) -> None:
    g = build_graph(corpus.practices, corpus.taxonomy)
    html = render_html(g, corpus.by_id)
    assert html == render_html(g, corpus.by_id)
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
    assert not re.search(r"<(script|link)[^>]*(src|href)=\"https?:", html)


def test_hostile_text_is_escaped_and_ids_stay_out() -> None:
    html = render_html(hostile_graph())
    assert "<img src=x" not in html and "<script>window.__pwned" not in html
    assert "</script><script>" not in html.split("nodes = new vis.DataSet(")[1].split(");")[0]
    assert "audience:" not in html  # node ids are numbers, concept ids never reach the page
    data = html.split("nodes = new vis.DataSet(")[1].split("var options")[0]
    assert "&#x27;" not in data and "&amp;" not in data  # escaped once, as JSON, not as HTML
    assert "tooltip_link" not in html and "div.popup" not in html  # "href" kept pyvis's text tooltip


def test_layered_positions_left_to_right(corpus: Corpus) -> None:
    g = build_graph(corpus.practices, corpus.taxonomy)
    pos = layered_positions(g)
    for u, v in g.edges():
        assert pos[u][0] < pos[v][0]
    per_layer: dict[int, list[int]] = {}
    for x, y in pos.values():
        per_layer.setdefault(x, []).append(y)
    assert all(len(ys) == len(set(ys)) for ys in per_layer.values())
