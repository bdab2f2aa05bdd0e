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
from policy_graph.markup import escape_markdown, escape_message
from policy_graph.matrix import concept_matrix, diff_scopes, matrix_frame, shown_refs
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

from .common import (
    ALL,
    clause_card,
    corpus,
    graph_for,
    labeller,
    policy_text,
    select,
    strings,
    tr,
    tr_md,
    ui_lang,
)
from .quiz_view import quiz_view

EAGER_TABLE_ROWS = 2_000  # above this, the practice table is built only while it is open
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
        shown = ", ".join(labels[:5])
        if len(labels) > 5:
            shown = tr("explore.and_more", shown=shown, n=len(labels) - 5)
        parts.append(tr("explore.hidden_kind", n=len(labels), kind=tr(f"common.kind.{kind}"),
                        shown=shown))
    return tr("explore.hidden", parts="; ".join(parts))


def explore_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Filters, the graph, an inspector for the clauses behind a node or edge, and a table."""
    c = corpus()
    tax = c.taxonomy
    label_langs = sorted(tax.languages)
    cols = st.columns(4)
    with cols[0]:
        labels = select(tr("explore.labels"), label_langs, key=f"{key}-labels",
                        wanted=params.get("labels"),
                        fallback=ui_lang() if ui_lang() in label_langs else "en",
                        fmt=lambda code: f"{tax.languages[code].name} ({code})")
    fmt = labeller(c, labels)
    policies = [ALL, *sorted(c.policies)]
    with cols[1]:
        policy = select(tr("common.policy"), policies, key=f"{key}-policy",
                        wanted=params.get("policy"), fallback=ALL,
                        fmt=lambda p: fmt(ALL) if p == ALL else _policy_title(c, p, labels))
    langs = [ALL, *c.languages]
    with cols[2]:
        lang = select(tr("common.language_version"), langs, key=f"{key}-lang",
                      wanted=params.get("lang"), fallback=ALL,
                      fmt=lambda code: fmt(ALL) if code == ALL else tax.languages[code].name
                      if code in tax.languages else code)
    choices = {kind: [ALL, *sorted(c.concepts_in_use(kind), key=fmt)]
               for kind in ("product", "audience", "data_category", "legal_basis")}
    with cols[3]:
        product = select(tr("common.product"), choices["product"], key=f"{key}-product",
                         wanted=params.get("product"), fallback=ALL, fmt=fmt)
    picked = {}
    row = st.columns(4)
    for col, (kind, name, title) in zip(row[:3], [("audience", "audience", tr("common.audience")),
                                                  ("data_category", "data", tr("common.data_category")),
                                                  ("legal_basis", "basis", tr("common.legal_basis"))],
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
        st.info(tr_md("explore.no_match"))
        return out
    graph = graph_for(c, chosen, labels, repr(filters))
    with row[3]:
        highlight = _highlight_choice(c, graph, fmt, params.get("highlight"), key)
    lit: frozenset[str] | None = None
    if highlight:
        out["highlight"] = highlight
        kind, _, concept = highlight.partition(":")
        lit = frozenset(highlighted_practices(chosen, kind, concept))
    legend = " ".join(f":{_legend_colour(k)}[■] {escape_markdown(tr(f'common.kind.{k}'))}"
                      for k in KIND_COLOURS)
    clauses = graph.graph["clause_count"]
    st.caption(tr_md("explore.counts", practices=str(len(chosen)),
                     concepts=str(graph.number_of_nodes()), clauses=str(clauses))
               + f" — {legend}"
               + (" · " + tr_md("explore.paths_of",
                                name=escape_markdown(fmt(highlight.partition(':')[2])))
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
    table = st.expander(tr("explore.table", n=len(chosen)), expanded=False,
                        key=f"{key}-table-open", on_change="rerun")
    with table:
        # A large table is built only while it is open (opening it reruns the page).
        if table.open or len(chosen) <= EAGER_TABLE_ROWS:
            titles = {p: _policy_title(c, p, labels) for p in c.policies}
            st.dataframe(pd.DataFrame(practice_table(chosen, tax, labels, titles)),
                         hide_index=True, key=f"{key}-table")
        # Exports are made when a button is clicked, not on every run of the page.
        cols = st.columns(4)
        cols[0].download_button(tr("explore.csv"), lambda: practices_csv(chosen),
                                file_name="practices.csv", mime="text/csv", key=f"{key}-csv")
        cols[1].download_button("GraphML", lambda: graph_graphml(graph),
                                file_name="policy-graph.graphml", mime="application/xml",
                                key=f"{key}-graphml")
        cols[2].download_button("JSON-LD (W3C DPV)", lambda: practices_jsonld(chosen, tax),
                                file_name="practices.jsonld", mime="application/ld+json",
                                key=f"{key}-jsonld")
        cols[3].download_button("fides YAML", lambda: practices_fides(chosen, tax),
                                file_name="policy-graph.fides.yaml", mime="application/x-yaml",
                                key=f"{key}-fides")
    return out


def _policy_title(c: Corpus, policy: str, lang: str) -> str:
    titles = c.policies[policy].titles if policy in c.policies else {}
    return titles.get(lang) or titles.get("en") or next(iter(titles.values()), policy)


def _highlight_choice(c: Corpus, graph: nx.DiGraph, fmt: Callable[[str | None], str],
                      wanted: str | None, key: str) -> str:
    """'Highlight the paths of' one product or one audience among those shown (the
    graph of the chosen practices has a node for each)."""
    shown = [split_node_id(n) for n in graph.nodes]
    products = sorted((x for kind, x in shown if kind == "product"), key=fmt)
    audiences = sorted((x for kind, x in shown if kind == "audience"), key=fmt)
    options = ["", *(f"product:{x}" for x in products), *(f"audience:{x}" for x in audiences)]

    # Words are looked up now: a format_func may be called outside the script run.
    nothing, kinds = tr("explore.highlight_none"), {"product": tr("common.product"),
                                                    "audience": tr("common.audience")}

    def show(option: str) -> str:
        if not option:
            return nothing
        kind, _, concept = option.partition(":")
        return f"{kinds.get(kind, kind)}: {fmt(concept)}"

    return select(tr("explore.highlight"), options, key=f"{key}-highlight", wanted=wanted,
                  fallback="", fmt=show, help=tr("explore.highlight_help"))


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

    pick_one, kinds = tr("explore.inspect_pick"), {k: tr(f"common.kind.{k}") for k in KIND_COLOURS}

    def fmt(option: str) -> str:
        if not option:
            return pick_one
        kind, _, rest = option.partition(":")
        if kind == "node":
            return f"● {graph.nodes[rest]['label']} ({kinds.get(graph.nodes[rest]['kind'], '')})"
        u, _, v = rest.partition(">")
        return f"→ {graph.nodes[u]['label']} → {graph.nodes[v]['label']}"

    choice = select(tr("explore.inspect"), options, key=f"{key}-inspect",
                    wanted=wanted, fallback="", fmt=fmt, help=tr("explore.inspect_help"))
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
    st.markdown(f"**{tr_md('common.clauses', n=str(len(cards)))}** — {tr_md('explore.highlighted')}")
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
    # Staff pages open on the interface language; members (no picker) on English.
    start = ui_lang() if ui_lang() in langs else "en"
    current = st.session_state.get(f"{key}-lang") or params.get("lang") or start
    shown = current if current in langs else start
    lang = select(ui.get("about.language", shown), langs, key=f"{key}-lang",
                  wanted=params.get("lang"), fallback=start,
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
    roles = sorted({combo.audience for combo in c.practices.combos() if product in combo.products},
                   key=fmt)
    with cols[1]:
        # A list, not a dropdown: role names are long and must read whole on a phone.
        role = select(ui.get("about.role", lang), roles, key=f"{key}-role",
                      wanted=params.get("role"), fmt=fmt, radio=True, ignored=ignored)
    out = {"lang": lang, "product": product, "role": role}
    # Prefer the policy text in the reader's language; otherwise show every version.
    in_lang = bool(c.practices.select(Filters(product=product, lang=lang)))
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
COMPARE_MODES = ("versions", "policies", "products", "audiences")  # compare.mode.<mode>
STATUS_ICON = {"same": "✅", "differs": "⚠️", "aligned": "↔️", "projected": "📥",
               "only_a": "❌", "only_b": "❌"}  # words: compare.status.<status>


def compare_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Compare language versions clause by clause, policies by concept, or products/audiences.
    Without a mode in ``params`` it opens on a comparison the data supports
    (two versions of one policy when a policy has two, else two policies)."""
    c = corpus()
    modes = list(COMPARE_MODES)
    opening = default_comparison(c)
    mode = st.radio(tr("compare.mode"), modes, key=f"{key}-mode", horizontal=True,
                    index=modes.index(pick(params.get("mode"), modes,
                                           opening.get("mode", "versions"))[0]),
                    format_func={m: tr(f"compare.mode.{m}") for m in modes}.__getitem__)
    if mode == "versions":
        return {"mode": mode, **_compare_versions(c, params, key)}
    if mode == "policies":
        return {"mode": mode, **_compare_policies(c, params, key)}
    return {"mode": mode, **_compare_scopes(c, params, key, mode)}


