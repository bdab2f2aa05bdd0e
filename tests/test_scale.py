"""Hundreds of policy versions: the graph follows the taxonomy, the drawing stays small."""

from __future__ import annotations

import itertools
from dataclasses import replace

import networkx as nx

from policy_graph.corpus import Corpus
from policy_graph.graph import build_graph, trim_graph
from policy_graph.matrix import concept_matrix, diff_scopes
from policy_graph.models import Practice
from policy_graph.practice_set import PracticeList
from policy_graph.query import Filters, about_me, filter_practices, paths
from policy_graph.viz import render_html


def _copies(corpus: Corpus, versions: int) -> list[Practice]:
    return [replace(p, id=f"{p.id}#{n}", policy=f"copy-{n:04d}")
            for n in range(versions) for p in corpus.practices]


def test_hundreds_of_versions_draw_as_one_graph(corpus: Corpus) -> None:
    many = _copies(corpus, 300)
    graph = build_graph(many, corpus.taxonomy)
    assert graph.number_of_edges() == build_graph(corpus.practices, corpus.taxonomy).number_of_edges()
    by_id = {p.id: p for p in many}
    html = render_html(trim_graph(graph).graph, by_id)
    data = html.split("edges = new vis.DataSet(")[1].split(");")[0]
    assert data.count('"from"') == graph.number_of_edges()
    assert len(html.encode()) < 2_000_000  # hover titles quote a few clauses and count the rest
    assert " more: pick this under" in data


def test_paths_are_the_same_whatever_the_number_of_copies(corpus: Corpus) -> None:
    one = {p.nodes for p in paths(corpus.practices)}
    many = paths(_copies(corpus, 200))
    assert {p.nodes for p in many} == one
    assert sum(len(p.practices) for p in many) == 200 * sum(len(p.practices)
                                                             for p in paths(corpus.practices))


def _wide_graph(kinds: dict[str, int]) -> nx.DiGraph:
    """Nodes of each kind, every node of one layer joined to every node of the next,
    the lower-numbered nodes carrying more practices."""
    g = nx.DiGraph()
    layers = [[f"{kind}:{kind[:1]}{i:03d}" for i in range(n)] for kind, n in kinds.items()]
    for layer, (kind, nodes) in enumerate(zip(kinds, layers, strict=True)):
        for node in nodes:
            g.add_node(node, kind=kind, label=node.split(":")[1].upper(), layer=layer)
    for upper, lower in itertools.pairwise(layers):
        for i, u in enumerate(upper):
            for j, v in enumerate(lower):
                g.add_edge(u, v, practices=[f"{u}>{v}#{k}" for k in range(1 + 50 // (1 + i + j))],
                           versions=["x/en"])
    return g


def test_a_graph_too_wide_to_draw_keeps_the_most_used_and_names_the_rest() -> None:
    g = _wide_graph({"product": 5, "audience": 5, "data_category": 60, "purpose": 80,
                     "legal_basis": 4})
    trimmed = trim_graph(g, max_per_kind=24, max_edges=600)
    assert trimmed.graph.number_of_edges() <= 600
    kept = {n for n in trimmed.graph if n.startswith("purpose:")}
    assert "purpose:p000" in kept and "purpose:p079" not in kept  # the most used stay
    assert len(trimmed.hidden["purpose"]) == 80 - len(kept)
    assert "P079" in trimmed.hidden["purpose"] and "product" not in trimmed.hidden
    assert trimmed.hidden_count + trimmed.graph.number_of_nodes() == g.number_of_nodes()


def test_a_graph_that_fits_is_drawn_whole(corpus: Corpus) -> None:
    graph = build_graph(corpus.practices, corpus.taxonomy)
    trimmed = trim_graph(graph)
    assert trimmed.hidden == {} and nx.utils.graphs_equal(trimmed.graph, graph)


def test_the_indexed_practice_list_answers_as_a_plain_walk_does(corpus: Corpus) -> None:
    indexed, plain = corpus.practices, list(corpus.practices)
    assert isinstance(indexed, PracticeList)
    for filters in [Filters(), Filters(data_category="payment-info"),
                    Filters(product="wework-go", lang="vi"), Filters(policy="nope"),
                    Filters(audience="corporate-members-and-customers", legal_basis="consent")]:
        assert filter_practices(indexed, filters) == filter_practices(plain, filters)
    for rows, cols in [("data_category", "purpose"), ("data_category", "legal_basis"),
                       ("audience", "purpose")]:
        fast, slow = concept_matrix(indexed, rows, cols), concept_matrix(plain, rows, cols)
        assert fast.keys() == slow.keys()
        for key, cell in fast.items():
            other = slow[key]
            assert (cell.products, cell.audiences, cell.bases) == \
                (other.products, other.audiences, other.bases)
            assert sorted(cell.practices) == sorted(other.practices)
            assert sorted(cell.clauses) == sorted(other.clauses)
    for kind, a, b in [("product", "wework", "wework-go"),
                       ("audience", "corporate-members-and-customers", "go-customers-visitors-guests")]:
        fast_rows = diff_scopes(indexed, kind, a, b)  # type: ignore[arg-type]
        slow_rows = diff_scopes(plain, kind, a, b)  # type: ignore[arg-type]
        assert [(r.data_category, r.purpose, r.status, r.bases_a, r.bases_b, sorted(r.clauses))
                for r in fast_rows] == \
            [(r.data_category, r.purpose, r.status, r.bases_a, r.bases_b, sorted(r.clauses))
             for r in slow_rows]
    assert paths(indexed) == paths(plain)
    assert paths(indexed, "purpose:process-payment") == paths(plain, "purpose:process-payment")


def test_about_me_by_groups_gives_the_cards_a_walk_gives(corpus: Corpus) -> None:
    for product, audience, lang in [("wework-go", "go-customers-visitors-guests", "vi"),
                                    ("wework", "corporate-members-and-customers", "nb"),
                                    ("teem", "everyone", "en")]:
        fast = about_me(corpus.practices, corpus.taxonomy, product=product, audience=audience,
                        label_lang=lang)
        slow = about_me(list(corpus.practices), corpus.taxonomy, product=product,
                        audience=audience, label_lang=lang)
        # The same cards, purposes and quotes in the same order (what a reader sees first).
        assert [(c.data_category, c.label, c.basis_not_stated, sorted(c.practices), c.quotes,
                 [(ln.purpose, sorted(ln.bases)) for ln in c.purposes]) for c in fast] == \
            [(c.data_category, c.label, c.basis_not_stated, sorted(c.practices), c.quotes,
              [(ln.purpose, sorted(ln.bases)) for ln in c.purposes]) for c in slow]
