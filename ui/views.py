"""The views of the app. One render function per view serves both its own page
and a notebook cell: it takes the view's parameters and a key prefix, draws
the view, and returns the parameters as the reader left them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

import networkx as nx
import pandas as pd
import streamlit as st

from policy_graph.ask import ask
from policy_graph.compare import align_versions, compare_concepts, default_comparison, row_sides
from policy_graph.corpus import Corpus
from policy_graph.export import graph_graphml, practices_csv
from policy_graph.graph import split_node_id, trim_graph
from policy_graph.markup import escape_markdown
from policy_graph.matrix import concept_matrix, diff_scopes, matrix_frame
from policy_graph.models import Practice
from policy_graph.params import MAX_PARAM_CHARS, pick
from policy_graph.query import (
    AboutMeCard,
    ClauseCard,
    Filters,
    about_me,
    clause_cards,
    filter_practices,
    practice_table,
    practices_for_edge,
    practices_for_node,
)
from policy_graph.search import SearchHit, no_match_reason, search
from policy_graph.settings import contact_line
from policy_graph.ui_text import UiStrings
from policy_graph.viz import KIND_COLOURS, frame_height, highlighted_practices, render_html
from policy_graph.vocab_export import practices_fides, practices_jsonld

from .common import ALL, clause_card, corpus, graph_for, labeller, policy_text, select, strings
from .quiz_view import quiz_view

EXPLORE_PARAMS = ("labels", "policy", "lang", "product", "audience", "data", "basis", "highlight",
                  "inspect")
ABOUT_PARAMS = ("lang", "product", "role")


@st.cache_data(max_entries=32, show_spinner=False)
def _graph_html(cache_key: str, _graph: nx.DiGraph, _by_id: dict[str, Practice],
                _highlight: frozenset[str] | None) -> tuple[str, int]:
    # Cached by the filter string (which names the highlight): the same graph and
    # filters give byte-identical HTML, so an unchanged iframe is not reloaded on
    # a rerun that only changes the inspector or the table.
    html = render_html(_graph, _by_id, highlight=set(_highlight) if _highlight is not None else None)
    return html, frame_height(_graph)


def _hidden_note(hidden: Mapping[str, list[str]]) -> str:
    """What the drawing leaves out, so a reader knows to filter (labels are plain text)."""
    parts = []
    for kind, labels in hidden.items():
        shown = ", ".join(labels[:5]) + (f" and {len(labels) - 5} more" if len(labels) > 5 else "")
        parts.append(f"{len(labels)} {kind.replace('_', ' ')} concept(s): {shown}")
    return ("Too many to draw at once, so the least used are left out of the drawing (the "
            "table and the inspector below still have them): " + "; ".join(parts)
            + ". Pick a filter above to see them.")


def explore_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Filters, the graph, an inspector for the clauses behind a node or edge, and a table."""
    c = corpus()
    tax = c.taxonomy
    label_langs = sorted(tax.languages)
    cols = st.columns(4)
    with cols[0]:
        labels = select("Labels in", label_langs, key=f"{key}-labels", wanted=params.get("labels"),
                        fallback="en", fmt=lambda code: f"{tax.languages[code].name} ({code})")
    fmt = labeller(c, labels)
    policies = [ALL, *sorted(c.policies)]
    with cols[1]:
        policy = select("Policy", policies, key=f"{key}-policy",
                        wanted=params.get("policy"), fallback=ALL,
                        fmt=lambda p: "All" if p == ALL else _policy_title(c, p, labels))
    langs = [ALL, *c.languages]
    with cols[2]:
        lang = select("Language version", langs, key=f"{key}-lang",
                      wanted=params.get("lang"), fallback=ALL,
                      fmt=lambda code: "All" if code == ALL else tax.languages[code].name
                      if code in tax.languages else code)
    choices = {kind: [ALL, *sorted(c.concepts_in_use(kind), key=fmt)]
               for kind in ("product", "audience", "data_category", "legal_basis")}
    with cols[3]:
        product = select("Product", choices["product"], key=f"{key}-product",
                         wanted=params.get("product"), fallback=ALL, fmt=fmt)
    picked = {}
    row = st.columns(4)
    for col, (kind, name, title) in zip(row[:3], [("audience", "audience", "Audience"),
                                                  ("data_category", "data", "Data category"),
                                                  ("legal_basis", "basis", "Legal basis")],
                                        strict=True):
        with col:
            picked[name] = select(title, choices[kind], key=f"{key}-{name}",
                                  wanted=params.get(name), fallback=ALL, fmt=fmt)
    filters = Filters(policy=None if policy == ALL else policy, lang=None if lang == ALL else lang,
                      product=None if product == ALL else product,
                      audience=None if picked["audience"] == ALL else picked["audience"],
                      data_category=None if picked["data"] == ALL else picked["data"],
                      legal_basis=None if picked["basis"] == ALL else picked["basis"])
    chosen = filter_practices(c.practices, filters)
    out = {"labels": labels, "policy": policy, "lang": lang, "product": product, **picked}
    out = {k: v for k, v in out.items() if v != ALL}
    if not chosen:
        st.info("No practice matches these filters. Set a filter back to “All” to see more.")
        return out
    with row[3]:
        highlight = _highlight_choice(c, chosen, fmt, params.get("highlight"), key)
    lit: frozenset[str] | None = None
    if highlight:
        out["highlight"] = highlight
        kind, _, concept = highlight.partition(":")
        lit = frozenset(highlighted_practices(chosen, kind, concept))
    graph = graph_for(c, chosen, labels)
    legend = " ".join(f":{_legend_colour(k)}[■] {k.replace('_', ' ')}" for k in KIND_COLOURS)
    st.caption(f"{len(chosen)} practices · {graph.number_of_nodes()} concepts · "
               f"{len(clause_cards(chosen))} clauses — {legend}"
               + (f" · paths of {escape_markdown(fmt(highlight.partition(':')[2]))} in colour"
                  if highlight else ""))
    drawn = trim_graph(graph)
    if drawn.hidden:
        st.caption(escape_markdown(_hidden_note(drawn.hidden)))
    cache_key = "|".join(f"{k}={v}" for k, v in sorted(out.items()))
    html, height = _graph_html(f"{c.fingerprint}|{cache_key}", drawn.graph, c.by_id, lit)
    st.iframe(html, height=height)
    _inspector(c, graph, chosen, labels, params.get("inspect"), key, out)
    # Keyed, with its state kept by the server: the table stays open while the
    # reader inspects nodes and edges above it.
    with st.expander(f"Table of the {len(chosen)} practices", expanded=False,
                     key=f"{key}-table-open", on_change="rerun"):
        titles = {p: _policy_title(c, p, labels) for p in c.policies}
        st.dataframe(pd.DataFrame(practice_table(chosen, tax, labels, titles)), hide_index=True,
                     key=f"{key}-table")
        cols = st.columns(4)
        cols[0].download_button("CSV (with ids)", practices_csv(chosen),
                                file_name="practices.csv", mime="text/csv", key=f"{key}-csv")
        cols[1].download_button("GraphML", graph_graphml(graph), file_name="policy-graph.graphml",
                                mime="application/xml", key=f"{key}-graphml")
        cols[2].download_button("JSON-LD (W3C DPV)", practices_jsonld(chosen, tax),
                                file_name="practices.jsonld", mime="application/ld+json",
                                key=f"{key}-jsonld")
        cols[3].download_button("fides YAML", practices_fides(chosen, tax),
                                file_name="policy-graph.fides.yaml", mime="application/x-yaml",
                                key=f"{key}-fides")
    return out