def _lang_name(c: Corpus, code: str) -> str:
    return f"{c.taxonomy.languages[code].name} ({code})" if code in c.taxonomy.languages else code


def _version_name(c: Corpus, version: str, ui: str) -> str:
    """'policy/lang' as a reader knows it: the policy's title (in ``ui``) and the language."""
    policy, _, lang = version.partition("/")
    return f"{_policy_title(c, policy, ui)} — {_lang_name(c, lang)}"


def _ref_namer(c: Corpus) -> Callable[[str], str]:
    """Clause refs as 'vi s1.3' (the policy's title too where two policies share a language)."""
    shared = {lang for lang in c.languages if sum(lg == lang for _, lg in c.versions) > 1}
    ui = ui_lang()

    def name(ref: str) -> str:
        policy, lang, clause = [*ref.split("/", 2), "", ""][:3]
        prefix = f"{_policy_title(c, policy, ui)} · " if lang in shared else ""
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
                st.markdown(f"*{tr_md('compare.no_side')}*")
            for card in cards:
                clause_card(card, c, ui_lang())


def _row_picker(c: Corpus, rows: list[tuple[str, str]], key: str) -> tuple[str, str] | None:
    """'Read the clauses behind a row': every row of the table can be opened."""
    fmt = labeller(c, ui_lang())
    options = ["", *(f"{d}|{p}" for d, p in rows)]
    choose = tr("compare.row_choose")
    chosen = st.selectbox(tr("compare.row_pick"), options, key=key,
                          format_func=lambda o: choose if not o else
                          " → ".join(fmt(x) for x in o.split("|")),
                          help=tr("compare.row_help"))
    if not chosen:
        return None
    d, _, p = chosen.partition("|")
    return d, p


