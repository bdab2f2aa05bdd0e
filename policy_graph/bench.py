"""``policy-graph bench``: build a synthetic corpus of N policy versions and time
the hot paths against the floor of merely reading the same files.

The corpus is made from the shipped texts under new policy ids, with varied
products, language tags and a line of its own per version (so every file hash
differs and the read cache is exercised honestly). Figures: read floor, cold
load (empty cache), warm load (cache filled), graph build, search index build,
the whole-graph drawing Explore sends (time and size), and the median and 95th
percentile of search, question, about-me, product diff, matrix, filter and the
paths of one product; peak memory of the process. No figure is asserted anywhere: they are printed.
"""

from __future__ import annotations

import gc
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .ask import ask
from .corpus import load_corpus
from .graph import build_graph, trim_graph
from .matrix import concept_matrix, diff_scopes
from .query import Filters, about_me, filter_practices, paths
from .search import search
from .taxonomy import DEFAULT_DATA_DIR, LANGUAGES_DIR
from .text import fold, nfc
from .viz import render_html

__all__ = ["BenchResult", "make_corpus", "run_bench"]

QUERIES = ["betaling", "thông tin thanh toán", "kontaktopplysninger", "marketing", "wework go"]
QUESTIONS = ["what do you use my payment information for?", "hva bruker dere e-postadressen til?"]
REPEAT = 20
EDITED_ITEMS = 1 / 6  # share of list items each synthetic version words differently
FILTERS = [Filters(data_category="payment-info"), Filters(lang="vi", purpose="marketing"),
           Filters(product="wework-go", legal_basis="consent")]