def _policy_title(c: Corpus, policy: str, lang: str) -> str:
    titles = c.policies[policy].titles if policy in c.policies else {}
    return titles.get(lang) or titles.get("en") or next(iter(titles.values()), policy)


def _highlight_choice(c: Corpus, chosen: list[Practice], fmt: Callable[[str | None], str],
                      wanted: str | None, key: str) -> str:
    """'Highlight the paths of' one product or one audience among those shown."""
    products = sorted({x for p in chosen for x in p.products}, key=fmt)
    audiences = sorted({p.audience for p in chosen}, key=fmt)
    options = ["", *(f"product:{x}" for x in products), *(f"audience:{x}" for x in audiences)]

    def show(option: str) -> str:
        if not option:
            return "Nothing: every path in colour"
        kind, _, concept = option.partition(":")
        return f"{'Product' if kind == 'product' else 'Audience'}: {fmt(concept)}"

    return select("Highlight the paths of", options, key=f"{key}-highlight", wanted=wanted,
                  fallback="", fmt=show,
                  help="Keep one product's or one audience's paths in colour; the rest fade.")


def _legend_colour(kind: str) -> str:
    return {"product": "blue", "audience": "orange", "data_category": "green",
            "purpose": "violet", "legal_basis": "red"}[kind]


def _inspector(c: Corpus, graph: nx.DiGraph, chosen: list[Practice], labels: str,
               wanted: str | None, key: str, out: dict[str, str]) -> None:
    """Pick a node or an edge; show the clauses behind it with the evidence highlighted."""
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n]["layer"], graph.nodes[n]["label"]))
    edges = sorted({(u, v) for u, v in graph.edges()},
                   key=lambda e: (graph.nodes[e[0]]["layer"], graph.nodes[e[0]]["label"],
                                  graph.nodes[e[1]]["label"]))
    options = ["", *(f"node:{n}" for n in nodes), *(f"edge:{u}>{v}" for u, v in edges)]

    def fmt(option: str) -> str:
        if not option:
            return "Choose a node or an edge…"
        kind, _, rest = option.partition(":")
        if kind == "node":
            return f"● {graph.nodes[rest]['label']} ({graph.nodes[rest]['kind'].replace('_', ' ')})"
        u, _, v = rest.partition(">")
        return f"→ {graph.nodes[u]['label']} → {graph.nodes[v]['label']}"

    choice = select("Clauses behind a node or an edge", options, key=f"{key}-inspect",
                    wanted=wanted, fallback="", fmt=fmt,
                    help="Hover in the graph for a preview; pick here to read the clauses.")
    if not choice:
        return
    out["inspect"] = choice
    kind, _, rest = choice.partition(":")
    if kind == "node":
        behind = practices_for_node(chosen, rest)
        focus = {split_node_id(rest)[1]}
    else:
        u, _, v = rest.partition(">")
        behind = practices_for_edge(graph, c.by_id, u, v)
        focus = {split_node_id(u)[1], split_node_id(v)[1]}
    cards = clause_cards(behind, focus)
    st.markdown(f"**{len(cards)} clause(s)** — the matched words are highlighted.")
    for card in cards:
        clause_card(card, c, labels)