def _compare_versions(c: Corpus, params: Mapping[str, str], key: str) -> dict[str, str]:
    policies = sorted(c.policies)
    if not policies:
        st.info(tr_md("review.none"))
        return {}
    opening = default_comparison(c, "versions")
    ui = ui_lang()
    cols = st.columns(3)
    with cols[0]:
        policy = select(tr("common.policy"), policies, key=f"{key}-policy",
                        wanted=params.get("policy"), fallback=opening.get("policy", policies[0]),
                        fmt=lambda p: _policy_title(c, p, ui))
    langs = sorted(lang for pol, lang in c.versions if pol == policy)
    if len(langs) < 2:
        st.info(tr_md("compare.one_version", title=escape_message(_policy_title(c, policy, ui)),
                      langs=escape_markdown(", ".join(langs)) or tr_md("compare.no_versions"),
                      page=f"*{escape_markdown(tr('nav.add'))}*",
                      command=f"`policy-graph add FILE --policy {policy}`"))
        return {"policy": policy}
    with cols[1]:
        a = select(tr("compare.version_a"), langs, key=f"{key}-a",
                   wanted=params.get("a"), fallback=langs[0], fmt=lambda x: _lang_name(c, x))
    with cols[2]:
        b = select(tr("compare.version_b"), langs, key=f"{key}-b",
                   wanted=params.get("b"), fallback=langs[1], fmt=lambda x: _lang_name(c, x))
    result = align_versions(c, policy, a, b)
    for lang in result.unchecked_langs:
        version = c.version(policy, lang)
        st.info(tr_md("compare.no_file", lang=escape_markdown(lang),
                      ref=escape_markdown((version.reference_lang if version else None) or "?"),
                      file=f"`data/languages/{lang}.yaml`"), icon="ℹ️")
    m = st.columns(3)
    m[0].metric(tr("compare.metric.aligned"), result.aligned)
    m[1].metric(tr("compare.metric.differing"), result.differing)
    m[2].metric(tr("compare.metric.missing"), result.missing)
    findings = result.findings()
    if findings:
        st.markdown(f"**{tr_md('compare.to_read')}** {tr_md('compare.to_read_note')}")
        fmt = labeller(c, ui)
        lines = []
        for topic, row, diff in findings:
            if diff is None:
                side = a if row.status == "only_a" else b
                lines.append("- " + tr_md("compare.only_in", ref=escape_markdown(row.ref),
                                          side=f"**{escape_markdown(side)}**"))
            else:
                lines.append("- " + tr_md(
                    "compare.has", ref=escape_markdown(row.ref),
                    topic=escape_markdown(tr(f"common.kind.{topic}")),
                    a=escape_markdown(a), only_a=escape_markdown(", ".join(map(fmt, diff.only_a)) or "—"),
                    b=escape_markdown(b), only_b=escape_markdown(", ".join(map(fmt, diff.only_b)) or "—")))
        st.markdown("\n".join(lines))
    else:
        st.success(tr_md("compare.same_all"))
    for row in result.rows:
        with st.container(border=True):
            st.caption(f"{STATUS_ICON[row.status]} {escape_markdown(tr(f'compare.status.{row.status}'))}"
                       f" · {escape_markdown(row.ref)} · "
                       f"{escape_markdown(c.taxonomy.label(row.audience, ui))}")
            left, right = st.columns(2)
            for col, clause, gloss, concepts in ((left, row.a, row.gloss_a, row.concepts_a),
                                                 (right, row.b, row.gloss_b, row.concepts_b)):
                with col:
                    if clause is None:
                        st.markdown(f"*{tr_md('review.no_clause')}*")
                        continue
                    st.markdown(escape_markdown(clause.text))
                    if gloss:
                        st.caption(f"EN: {escape_markdown(gloss)}")
                    st.caption(escape_markdown(" · ".join(
                        c.taxonomy.label(i, ui) for k in ("data_category", "purpose", "legal_basis")
                        for i in concepts.get(k, []))))
    return {"policy": policy, "a": a, "b": b}


