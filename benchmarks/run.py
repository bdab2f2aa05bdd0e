"""Print timings of the hot paths on the shipped corpus (and a synthetic large graph).

Run: .venv/bin/python benchmarks/run.py
Speed goals live here, as printed figures, not as timed tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from policy_graph.ask import ask
from policy_graph.corpus import Corpus, load_corpus
from policy_graph.extract import extract_policy
from policy_graph.graph import build_graph
from policy_graph.models import Practice
from policy_graph.search import search
from policy_graph.segment import segment
from policy_graph.viz import render_html


def timed(label: str, fn: Callable[[], object], repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best * 1000:9.2f} ms (best of {repeat})")


def synthetic(n: int) -> list[Practice]:
    return [Practice(id=f"p{i}", policy="s", lang="en", clause_id=f"s1.{i}", audience=f"a{i % 7}",
                     section_audience="a", products=[f"prod{i % 11}"], data_category=f"d{i % 97}",
                     purpose=f"u{i % 89}", legal_basis=f"b{i % 5}", quote="q", span=(0, 1),
                     source="extracted", confidence=1.0) for i in range(n)]


def throughput(corpus: Corpus) -> None:
    """Segment + extract each shipped text repeated to about 1 MB: MB of text per second."""
    for (policy, lang), version in sorted(corpus.versions.items()):
        big = (version.text + "\n\n") * (1_000_000 // len(version.text) + 1)
        start = time.perf_counter()
        doc = segment(big, lang, corpus.taxonomy)
        extract_policy(doc, policy, corpus.taxonomy)
        took = time.perf_counter() - start
        size = len(big.encode("utf-8")) / 1e6
        print(f"{'extract ' + policy + '/' + lang + f' ({size:.1f} MB)':<44} "
              f"{size / took:9.2f} MB/s ({len(doc.clauses)} clauses in {took:.2f} s)")


def main() -> None:
    corpus = load_corpus()
    throughput(corpus)
    timed("load corpus (segment, extract, review)", load_corpus)
    timed("build graph (shipped)", lambda: build_graph(corpus.practices, corpus.taxonomy))
    graph = build_graph(corpus.practices, corpus.taxonomy)
    timed("render pyvis HTML (shipped)", lambda: render_html(graph, corpus.by_id))
    search(corpus, "warm up")
    timed("search 'thông tin thanh toán'", lambda: search(corpus, "thông tin thanh toán"), 20)
    timed("ask 'what do you use my payment information for?'",
          lambda: ask(corpus, "what do you use my payment information for?"), 20)
    big = synthetic(5000)
    timed("build graph (5,000 synthetic practices)", lambda: build_graph(big, corpus.taxonomy), 3)
    big_graph = build_graph(big, corpus.taxonomy)
    print(f"  synthetic graph: {big_graph.number_of_nodes()} nodes, "
          f"{big_graph.number_of_edges()} edges")
    timed("render pyvis HTML (synthetic)", lambda: render_html(big_graph), 3)


if __name__ == "__main__":
    main()