def about_me_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Language, product and role → cards per data category with the policy's own sentence.

    Everything is in the reader's language: the widget's current value wins over the
    URL's, so labels follow a change at once."""
    c = corpus()
    tax = c.taxonomy
    ui = strings()
    langs = sorted(tax.languages)
    current = st.session_state.get(f"{key}-lang") or params.get("lang") or "en"
    shown = current if current in langs else "en"
    lang = select(ui.get("about.language", shown), langs, key=f"{key}-lang",
                  wanted=params.get("lang"), fallback="en",
                  fmt=lambda code: tax.languages[code].name)
    st.markdown(f"### {escape_markdown(ui.get('about.title', lang))}")
    st.caption(escape_markdown(ui.get("about.intro", lang)))
    fmt = labeller(c, lang)

    def ignored(value: str) -> str:
        return ui.get("about.link_ignored", lang, value=value[:40])

    products = sorted(c.concepts_in_use("product"), key=fmt)
    if not products:
        st.info(ui.get("about.none", lang))
        return {"lang": lang}
    cols = st.columns(2)
    with cols[0]:
        product = select(ui.get("about.product", lang), products, key=f"{key}-product",
                         wanted=params.get("product"), fmt=fmt, ignored=ignored)
    roles = sorted({p.audience for p in c.practices if product in p.products}, key=fmt)
    with cols[1]:
        # A list, not a dropdown: role names are long and must read whole on a phone.
        role = select(ui.get("about.role", lang), roles, key=f"{key}-role",
                      wanted=params.get("role"), fmt=fmt, radio=True, ignored=ignored)
    out = {"lang": lang, "product": product, "role": role}
    # Prefer the policy text in the reader's language; otherwise show every version.
    in_lang = any(p.lang == lang and product in p.products for p in c.practices)
    cards = about_me(c.practices, tax, product=product, audience=role, label_lang=lang,
                     policy_lang=lang if in_lang else None)
    if not cards:
        st.info(ui.get("about.none", lang))
        return out
    shown_langs = sorted({ref.split("/")[1] for card in cards for ref, _, _ in card.quotes})
    st.caption(escape_markdown(ui.get("about.source_lang", lang, langs=", ".join(
        tax.languages[x].name if x in tax.languages else x for x in shown_langs))))
    if any(card.basis_not_stated for card in cards):
        st.warning(ui.get("about.not_stated", lang), icon="⚖️")
    shown_clauses: set[str] = set()
    for card in cards:
        _about_card(card, c, ui, lang, key, shown_clauses)
    _about_bases(cards, c, ui, lang)
    _about_links(cards, c, ui, lang)
    return out