def _compare_policies(c: Corpus, params: Mapping[str, str], key: str) -> dict[str, str]:
    versions = [f"{p}/{lang}" for p, lang in sorted(c.versions)]
    if len(versions) < 2:
        st.info(tr_md("compare.need_versions"))
        return {}
    opening = default_comparison(c, "policies")
    ui = ui_lang()
    cols = st.columns(2)
    with cols[0]:
        a = select("A", versions, key=f"{key}-pa", wanted=params.get("a"),
                   fallback=opening.get("a", versions[0]), fmt=lambda v: _version_name(c, v, ui))
    with cols[1]:
        b = select("B", versions, key=f"{key}-pb", wanted=params.get("b"),
                   fallback=opening.get("b", versions[1]), fmt=lambda v: _version_name(c, v, ui))
    pa, la = a.split("/", 1)
    pb, lb = b.split("/", 1)
    cmp = compare_concepts(c, (pa, la), (pb, lb))
    m = st.columns(4)
    m[0].metric(tr("compare.metric.same"), len(cmp.same))
    m[1].metric(tr("compare.metric.other_basis"), len(cmp.other_basis))
    m[2].metric(tr("compare.metric.only_a"), len(cmp.only_a))
    m[3].metric(tr("compare.metric.only_b"), len(cmp.only_b))
    fmt = labeller(c, ui_lang())
    rows = ([("other_basis", d, p) for d, p, _, _ in cmp.other_basis]
            + [("only_a", d, p) for d, p in cmp.only_a]
            + [("only_b", d, p) for d, p in cmp.only_b]
            + [("same", d, p) for d, p, _ in cmp.same])

    def clauses(refs: list[str], version: str) -> str:
        return ", ".join(r.rsplit("/", 1)[1] for r in refs if r.startswith(version + "/"))

    frame = pd.DataFrame([{
        tr("compare.col.status"): tr(f"compare.status.{s}"),
        tr("common.kind.data_category"): fmt(d), tr("common.kind.purpose"): fmt(p),
        tr("compare.col.basis_a"): ", ".join(map(fmt, cmp.bases[(d, p)][0])) or "—",
        tr("compare.col.basis_b"): ", ".join(map(fmt, cmp.bases[(d, p)][1])) or "—",
        tr("compare.col.clauses_a"): clauses(cmp.refs[(d, p)], a),
        tr("compare.col.clauses_b"): clauses(cmp.refs[(d, p)], b),
    } for s, d, p in rows])
    st.dataframe(frame, hide_index=True, key=f"{key}-cmp-table")
    picked = _row_picker(c, [(d, p) for _, d, p in rows], f"{key}-cmp-row")
    if picked:
        left, right = row_sides(c.practices, "version", a, b, *picked)
        _side_by_side(c, left, right, (f"A: {_version_name(c, a, ui)}", f"B: {_version_name(c, b, ui)}"),
                      set(picked))
    return {"a": a, "b": b}


