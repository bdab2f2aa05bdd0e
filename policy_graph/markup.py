"""Turn policy and user text into safe Markdown or HTML: text is data, never markup.

>>> escape_markdown("*bold* <b>[x](y)</b>")
'\\\\*bold\\\\* &lt;b&gt;\\\\[x\\\\]\\\\(y\\\\)&lt;/b&gt;'
>>> highlight_markdown("pay with Betalingsopplysninger now", [(9, 30)])
'pay with :orange-background[**Betalingsopplysninger**] now'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["WORD_JOINER", "escape_html", "escape_markdown", "escape_message", "highlight_html",
           "highlight_markdown", "merge_spans"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$>])")
# Where GitHub-flavoured Markdown turns bare text into a web link ("https://…",
# "www.…"). Escapes do not stop it (the link is found in the text after escapes are
# read), so an invisible WORD JOINER is put there to break the pattern. (An e-mail
# address still becomes a mailto: link: it loads nothing and runs nothing.)
_AUTOLINK_AT = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Escape every character Markdown (and Streamlit's directives) would interpret;
    '<' and '&' become entities so no HTML can slip through, and bare web
    addresses get a WORD JOINER so they are not made links.

    >>> escape_markdown("see https://x.example").replace(WORD_JOINER, "<WJ>")
    'see https\\\\:<WJ>//x\\\\.example'
    """
    text = _AUTOLINK_AT.sub(WORD_JOINER, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # '>' was turned into an entity above, so the pattern no longer meets it.
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


# What can make markup anywhere in a line (emphasis, code, links and images, tables,
# strikethrough, maths, Streamlit's :directives: and :emoji:), and what only can at
# the start of a line (headings, lists, setext rules; '>' is already an entity).
_MESSAGE_INLINE = re.compile(r"([\\`*_\[\]~|$:])")
_MESSAGE_LINE_START = re.compile(r"^([#+=-]|\d+(?=[.)]))", re.MULTILINE)


def escape_message(text: str) -> str:
    """Escape ``text`` for a Streamlit message (``st.info``, ``st.error`` …) so that
    it is shown word for word, like :func:`escape_markdown`, but leaving alone the
    punctuation that makes no markup where it stands ('.', '(', '-' inside a line),
    so the message's source stays readable ("nb.review.yaml", "(Kontrakt)").

    >>> escape_message("nb.review.yaml: got '![x](https://e.example/a.png) <b>'").replace(
    ...     WORD_JOINER, "<WJ>")
    "nb.review.yaml\\\\: got '!\\\\[x\\\\](https\\\\:<WJ>//e.example/a.png) &lt;b&gt;'"
    >>> escape_message("1. a\\n   - b")
    '1\\\\. a  \\n\\\\- b'
    """
    text = _AUTOLINK_AT.sub(WORD_JOINER, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MESSAGE_INLINE.sub(r"\\\1", text)
    text = re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)  # no indented code blocks
    text = _MESSAGE_LINE_START.sub(_escape_line_start, text)
    return text.replace("\n", "  \n")


def _escape_line_start(found: re.Match[str]) -> str:
    marker = found[0]
    return f"{marker}\\" if marker[0].isdigit() else f"\\{marker}"


def escape_html(text: str) -> str:
    """HTML-escape text, quotes included.

    >>> escape_html('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return html.escape(text, quote=True)


def merge_spans(spans: Iterable[tuple[int, int]], length: int, text: str | None = None
                ) -> list[tuple[int, int]]:
    """Clip spans to ``[0, length]`` and merge overlaps; given the ``text`` the
    spans point into, also merge spans separated only by whitespace.

    >>> merge_spans([(5, 9), (0, 2), (1, 3), (8, 12)], 10)
    [(0, 3), (5, 10)]
    >>> merge_spans([(0, 5), (6, 10)], 10, "Thanh toán")
    [(0, 10)]
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if out and (start <= out[-1][1] or (text is not None and not text[out[-1][1]:start].strip())):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _pieces(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in merge_spans(spans, len(text)):
        pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    pieces.append((text[at:], False))
    return [(t, marked) for t, marked in pieces if t]


def highlight_markdown(text: str, spans: Iterable[tuple[int, int]], *, streamlit: bool = True
                       ) -> str:
    """Escaped Markdown of ``text`` with ``spans`` (offsets into text) highlighted:
    a Streamlit background colour, or plain bold for portable Markdown."""
    mark = ":orange-background[**{}**]" if streamlit else "**{}**"
    return "".join(
        mark.format(escape_markdown(t)) if marked else escape_markdown(t)
        for t, marked in _pieces(text, spans)
    )


def highlight_html(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escaped HTML of ``text`` with ``spans`` wrapped in ``<mark>``.

    >>> highlight_html("a <b> c", [(2, 5)])
    'a <mark>&lt;b&gt;</mark> c'
    """
    return "".join(
        f"<mark>{escape_html(t)}</mark>" if marked else escape_html(t)
        for t, marked in _pieces(text, spans)
    )