def _about_card(card: AboutMeCard, c: Corpus, ui: UiStrings, lang: str, key: str,
                shown_clauses: set[str]) -> None:
    """One card: the data, why (purposes and bases), and the policy's sentences folded,
    each sentence shown once on the page."""
    tax = c.taxonomy
    with st.container(border=True, key=f"{key}-card-{card.data_category}"):
        st.markdown(f"#### {escape_markdown(card.label)}")
        st.caption(escape_markdown(tax.get(card.data_category).describe(lang)))
        lines = []
        for line in card.purposes:
            bases = ", ".join(line.basis_labels)
            flag = " ⚠️" if "not-stated" in line.bases else ""
            basis_word = escape_markdown(ui.get("about.basis", lang))
            lines.append(f"- **{escape_markdown(line.label)}** — {basis_word}: "
                         f"{escape_markdown(bases)}{flag}")
        st.markdown(f"**{escape_markdown(ui.get('about.why', lang))}**\n\n" + "\n".join(lines))
        behind = [c.by_id[i] for i in card.practices if i in c.by_id]
        clauses = [cl for cl in clause_cards(behind, {card.data_category}) if cl.text not in shown_clauses]
        if not clauses:
            return
        with st.expander(ui.get("about.read_quote", lang)):
            for clause in clauses:
                shown_clauses.add(clause.text)
                policy_text(clause.text, clause.highlights, clause.lang, c, quote=True)
                caption = clause.ref
                if clause.gloss and lang != clause.lang:
                    caption += f" · {ui.get('about.gloss', lang)}: {clause.gloss}"
                st.caption(escape_markdown(caption))


def _about_bases(cards: list[AboutMeCard], c: Corpus, ui: UiStrings, lang: str) -> None:
    """Each purpose and legal basis on the page, explained in plain words."""
    tax = c.taxonomy
    purposes = list(dict.fromkeys(line.purpose for card in cards for line in card.purposes))
    bases = list(dict.fromkeys(b for card in cards for line in card.purposes for b in line.bases))
    if not bases:
        return
    with st.expander(ui.get("about.basis_means", lang)):
        st.markdown("\n".join(f"- **{escape_markdown(tax.label(b, lang))}**: "
                               f"{escape_markdown(tax.get(b).describe(lang))}" for b in bases))
        st.markdown(f"**{escape_markdown(ui.get('about.why', lang))}**\n\n" + "\n".join(
            f"- **{escape_markdown(tax.label(p, lang))}**: {escape_markdown(tax.get(p).describe(lang))}"
            for p in purposes))


def _about_links(cards: list[AboutMeCard], c: Corpus, ui: UiStrings, lang: str) -> None:
    """Links to the published policies and the global policy, and whom to ask."""
    policies = dict.fromkeys(ref.split("/")[0] for card in cards for ref, _, _ in card.quotes)
    links: list[tuple[str, str]] = []
    for policy_id in policies:
        meta = c.policies.get(policy_id)
        if meta is None:
            continue
        for label_key, urls in (("about.published", meta.source_urls),
                                ("about.global", meta.global_policy_urls)):
            url = urls.get(lang) or urls.get("en") or next(iter(urls.values()), None)
            if url and (label_key, url) not in [(k, u) for k, u in links]:
                links.append((label_key, url))
    for label_key, url in links:
        st.link_button(ui.get(label_key, lang), url)
    contact = contact_line() or ui.get("about.contact_default", lang)
    st.caption(escape_markdown(ui.get("about.contact", lang, contact=contact)))


COMPARE_PARAMS = ("mode", "policy", "a", "b")
SEARCH_PARAMS = ("q", "lang", "policy", "product", "audience")
QUESTION_PARAMS = ("q",)
COMPARE_MODES = {"versions": "Two language versions of a policy",
                 "policies": "Two policies (concept level)",
                 "products": "Two products", "audiences": "Two audiences"}
SCOPE_STATUS = {"other_basis": "other basis", "only_a": "only in A", "only_b": "only in B",
                "same": "same"}
STATUS_BADGE = {"same": "✅ same", "differs": "⚠️ differs", "aligned": "↔️ aligned",
                "projected": "📥 projected",
                "only_a": "❌ only in A", "only_b": "❌ only in B"}