def _compare_scopes(c: Corpus, params: Mapping[str, str], key: str, mode: str) -> dict[str, str]:
    kind: Literal["product", "audience"] = "product" if mode == "products" else "audience"
    fmt = labeller(c, ui_lang())
    options = sorted(c.concepts_in_use(kind), key=fmt)
    if len(options) < 2:
        st.info(tr_md(f"compare.need_{mode}"))
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
        col.metric(tr(f"compare.status.{status}"), n)
    ref = _ref_namer(c)
    frame = pd.DataFrame([{tr("compare.col.status"): tr(f"compare.status.{r.status}"),
                           tr("common.kind.data_category"): fmt(r.data_category),
                           tr("common.kind.purpose"): fmt(r.purpose),
                           tr("compare.col.basis_a"): ", ".join(map(fmt, r.bases_a)) or "—",
                           tr("compare.col.basis_b"): ", ".join(map(fmt, r.bases_b)) or "—",
                           tr("compare.col.clauses"): shown_refs(map(ref, r.clauses))}
                          for r in rows])
    st.dataframe(frame, hide_index=True, key=f"{key}-diff-table")
    picked = _row_picker(c, [(r.data_category, r.purpose) for r in rows], f"{key}-diff-row")
    if picked:
        left, right = row_sides(c.practices, kind, a, b, *picked)
        _side_by_side(c, left, right, (f"A: {fmt(a)}", f"B: {fmt(b)}"), set(picked))
    with st.expander(tr("compare.matrix")):
        show: Literal["products", "audiences", "bases"] = st.radio(
            tr("compare.cells"), ["products", "audiences", "bases"], horizontal=True,
            key=f"{key}-matrix-show",
            format_func={x: tr(f"compare.cells.{x}") for x in ("products", "audiences", "bases")}.__getitem__)
        st.dataframe(matrix_frame(concept_matrix(c.practices), c.taxonomy, ui_lang(), show),
                     key=f"{key}-matrix")
        st.caption(tr_md("compare.matrix_basis"))
        st.dataframe(matrix_frame(concept_matrix(c.practices, "data_category", "legal_basis"),
                                  c.taxonomy, ui_lang(), "products"), key=f"{key}-matrix-basis")
    return {"a": a, "b": b}


