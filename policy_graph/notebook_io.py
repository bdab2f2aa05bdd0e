"""Export notebooks to Markdown and self-contained HTML (outputs and source
quotes included), and import Markdown or YAML notebooks back.

Markdown exports mark every cell with an HTML comment carrying its type and
parameters, so an export can be imported again:

>>> from policy_graph.corpus import load_corpus
>>> nb = Notebook(name="Demo").add("note", text="# Hi").add("search", {"q": "betaling"})
>>> text = to_markdown(nb, load_corpus())
>>> [c.type for c in from_markdown(text, "demo.md").cells]
['note', 'search']
"""

from __future__ import annotations

import json
import re

from .cells import CellOutput, cell_output
from .corpus import Corpus
from .errors import DataFileError
from .markup import escape_html, escape_markdown, highlight_html, highlight_markdown
from .notebook import Cell, Notebook
from .text import fold_for_search
from .yamlio import parse_yaml, validate_model

__all__ = ["export_file_name", "from_markdown", "from_yaml", "to_html", "to_markdown", "to_yaml"]

MARKER = re.compile(r"^<!-- policy-graph:cell (\{.*\}) -->$", re.M)
END = "<!-- policy-graph:end -->"
MAX_IMPORT_BYTES = 1_000_000


def export_file_name(notebook: Notebook, suffix: str) -> str:
    """A safe download name from the notebook's name.

    >>> export_file_name(Notebook(name="Legal review: Space Services / WeWork"), "md")
    'legal-review-space-services-wework.md'
    >>> export_file_name(Notebook(name="Tất cả"), "html")
    'tat-ca.html'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold_for_search(notebook.name)).strip("-")[:60]
    return f"{slug or 'notebook'}.{suffix}"


def _output_markdown(out: CellOutput) -> str:
    parts = [f"### {escape_markdown(out.title)}", ""]
    parts += [escape_markdown(line) for line in out.summary] + [""]
    if out.header:
        parts.append("| " + " | ".join(escape_markdown(h) for h in out.header) + " |")
        parts.append("|" + "---|" * len(out.header))
        parts += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in out.rows]
        parts.append("")
    for quote in out.quotes:
        parts.append(f"> {highlight_markdown(quote.text, quote.highlights, streamlit=False)}")
        parts.append(">")
        tail = f" — EN: {escape_markdown(quote.gloss)}" if quote.gloss else ""
        parts.append(f"> — `{quote.ref}`{tail}")
        parts.append("")
    return "\n".join(parts)


def to_markdown(notebook: Notebook, corpus: Corpus) -> str:
    """Markdown with every cell's output; notes are written as they are."""
    parts = [f"# {notebook.name}", ""]
    if notebook.description:
        parts += [notebook.description, ""]
    for cell in notebook.cells:
        meta = {"type": cell.type, "id": cell.id, "params": cell.params}
        parts.append(f"<!-- policy-graph:cell {json.dumps(meta, ensure_ascii=False)} -->")
        parts.append(cell.text if cell.type == "note" else _output_markdown(cell_output(corpus, cell)))
        parts += [END, ""]
    return "\n".join(parts)