def compare_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Compare language versions clause by clause, policies by concept, or products/audiences.
    Without a mode in ``params`` it opens on a comparison the data supports
    (two versions of one policy when a policy has two, else two policies)."""
    c = corpus()
    modes = list(COMPARE_MODES)
    opening = default_comparison(c)
    mode = st.radio("Compare", modes, key=f"{key}-mode", horizontal=True,
                    index=modes.index(pick(params.get("mode"), modes,
                                           opening.get("mode", "versions"))[0]),
                    format_func=COMPARE_MODES.__getitem__)
    if mode == "versions":
        return {"mode": mode, **_compare_versions(c, params, key)}
    if mode == "policies":
        return {"mode": mode, **_compare_policies(c, params, key)}
    return {"mode": mode, **_compare_scopes(c, params, key, mode)}


def _lang_name(c: Corpus, code: str) -> str:
    return f"{c.taxonomy.languages[code].name} ({code})" if code in c.taxonomy.languages else code


def _version_name(c: Corpus, version: str) -> str:
    """'policy/lang' as a reader knows it: the policy's title and the language."""
    policy, _, lang = version.partition("/")
    return f"{_policy_title(c, policy, 'en')} — {_lang_name(c, lang)}"


def _ref_namer(c: Corpus) -> Callable[[str], str]:
    """Clause refs as 'vi s1.3' (the policy's title too where two policies share a language)."""
    shared = {lang for lang in c.languages if sum(lg == lang for _, lg in c.versions) > 1}

    def name(ref: str) -> str:
        policy, lang, clause = [*ref.split("/", 2), "", ""][:3]
        prefix = f"{_policy_title(c, policy, 'en')} · " if lang in shared else ""
        return f"{prefix}{lang} {clause}"
    return name


def _side_by_side(c: Corpus, left: list[Practice], right: list[Practice], titles: tuple[str, str],
                  focus: set[str]) -> None:
    """The clauses behind one row: A on the left, B on the right."""
    for col, behind, title in zip(st.columns(2), (left, right), titles, strict=True):
        with col:
            st.markdown(f"**{escape_markdown(title)}**")
            cards = clause_cards(behind, focus)
            if not cards:
                st.markdown("*— no clause on this side —*")
            for card in cards:
                clause_card(card, c, "en")


def _row_picker(c: Corpus, rows: list[tuple[str, str]], key: str) -> tuple[str, str] | None:
    """'Read the clauses behind a row': every row of the table can be opened."""
    fmt = labeller(c, "en")
    options = ["", *(f"{d}|{p}" for d, p in rows)]
    chosen = st.selectbox("Read the clauses behind a row", options, key=key,
                          format_func=lambda o: "Choose a row…" if not o else
                          " → ".join(fmt(x) for x in o.split("|")),
                          help="The clauses of side A and side B, side by side.")
    if not chosen:
        return None
    d, _, p = chosen.partition("|")
    return d, p