def search_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Full-text search: every word must match, "quotes" for phrases, case- and
    diacritic-insensitive, ranked, highlighted, filtered by policy, language
    version, product and audience."""
    c = corpus()
    ui = ui_lang()
    query = st.text_input(tr("search.box"), key=f"{key}-q",
                          value=params.get("q", "")[:MAX_PARAM_CHARS], max_chars=MAX_PARAM_CHARS,
                          placeholder=tr("search.placeholder"), help=tr("search.help"))
    fmt = labeller(c, ui)
    cols = st.columns(4)
    with cols[0]:
        policy = select(tr("common.policy"), ["", *sorted(c.policies)], key=f"{key}-policy",
                        wanted=params.get("policy"), fallback="",
                        fmt=lambda p: fmt(ALL) if not p else _policy_title(c, p, ui))
    with cols[1]:
        lang = select(tr("common.language_version"), ["", *c.languages], key=f"{key}-lang",
                      wanted=params.get("lang"), fallback="",
                      fmt=lambda x: fmt(ALL) if not x else _lang_name(c, x))
    with cols[2]:
        product = select(tr("common.product"), ["", *sorted(c.concepts_in_use("product"), key=fmt)],
                         key=f"{key}-product", wanted=params.get("product"), fallback="",
                         fmt=lambda x: fmt(x or ALL))
    with cols[3]:
        audience = select(tr("common.audience"), ["", *sorted(c.concepts_in_use("audience"), key=fmt)],
                          key=f"{key}-audience", wanted=params.get("audience"), fallback="",
                          fmt=lambda x: fmt(x or ALL))
    filters = {"policy": policy, "lang": lang, "product": product, "audience": audience}
    out = {"q": query, **{k: v for k, v in filters.items() if v}}
    if not query.strip():
        st.caption(tr_md("search.hint"))
        return out
    hits = search(c, query, **{k: v or None for k, v in filters.items()})
    if not hits:
        shown = query if len(query) <= 60 else query[:57] + "…"
        reason = no_match_reason(c, query, filtered=any(filters.values()))
        st.info(tr_md("search.none", query=escape_markdown(shown), reason=escape_markdown(reason)),
                icon="🔎")
        return out
    st.caption(tr_md("common.clauses", n=str(len(hits))))
    for hit in hits:
        with st.container(border=True):
            where = ", ".join(tr(f"search.field.{name}") for name in hit.matched_in)
            st.caption(tr_md("search.hit", ref=escape_markdown(hit.ref), score=f"{hit.score:.2f}",
                             where=escape_markdown(where)))
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
    question = st.text_input(tr("ask.box"), key=f"{key}-q",
                             value=params.get("q", "")[:MAX_PARAM_CHARS],
                             max_chars=MAX_PARAM_CHARS, placeholder=EXAMPLE_QUESTIONS[0])
    if not question.strip():
        st.caption(tr_md("ask.examples", examples=escape_markdown(
            " · ".join(f"“{q}”" for q in EXAMPLE_QUESTIONS))))
        return {"q": question}
    answer = ask(c, question)
    lang = answer.lang or answer.detected or "en"
    fmt = labeller(c, lang)
    if answer.recognised and not answer.unsupported_language:
        st.caption(tr_md("ask.recognised", concepts=escape_markdown(" · ".join(
            f"{tr(f'common.kind.{k}')}: {', '.join(map(fmt, ids))}"
            for k, ids in answer.recognised.items()))))
    if answer.unsupported_language:
        st.warning(escape_message(answer.summary), icon="🌐")
    elif answer.not_mentioned:
        st.warning(escape_message(answer.summary), icon="🔎")  # quotes the question
        if answer.quotes:
            st.markdown(f"**{tr_md('ask.nearest_practices')}**")
        for card in answer.quotes:
            _quote(card, c, lang)
        _nearest(answer.nearest, c)
    elif answer.answered:
        st.success(escape_message(answer.summary), icon="💬")
        if any(b == "not-stated" for ln in answer.lines for p in ln.purposes for b in p.bases):
            st.warning(tr_md("ask.no_basis"), icon="⚖️")
        for card in answer.quotes:
            _quote(card, c, lang)
    else:
        st.info(escape_message(answer.summary), icon="🤷")
        _nearest(answer.nearest, c)
    return {"q": question}


def _quote(card: ClauseCard, c: Corpus, lang: str) -> None:
    """A quoted clause; a sentence the policy repeats elsewhere is shown once, with where."""
    clause_card(card, c, lang)
    if card.same_text:
        st.caption(tr_md("ask.same_sentence", refs=", ".join(
            escape_markdown(ref) for ref in card.same_text)))


def _nearest(hits: list[SearchHit], c: Corpus) -> None:
    for hit in hits:
        with st.container(border=True):
            st.caption(f"{escape_markdown(tr('ask.nearest'))} · {escape_markdown(hit.ref)}")
            policy_text(hit.text, hit.text_highlights, hit.lang, c)


VIEWS = {"graph": explore_view, "about_me": about_me_view, "compare": compare_view,
         "search": search_view, "question": question_view, "quiz": quiz_view}