def _note_html(text: str) -> str:
    """A note's Markdown shown safely: escaped, headings and paragraphs kept."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        heading = re.match(r"^(#{1,6})\s+(.*)$", block)
        if heading:
            level = min(6, len(heading.group(1)) + 1)
            blocks.append(f"<h{level}>{escape_html(heading.group(2))}</h{level}>")
        elif block:
            blocks.append(f"<p>{escape_html(block).replace(chr(10), '<br>')}</p>")
    return "\n".join(blocks)


def _direction(ref: str, corpus: Corpus) -> str:
    """``lang``/``dir`` attributes for a quote ``policy/lang/clause``."""
    lang = ref.split("/")[1] if ref.count("/") >= 2 else ""
    profile = corpus.taxonomy.languages.get(lang)
    direction = profile.direction if profile else "auto"
    return f" lang='{escape_html(lang)}' dir='{direction}'" if lang else " dir='auto'"


def _output_html(out: CellOutput, corpus: Corpus) -> str:
    parts = [f"<h3>{escape_html(out.title)}</h3>"]
    parts += [f"<p>{escape_html(line)}</p>" for line in out.summary]
    if out.header:
        parts.append("<table><thead><tr>" + "".join(f"<th>{escape_html(h)}</th>" for h in out.header)
                     + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{escape_html(c)}</td>" for c in row) + "</tr>"
                  for row in out.rows]
        parts.append("</tbody></table>")
    for quote in out.quotes:
        gloss = (f"<div class='gloss' lang='en' dir='ltr'>EN: {escape_html(quote.gloss)}</div>"
                 if quote.gloss else "")
        parts.append(f"<blockquote{_direction(quote.ref, corpus)}>"
                     f"<p>{highlight_html(quote.text, quote.highlights)}</p>"
                     f"<cite dir='ltr'>{escape_html(quote.ref)}</cite>{gloss}</blockquote>")
    return "\n".join(parts)


STYLE = """body{font-family:'Noto Sans','DejaVu Sans',sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#222}section{border:1px solid #ddd;border-radius:8px;
padding:.5rem 1rem;margin:1rem 0}blockquote{border-left:4px solid #f0a040;margin:.5rem 0;
padding:.25rem .75rem;background:#fffaf2}cite{display:block;font-size:.85em;color:#666}
.gloss{font-size:.85em;color:#555}mark{background:#ffd28a}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2rem .4rem;font-size:.9em;text-align:left}"""


def to_html(notebook: Notebook, corpus: Corpus) -> str:
    """One self-contained HTML file (no scripts, no outside resources)."""
    body = []
    for cell in notebook.cells:
        inner = _note_html(cell.text) if cell.type == "note" else \
            _output_html(cell_output(corpus, cell), corpus)
        body.append(f"<section class='cell {cell.type}'>{inner}</section>")
    description = f"<p>{escape_html(notebook.description)}</p>" if notebook.description else ""
    return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">"
            f"<title>{escape_html(notebook.name)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape_html(notebook.name)}</h1>{description}\n" + "\n".join(body)
            + "\n</body></html>\n")


def to_yaml(notebook: Notebook) -> str:
    import yaml
    return yaml.safe_dump(notebook.model_dump(), allow_unicode=True, sort_keys=False)


def _check_size(text: str, origin: str) -> None:
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise DataFileError(origin, "", None, f"file larger than {MAX_IMPORT_BYTES} bytes")


def from_yaml(text: str, origin: str) -> Notebook:
    """A notebook from YAML (aliases refused, validated)."""
    _check_size(text, origin)
    return validate_model(parse_yaml(text, origin), Notebook, origin)


def from_markdown(text: str, origin: str) -> Notebook:
    """A notebook from Markdown: a policy-graph export, or any Markdown file
    (which becomes one note per top-level section)."""
    _check_size(text, origin)
    title = re.search(r"^# (.+)$", text, re.M)
    name = title.group(1).strip() if title else "Imported notebook"
    markers = list(MARKER.finditer(text))
    cells: list[Cell] = []
    if not markers:
        body = text[title.end():] if title else text
        for chunk in re.split(r"(?m)^(?=## )", body):
            if chunk.strip():
                cells.append(Cell(type="note", text=chunk.strip()))
    for index, marker in enumerate(markers):
        line = text.count("\n", 0, marker.start()) + 1
        try:
            meta = json.loads(marker.group(1))
        except json.JSONDecodeError as exc:
            raise DataFileError(origin, f"line {line}", marker.group(1)[:60],
                                "cell marker is not valid JSON") from exc
        end = text.find(END, marker.end())
        stop = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        content = text[marker.end(): end if 0 <= end < stop else stop].strip()
        if isinstance(meta, dict) and meta.get("type") == "note":
            meta = {**meta, "text": content}
        cells.append(validate_model(meta, Cell, f"{origin}: line {line}"))
    return validate_model({"name": name[:120], "cells": [c.model_dump() for c in cells]},
                          Notebook, origin)