def _compare_versions(c: Corpus, params: Mapping[str, str], key: str) -> dict[str, str]:
    policies = sorted(c.policies)
    if not policies:
        st.info("No policy is loaded.")
        return {}
    opening = default_comparison(c, "versions")
    cols = st.columns(3)
    with cols[0]:
        policy = select("Policy", policies, key=f"{key}-policy",
                        wanted=params.get("policy"), fallback=opening.get("policy", policies[0]),
                        fmt=lambda p: _policy_title(c, p, "en"))
    langs = sorted(lang for pol, lang in c.versions if pol == policy)
    if len(langs) < 2:
        st.info(f"“{_policy_title(c, policy, 'en')}” has only one language version in the corpus "
                f"({', '.join(langs) or 'none'}). Add another one on the *Add a policy* page "
                f"(or `policy-graph add FILE --policy {policy}`) to compare versions; meanwhile "
                "compare two policies at the concept level above.")
        return {"policy": policy}
    with cols[1]:
        a = select("Version A", langs, key=f"{key}-a",
                   wanted=params.get("a"), fallback=langs[0], fmt=lambda x: _lang_name(c, x))
    with cols[2]:
        b = select("Version B", langs, key=f"{key}-b",
                   wanted=params.get("b"), fallback=langs[1], fmt=lambda x: _lang_name(c, x))
    result = align_versions(c, policy, a, b)
    for lang in result.unchecked_langs:
        version = c.version(policy, lang)
        st.info(f"“{lang}” has no language file yet: it was segmented by layout and "
                f"aligned to the {version.reference_lang if version else '?'} version by position, "
                "shared names and numbers, parentheses and length. Where that version is reviewed, "
                "its concepts are carried over (“projected”) but not checked; add "
                f"`data/languages/{lang}.yaml` to check them.", icon="ℹ️")
    m = st.columns(3)
    m[0].metric("Aligned", result.aligned)
    m[1].metric("Differing", result.differing)
    m[2].metric("Missing", result.missing)
    findings = result.findings()
    if findings:
        st.markdown("**To read** (legal bases first)")
        fmt = labeller(c, "en")
        lines = []
        for topic, row, diff in findings:
            if diff is None:
                side = a if row.status == "only_a" else b
                lines.append(f"- clause {escape_markdown(row.ref)}: only in **{side}**")
            else:
                lines.append(f"- {escape_markdown(row.ref)} · {topic.replace('_', ' ')}: "
                             f"{a} has {escape_markdown(', '.join(map(fmt, diff.only_a)) or '—')}; "
                             f"{b} has {escape_markdown(', '.join(map(fmt, diff.only_b)) or '—')}")
        st.markdown("\n".join(lines))
    else:
        st.success("The two versions say the same thing, clause by clause.")
    for row in result.rows:
        with st.container(border=True):
            st.caption(f"{STATUS_BADGE[row.status]} · {escape_markdown(row.ref)} · "
                       f"{escape_markdown(c.taxonomy.label(row.audience, 'en'))}")
            left, right = st.columns(2)
            for col, clause, gloss, concepts in ((left, row.a, row.gloss_a, row.concepts_a),
                                                 (right, row.b, row.gloss_b, row.concepts_b)):
                with col:
                    if clause is None:
                        st.markdown("*— no corresponding clause —*")
                        continue
                    st.markdown(escape_markdown(clause.text))
                    if gloss:
                        st.caption(f"EN: {escape_markdown(gloss)}")
                    st.caption(escape_markdown(" · ".join(
                        c.taxonomy.label(i, "en") for k in ("data_category", "purpose", "legal_basis")
                        for i in concepts.get(k, []))))
    return {"policy": policy, "a": a, "b": b}


def _compare_policies(c: Corpus, params: Mapping[str, str], key: str) -> dict[str, str]:
    versions = [f"{p}/{lang}" for p, lang in sorted(c.versions)]
    if len(versions) < 2:
        st.info("Two policy versions are needed.")
        return {}
    opening = default_comparison(c, "policies")
    cols = st.columns(2)
    with cols[0]:
        a = select("A", versions, key=f"{key}-pa", wanted=params.get("a"),
                   fallback=opening.get("a", versions[0]), fmt=lambda v: _version_name(c, v))
    with cols[1]:
        b = select("B", versions, key=f"{key}-pb", wanted=params.get("b"),
                   fallback=opening.get("b", versions[1]), fmt=lambda v: _version_name(c, v))
    pa, la = a.split("/", 1)
    pb, lb = b.split("/", 1)
    cmp = compare_concepts(c, (pa, la), (pb, lb))
    m = st.columns(4)
    m[0].metric("Same", len(cmp.same))
    m[1].metric("Other basis", len(cmp.other_basis))
    m[2].metric("Only in A", len(cmp.only_a))
    m[3].metric("Only in B", len(cmp.only_b))
    fmt = labeller(c, "en")
    rows = ([("other basis", d, p) for d, p, _, _ in cmp.other_basis]
            + [("only in A", d, p) for d, p in cmp.only_a]
            + [("only in B", d, p) for d, p in cmp.only_b]
            + [("same", d, p) for d, p, _ in cmp.same])

    def clauses(refs: list[str], version: str) -> str:
        return ", ".join(r.rsplit("/", 1)[1] for r in refs if r.startswith(version + "/"))

    frame = pd.DataFrame([{
        "status": s, "data category": fmt(d), "purpose": fmt(p),
        "basis in A": ", ".join(map(fmt, cmp.bases[(d, p)][0])) or "—",
        "basis in B": ", ".join(map(fmt, cmp.bases[(d, p)][1])) or "—",
        "clauses in A": clauses(cmp.refs[(d, p)], a), "clauses in B": clauses(cmp.refs[(d, p)], b),
    } for s, d, p in rows])
    st.dataframe(frame, hide_index=True, key=f"{key}-cmp-table")
    picked = _row_picker(c, [(d, p) for _, d, p in rows], f"{key}-cmp-row")
    if picked:
        left, right = row_sides(c.practices, "version", a, b, *picked)
        _side_by_side(c, left, right, (f"A: {_version_name(c, a)}", f"B: {_version_name(c, b)}"),
                      set(picked))
    return {"a": a, "b": b}


