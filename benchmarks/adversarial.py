"""Worst-case inputs: the time each reader takes on text built to be slow.

Run: .venv/bin/python benchmarks/adversarial.py [--mb 1.0]

Each input is about ``--mb`` megabytes (queries and questions are cut to what
the app accepts) and goes through segmentation and extraction, search, a
question and notebook import. A reader with catastrophic regex backtracking or
a quadratic loop shows here as seconds per input or a throughput far under the
1 MB/s a plain text reads at. The property tests in ``tests/test_properties.py``
prove no exception escapes on such inputs; this prints how long they take.
Figures, not tests: nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from policy_graph.ask import MAX_QUESTION_CHARS, ask
from policy_graph.corpus import load_corpus
from policy_graph.errors import PolicyGraphError
from policy_graph.extract import extract_policy
from policy_graph.notebook_io import MAX_IMPORT_BYTES, from_markdown
from policy_graph.search import MAX_QUERY_CHARS, search
from policy_graph.segment import segment


def hostile_texts(size: int) -> dict[str, str]:
    """Texts shaped against each reader: runs that a careless pattern would retry
    at every position, list markers and colons without end, scripts mixed."""
    def fill(unit: str) -> str:
        return (unit * (size // max(1, len(unit)) + 1))[:size]

    return {
        "one long word": fill("a"),
        "spaces without end": "x" + fill(" ") + "y",
        "a term's prefix repeated": fill("Betalingsopplys"),
        "a term repeated": fill("Contact Information "),
        "bullets without text": fill("•\n"),
        "colons and lead-ins": fill("We use your: "),
        "nested numbering": fill("1.1.1.1.1. "),
        "headings without end": fill("Members.\n\n"),
        "combining marks alone": fill("\u0301\u0323"),
        "mixed scripts and RTL": fill("Thông tin مرحبا 联系信息 שלום "),
        "control characters": fill("\x00\x01\x1b[31m\u200f\ufeff"),
        "one sentence, no end": fill("to identify you and contact you, "),
    }


def timed(run: Callable[[], object]) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        run()
        outcome = "ok"
    except PolicyGraphError as exc:  # a refusal with a message is an answer too
        outcome = f"refused: {str(exc)[:40]}"
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    corpus = load_corpus(cache_dir=None)
    tax = corpus.taxonomy
    # One-time work (term indexes, the language models) is done before timing.
    ask(corpus, "what do you use my payment information for?")
    search(corpus, "betaling")
    worst: dict[str, float] = {}
    print(f"{'input':<28} {'reader':<22} {'time':>8} {'MB/s':>7}  outcome")
    for name, text in hostile_texts(size).items():
        megabytes = len(text.encode("utf-8")) / 1e6
        readers: dict[str, Callable[[], object]] = {
            "segment + extract (en)": lambda t=text: extract_policy(segment(t, "en", tax), "x", tax),
            "segment + extract (vi)": lambda t=text: extract_policy(segment(t, "vi", tax), "x", tax),
            "search": lambda t=text: search(corpus, t[:MAX_QUERY_CHARS]),
            "question": lambda t=text: ask(corpus, t[:MAX_QUESTION_CHARS]),
            "notebook import": lambda t=text: from_markdown(t[:MAX_IMPORT_BYTES // 4], "x.md"),
        }
        for reader, run in readers.items():
            seconds, outcome = timed(run)
            worst[reader] = max(worst.get(reader, 0.0), seconds)
            rate = f"{megabytes / seconds:7.2f}" if reader.startswith("segment") else "      -"
            print(f"{name:<28} {reader:<22} {seconds:8.3f} {rate}  {outcome}")
    print("\nworst time per input (each about "
          f"{args.mb:g} MB; queries cut to the app's limits):")
    for reader, seconds in worst.items():
        print(f"  {reader:<22} {seconds:.3f} s")


if __name__ == "__main__":
    main()
