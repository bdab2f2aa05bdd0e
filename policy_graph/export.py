"""Export the practice table (CSV) and the graph (GraphML).

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> practices_csv(corpus.practices[:1]).splitlines()[0].split(",")[:4]
['id', 'policy', 'lang', 'clause_id']
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from .models import Practice

__all__ = ["PRACTICE_COLUMNS", "graph_graphml", "practice_record", "practices_csv", "practices_frame"]

PRACTICE_COLUMNS = [
    "id", "policy", "lang", "clause_id", "audience", "products", "data_category", "purpose",
    "legal_basis", "quote", "span", "source", "confidence", "gloss",
]


def practice_record(p: Practice) -> dict[str, object]:
    """The stable JSON shape of a practice (see README, "JSON output")."""
    return {
        "id": p.id, "policy": p.policy, "lang": p.lang, "clause_id": p.clause_id,
        "audience": p.audience, "products": list(p.products), "data_category": p.data_category,
        "purpose": p.purpose, "legal_basis": p.legal_basis, "quote": p.quote,
        "span": [p.span[0], p.span[1]], "source": p.source, "confidence": p.confidence,
        "gloss": p.gloss,
    }


def practices_frame(practices: Iterable[Practice]) -> pd.DataFrame:
    """One row per practice; list fields joined with '; ' for flat formats."""
    rows = []
    for p in practices:
        row = practice_record(p)
        row["products"] = "; ".join(p.products)
        row["span"] = f"{p.span[0]}-{p.span[1]}"
        rows.append(row)
    return pd.DataFrame(rows, columns=PRACTICE_COLUMNS)


def practices_csv(practices: Iterable[Practice]) -> str:
    """CSV text (UTF-8, header row) of the practices."""
    return str(practices_frame(practices).to_csv(index=False, lineterminator="\n"))


def graph_graphml(graph: nx.DiGraph) -> str:
    """GraphML text; list attributes become space-separated strings (practice
    ids and ``policy/lang`` versions contain no spaces)."""
    flat = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: v for k, v in data.items() if isinstance(v, str | int | float)})
    for u, v, data in graph.edges(data=True):
        flat.add_edge(u, v, versions=" ".join(data["versions"]),
                      practices=" ".join(data["practices"]), weight=len(data["practices"]))
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")