def _compare_scopes(c: Corpus, params: Mapping[str, str], key: str, mode: str) -> dict[str, str]:
    kind: Literal["product", "audience"] = "product" if mode == "products" else "audience"
    fmt = labeller(c, "en")
    options = sorted(c.concepts_in_use(kind), key=fmt)
    if len(options) < 2:
        st.info(f"Two {mode} are needed.")
        return {}
    cols = st.columns(2)
    with cols[0]:
        a = select("A", options, key=f"{key}-sa", wanted=params.get("a"), fallback=options[0],
                   fmt=fmt)
    with cols[1]:
        b = select("B", options, key=f"{key}-sb", wanted=params.get("b"), fallback=options[-1],
                   fmt=fmt)
    rows = diff_scopes(c.practices, kind, a, b)
    counts = {s: sum(r.status == s for r in rows) for s in ("other_basis", "only_a", "only_b", "same")}
    m = st.columns(4)
    for col, (status, n) in zip(m, counts.items(), strict=True):
        col.metric(SCOPE_STATUS[status], n)
    ref = _ref_namer(c)
    frame = pd.DataFrame([{"status": SCOPE_STATUS[r.status], "data category": fmt(r.data_category),
                           "purpose": fmt(r.purpose),
                           "basis in A": ", ".join(map(fmt, r.bases_a)) or "—",
                           "basis in B": ", ".join(map(fmt, r.bases_b)) or "—",
                           "clauses": ", ".join(map(ref, r.clauses))}
                          for r in rows])
    st.dataframe(frame, hide_index=True, key=f"{key}-diff-table")
    picked = _row_picker(c, [(r.data_category, r.purpose) for r in rows], f"{key}-diff-row")
    if picked:
        left, right = row_sides(c.practices, kind, a, b, *picked)
        _side_by_side(c, left, right, (f"A: {fmt(a)}", f"B: {fmt(b)}"), set(picked))
    with st.expander("Matrix: data category × purpose (which products / audiences)"):
        show: Literal["products", "audiences", "bases"] = st.radio(
            "Cells list", ["products", "audiences", "bases"], horizontal=True,
            key=f"{key}-matrix-show")
        st.dataframe(matrix_frame(concept_matrix(c.practices), c.taxonomy, "en", show),
                     key=f"{key}-matrix")
        st.caption("Data category × legal basis (which products):")
        st.dataframe(matrix_frame(concept_matrix(c.practices, "data_category", "legal_basis"),
                                  c.taxonomy, "en", "products"), key=f"{key}-matrix-basis")
    return {"a": a, "b": b}