@dataclass
class BenchResult:
    """Every figure of one run, in seconds (peak memory in MB)."""

    docs: int
    practices: int = 0
    clauses: int = 0
    distinct_clauses: int = 0
    floor: float = 0.0
    cold: float = 0.0
    warm: float = 0.0
    graph: float = 0.0
    index: float = 0.0
    drawing: float = 0.0
    drawing_kb: float = 0.0
    samples: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: float = 0.0

    def lines(self) -> list[str]:
        out = [f"docs: {self.docs} policy versions, {self.practices} practices",
               f"clauses: {self.clauses}, of which distinct texts: {self.distinct_clauses}",
               f"read + NFC + casefold floor: {self.floor:.3f} s",
               f"cold load (empty cache): {self.cold:.3f} s ({self.cold / max(self.floor, 1e-9):.0f}x floor)",
               f"warm load (cache filled): {self.warm:.3f} s",
               f"graph build: {self.graph:.3f} s",
               f"search index build: {self.index:.3f} s",
               f"whole-graph HTML (Explore, all practices): {self.drawing:.3f} s, "
               f"{self.drawing_kb:.0f} KB"]
        for name, values in self.samples.items():
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            out.append(f"{name}: p50 {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
        out.append(f"peak memory: {self.peak_mb:.0f} MB")
        return out


def make_corpus(target: Path, docs: int, seed: int = 7) -> Path:
    """A data directory of ``docs`` versions built from the shipped texts."""
    rng = random.Random(seed)
    shutil.copy(DEFAULT_DATA_DIR / "taxonomy.yaml", target / "taxonomy.yaml")
    shutil.copytree(DEFAULT_DATA_DIR / LANGUAGES_DIR, target / LANGUAGES_DIR)
    sources = sorted((DEFAULT_DATA_DIR / "policies").glob("*/*.txt"))
    products = ["wework", "wework-go", "powered-by-we", "global-access", "teem", "welkio",
                "made-by-we-market", "wework-space-services", "headquarters-by-wework"]
    tags = {"nb": ["nb", "nb-NO", "no"], "vi": ["vi", "vi-VN", "vi-US"]}
    per_policy = 3
    for index in range(docs):
        policy = f"bench-{index // per_policy:05d}"
        folder = target / "policies" / policy
        source = sources[(index // per_policy) % len(sources)]
        if not folder.exists():
            folder.mkdir(parents=True)
            meta = {"id": policy, "titles": {"en": f"Synthetic policy {policy}"},
                    "products": rng.sample(products, 3), "effective_date": "2020-01-01"}
            (folder / "policy.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
        tag = tags[source.stem][index % per_policy]
        text = _edited(source.read_text(encoding="utf-8"), index, rng) + f"\n\nVersion {index}.\n"
        (folder / f"{tag}.txt").write_text(text, encoding="utf-8")
    return target


def _edited(text: str, version: int, rng: random.Random) -> str:
    """The text with about one list item in six worded for this version only, as
    successive versions of a policy differ: a loader cannot treat the corpus as
    copies (reading each distinct clause once is fair; reading one text is not)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("•", "-", "*")) and rng.random() < EDITED_ITEMS:
            body = line.rstrip()
            end = len(body) - 1 if body.endswith((".", ";", ",")) else len(body)
            lines[index] = f"{body[:end]} (rev. {version}){body[end:]}"
    return "\n".join(lines)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _samples(check: Callable[[int], object]) -> list[float]:
    out = []
    for index in range(REPEAT):
        start = time.perf_counter()
        check(index)
        out.append(time.perf_counter() - start)
    return out


def _floor(data: Path) -> float:
    start = time.perf_counter()
    for path in (data / "policies").glob("*/*.txt"):
        fold(nfc(path.read_text(encoding="utf-8")))
    return time.perf_counter() - start


def run_bench(docs: int) -> BenchResult:
    """Build the corpus in a temporary directory and measure (see module doc)."""
    result = BenchResult(docs)
    with tempfile.TemporaryDirectory(prefix="policy-graph-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        make_corpus(data, docs)
        cache = Path(tmp) / "cache"
        result.floor = _floor(data)
        result.cold = _timed(lambda: load_corpus(data, cache_dir=cache))
        gc.collect()  # one corpus in memory at a time: peak memory is what the app would hold
        started = time.perf_counter()
        corpus = load_corpus(data, cache_dir=cache)
        result.warm = time.perf_counter() - started
        gc.freeze()  # as the app does once its corpus is loaded (ui/common.py)
        result.practices = len(corpus.practices)
        texts = [c.text for v in corpus.versions.values() for c in v.doc.clauses]
        result.clauses, result.distinct_clauses = len(texts), len(set(texts))
        result.graph = _timed(lambda: build_graph(corpus.practices, corpus.taxonomy))
        result.index = _timed(lambda: search(corpus, "betaling"))  # the first search builds it
        gc.freeze()  # the app builds the index with the corpus and freezes both (ui/common.py)
        graph = build_graph(corpus.practices, corpus.taxonomy)
        started = time.perf_counter()
        html = render_html(trim_graph(graph).graph, corpus.by_id)
        result.drawing = time.perf_counter() - started
        result.drawing_kb = len(html.encode()) / 1024
        checks: dict[str, Callable[[int], object]] = {
            "search": lambda i: search(corpus, QUERIES[i % len(QUERIES)]),
            "question": lambda i: ask(corpus, QUESTIONS[i % len(QUESTIONS)]),
            "about-me": lambda i: about_me(corpus.practices, corpus.taxonomy, product="wework-go",
                                           audience="go-customers-visitors-guests", label_lang="en"),
            "product diff": lambda i: diff_scopes(corpus.practices, "product", "wework", "wework-go"),
            "matrix": lambda i: concept_matrix(corpus.practices),
            "filter": lambda i: filter_practices(corpus.practices, FILTERS[i % len(FILTERS)]),
            "paths of one product": lambda i: paths(corpus.practices, "product:wework-go"),
        }
        for name, check in checks.items():
            for index in range(len(QUERIES)):  # every distinct input once, outside the samples:
                check(index)  # what is built once (the search index, compiled term lists)
            result.samples[name] = _samples(check)
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result
