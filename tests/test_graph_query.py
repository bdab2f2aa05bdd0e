"""The graph, its paths (never stitched), and the about-me cards."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_graph.corpus import Corpus
from policy_graph.graph import build_graph, node_id
from policy_graph.models import Practice
from policy_graph.query import (
    Filters,
    about_me,
    clause_cards,
    filter_practices,
    merge_identical,
    paths,
    sentence_cards,
)
from policy_graph.taxonomy import DEFAULT_DATA_DIR, load_taxonomy

TAXONOMY = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")


def _practice(i: int, product: str, audience: str, data: str, purpose: str, basis: str) -> Practice:
    return Practice(id=f"p{i}", policy="t", lang="en", clause_id=f"s1.{i}", audience=audience,
                    section_audience=audience, products=[product], data_category=data,
                    purpose=purpose, legal_basis=basis, quote="q", span=(0, 1),
                    source="extracted", confidence=0.9)


def test_graph_shape_and_attributes(corpus: Corpus) -> None:
    g = build_graph(corpus.practices, corpus.taxonomy, "vi")
    kinds = {k for _, k in g.nodes(data="kind")}
    assert kinds == {"product", "audience", "data_category", "purpose", "legal_basis"}
    assert g.nodes["data_category:payment-info"]["label"] == "Thông tin thanh toán"
    for u, v, data in g.edges(data=True):
        assert g.nodes[u]["layer"] + 1 == g.nodes[v]["layer"]
        assert data["practices"] and data["versions"]
        backing = [corpus.by_id[i] for i in data["practices"]]
        assert data["versions"] == sorted({f"{p.policy}/{p.lang}" for p in backing})


def test_one_edge_per_pair_however_many_versions_state_it(corpus: Corpus) -> None:
    copies = [replace(p, id=f"{p.id}#{n}", policy=f"copy-{n}")
              for n in range(30) for p in corpus.practices]
    one = build_graph(corpus.practices, corpus.taxonomy)
    many = build_graph(copies, corpus.taxonomy)
    assert sorted(many.edges()) == sorted(one.edges())  # the size follows the taxonomy
    edge = many["data_category:payment-info"]["purpose:process-payment"]
    assert len(edge["versions"]) == 30 * len(one["data_category:payment-info"]
                                              ["purpose:process-payment"]["versions"])
    assert sum(len(d["practices"]) for _, _, d in many.edges(data=True)) == \
        30 * sum(len(d["practices"]) for _, _, d in one.edges(data=True))


def test_two_practices_sharing_a_middle_node_make_no_false_path() -> None:
    a = _practice(1, "wework", "everyone", "payment-info", "process-payment", "contract")
    b = _practice(2, "teem", "everyone", "payment-info", "marketing", "consent")
    g = build_graph([a, b], TAXONOMY)
    assert g.has_edge("data_category:payment-info", "purpose:marketing")  # the edges do meet...
    found = {tuple(n.split(":")[1] for n in p.nodes) for p in paths([a, b])}  # ...the paths do not
    assert found == {("wework", "everyone", "payment-info", "process-payment", "contract"),
                     ("teem", "everyone", "payment-info", "marketing", "consent")}


concept_ids = {kind: [c.id for c in TAXONOMY.of_kind(kind)]
               for kind in ("product", "audience", "data_category", "purpose", "legal_basis")}
practice_rows = st.lists(st.tuples(*(st.sampled_from(concept_ids[k][:3]) for k in concept_ids)),
                         min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practice_rows)
def test_every_path_is_backed_by_one_practice(rows: list[tuple[str, ...]]) -> None:
    practices = [_practice(i, *row) for i, row in enumerate(rows)]
    by_id = {p.id: p for p in practices}
    found = paths(practices)
    for path in found:
        assert path.practices
        for pid in path.practices:
            p = by_id[pid]
            assert path.nodes == (node_id("product", p.products[0]), node_id("audience", p.audience),
                                  node_id("data_category", p.data_category),
                                  node_id("purpose", p.purpose),
                                  node_id("legal_basis", p.legal_basis))
    # ...and every practice shows up as a path.
    assert {tuple(n.split(":")[1] for n in p.nodes) for p in found} == set(rows)


def test_every_path_of_the_shipped_graph_is_backed(corpus: Corpus) -> None:
    g = build_graph(corpus.practices, corpus.taxonomy)
    for path in paths(corpus.practices):
        assert all(g.has_edge(u, v) for u, v in zip(path.nodes, path.nodes[1:], strict=False))
        p = corpus.by_id[path.practices[0]]
        assert path.nodes[1:] == (f"audience:{p.audience}", f"data_category:{p.data_category}",
                                  f"purpose:{p.purpose}", f"legal_basis:{p.legal_basis}")


def test_filters(corpus: Corpus) -> None:
    go = filter_practices(corpus.practices, Filters(product="wework-go", legal_basis="contract"))
    assert go and {p.data_category for p in go} == {"payment-info", "transaction-details"}
    assert filter_practices(corpus.practices, Filters(policy="nope")) == []


def test_about_me_for_a_wework_go_guest(corpus: Corpus) -> None:
    cards = about_me(corpus.practices, corpus.taxonomy, product="wework-go",
                     audience="go-customers-visitors-guests", label_lang="en")
    by_cat = {c.data_category: c for c in cards}
    assert "email-calendar-info" in by_cat and "name" in by_cat
    payment = by_cat["payment-info"]
    assert [(ln.purpose, ln.bases) for ln in payment.purposes] == [("process-payment", ["contract"])]
    assert not payment.basis_not_stated
    assert by_cat["in-office-preferences"].basis_not_stated
    # The everyone clause (s4.1) reaches the guest too.
    assert any(ref.endswith("/s4.1") for ref, _, _ in by_cat["device-usage-info"].quotes)
    assert all(c.practices for c in cards)


def test_clause_cards_highlight_the_focus_concept(corpus: Corpus) -> None:
    chosen = filter_practices(corpus.practices, Filters(policy="wework-space-services",
                                                        data_category="payment-info"))
    (card,) = clause_cards(chosen, {"payment-info"})
    assert [card.text[s:e] for s, e in card.highlights] == ["Betalingsopplysninger"]
    assert card.gloss and card.concepts["legal_basis"] == ["contract"]


def test_sentence_cards_are_the_merged_clause_cards(corpus: Corpus) -> None:
    copies = [replace(p, id=f"{p.id}#{n}", policy=f"copy-{n}") for n in range(3)
              for p in corpus.practices]
    mixed = [*corpus.practices, *copies]
    for focus in (None, {"payment-info"}, {"marketing", "consent"}, set()):
        for chosen in (mixed, [p for p in mixed if p.lang == "vi"],
                       [p for p in mixed if p.data_category == "contact-info"]):
            assert sentence_cards(chosen, focus) == merge_identical(clause_cards(chosen, focus))