def search_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Full-text search: every word must match, "quotes" for phrases, case- and
    diacritic-insensitive, ranked, highlighted, filtered by policy, language
    version, product and audience."""
    c = corpus()
    query = st.text_input("Search clauses, glosses and concept labels", key=f"{key}-q",
                          value=params.get("q", "")[:MAX_PARAM_CHARS], max_chars=MAX_PARAM_CHARS,
                          placeholder="e.g. thanh toan, betaling, \"legitimate interests\"",
                          help="Every word must match (a word also finds longer words it "
                               "starts); put words in \"quotes\" to find them side by side. "
                               "Accents and case do not matter.")
    fmt = labeller(c, "en")
    cols = st.columns(4)
    with cols[0]:
        policy = select("Policy", ["", *sorted(c.policies)], key=f"{key}-policy",
                        wanted=params.get("policy"), fallback="",
                        fmt=lambda p: "All" if not p else _policy_title(c, p, "en"))
    with cols[1]:
        lang = select("Language version", ["", *c.languages], key=f"{key}-lang",
                      wanted=params.get("lang"), fallback="",
                      fmt=lambda x: "All" if not x else _lang_name(c, x))
    with cols[2]:
        product = select("Product", ["", *sorted(c.concepts_in_use("product"), key=fmt)],
                         key=f"{key}-product", wanted=params.get("product"), fallback="",
                         fmt=lambda x: "All" if not x else fmt(x))
    with cols[3]:
        audience = select("Audience", ["", *sorted(c.concepts_in_use("audience"), key=fmt)],
                          key=f"{key}-audience", wanted=params.get("audience"), fallback="",
                          fmt=lambda x: "All" if not x else fmt(x))
    filters = {"policy": policy, "lang": lang, "product": product, "audience": audience}
    out = {"q": query, **{k: v for k, v in filters.items() if v}}
    if not query.strip():
        st.caption("Type a word in any language; accents and case do not matter. Every word "
                   "must match; \"quoted words\" must stand together.")
        return out
    hits = search(c, query, **{k: v or None for k, v in filters.items()})
    if not hits:
        shown = query if len(query) <= 60 else query[:57] + "…"
        reason = no_match_reason(c, query, filtered=any(filters.values()))
        st.info(f"No clause matches “{escape_markdown(shown)}”. {escape_markdown(reason)}",
                icon="🔎")
        return out
    st.caption(f"{len(hits)} clause(s)")
    for hit in hits:
        with st.container(border=True):
            st.caption(f"{escape_markdown(hit.ref)} · score {hit.score:.2f} · "
                       f"matched in {', '.join(hit.matched_in)}")
            policy_text(hit.text, hit.text_highlights, hit.lang, c)
            if hit.gloss:
                st.caption("EN: " + escape_markdown(hit.gloss))
            st.caption(escape_markdown(" · ".join(fmt(i) for k in ("data_category", "purpose",
                                                                   "legal_basis")
                                                  for i in hit.concepts.get(k, []))))
    return out


EXAMPLE_QUESTIONS = ["What do you use my payment information for?",
                     "Hva bruker dere betalingsopplysningene mine til?",
                     "Các bạn dùng thông tin thanh toán của tôi để làm gì?",
                     "Do you track my phone's location?",
                     "On what legal basis do you read my calendar?",
                     "Do you sell my data?"]


def question_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """A question in plain words (any language with a question lexicon), answered only
    from the practices; quotes in the question's language first, each sentence once."""
    c = corpus()
    question = st.text_input("Ask a question about the policies", key=f"{key}-q",
                             value=params.get("q", "")[:MAX_PARAM_CHARS],
                             max_chars=MAX_PARAM_CHARS, placeholder=EXAMPLE_QUESTIONS[0])
    if not question.strip():
        st.caption("For example: " + " · ".join(f"“{q}”" for q in EXAMPLE_QUESTIONS))
        return {"q": question}
    answer = ask(c, question)
    lang = answer.lang or answer.detected or "en"
    fmt = labeller(c, lang)
    if answer.recognised and not answer.unsupported_language:
        st.caption("Recognised: " + escape_markdown(" · ".join(
            f"{k.replace('_', ' ')}: {', '.join(map(fmt, ids))}" for k, ids in answer.recognised.items())))
    if answer.unsupported_language:
        st.warning(answer.summary, icon="🌐")
    elif answer.not_mentioned:
        st.warning(answer.summary, icon="🔎")
        if answer.quotes:
            st.markdown("**The nearest related practices, in the policies' own words**")
        for card in answer.quotes:
            _quote(card, c, lang)
        _nearest(answer.nearest, c)
    elif answer.answered:
        st.success(answer.summary, icon="💬")
        if any(b == "not-stated" for ln in answer.lines for p in ln.purposes for b in p.bases):
            st.warning("Part of this has no legal basis stated in the policy: the global privacy "
                       "policy governs it.", icon="⚖️")
        for card in answer.quotes:
            _quote(card, c, lang)
    else:
        st.info(answer.summary, icon="🤷")
        _nearest(answer.nearest, c)
    return {"q": question}


def _quote(card: ClauseCard, c: Corpus, lang: str) -> None:
    """A quoted clause; a sentence the policy repeats elsewhere is shown once, with where."""
    clause_card(card, c, lang)
    if card.same_text:
        st.caption("The same sentence is also " + ", ".join(
            escape_markdown(ref) for ref in card.same_text) + ".")


def _nearest(hits: list[SearchHit], c: Corpus) -> None:
    for hit in hits:
        with st.container(border=True):
            st.caption(f"nearest · {escape_markdown(hit.ref)}")
            policy_text(hit.text, hit.text_highlights, hit.lang, c)


VIEWS = {"graph": explore_view, "about_me": about_me_view, "compare": compare_view,
         "search": search_view, "question": question_view, "quiz": quiz_view}
