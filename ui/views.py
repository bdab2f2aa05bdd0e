"""The views of the app. One render function per view serves both its own page
and a notebook cell: it takes the view's parameters and a key prefix, draws
the view, and returns the parameters as the reader left them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import networkx as nx
import pandas as pd
import streamlit as st

from policy_graph.ask import ask
from policy_graph.compare import align_versions, compare_concepts
from policy_graph.corpus import Corpus
from policy_graph.export import practices_csv, practices_frame
from policy_graph.graph import split_node_id
from policy_graph.markup import escape_markdown
from policy_graph.matrix import concept_matrix, diff_scopes, matrix_frame
from policy_graph.models import Practice
from policy_graph.params import pick
from policy_graph.query import (
    AboutMeCard,
    Filters,
    about_me,
    clause_cards,
    filter_practices,
    practices_for_edge,
    practices_for_node,
)
from policy_graph.search import search
from policy_graph.settings import contact_line
from policy_graph.ui_text import UiStrings
from policy_graph.viz import KIND_COLOURS, render_html

from .common import ALL, clause_card, corpus, graph_for, labeller, policy_text, select, strings

EXPLORE_PARAMS = ("labels", "policy", "lang", "product", "audience", "data", "basis", "inspect")
ABOUT_PARAMS = ("lang", "product", "role")


@st.cache_data(max_entries=32, show_spinner=False)
def _graph_html(cache_key: str, _graph: nx.MultiDiGraph, _by_id: dict[str, Practice]) -> str:
    # Cached by the filter string: the same graph gives byte-identical HTML,
    # and an unchanged iframe is not reloaded on rerun.
    return render_html(_graph, _by_id)


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
                        fmt=lambda p: "All" if p == ALL else c.policies[p].titles.get(
                            labels, c.policies[p].titles.get("en", p)))
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
    for col, (kind, name, title) in zip(st.columns(3), [("audience", "audience", "Audience"),
                                               ("data_category", "data", "Data category"),
                                               ("legal_basis", "basis", "Legal basis")], strict=True):
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
    graph = graph_for(c, chosen, labels)
    legend = " ".join(f":{_legend_colour(k)}[■] {k.replace('_', ' ')}" for k in KIND_COLOURS)
    st.caption(f"{len(chosen)} practices · {graph.number_of_nodes()} concepts · "
               f"{len(clause_cards(chosen))} clauses — {legend}")
    cache_key = "|".join(f"{k}={v}" for k, v in sorted(out.items()))
    html = _graph_html(f"{c.fingerprint}|{cache_key}", graph, c.by_id)
    st.iframe(html, height=660)
    _inspector(c, graph, chosen, labels, params.get("inspect"), key, out)
    with st.expander(f"Table of the {len(chosen)} practices", expanded=False):
        st.dataframe(practices_frame(chosen), hide_index=True, key=f"{key}-table")
        st.download_button("Download CSV", practices_csv(chosen), file_name="practices.csv",
                           mime="text/csv", key=f"{key}-csv")
    return out


def _legend_colour(kind: str) -> str:
    return {"product": "blue", "audience": "orange", "data_category": "green",
            "purpose": "violet", "legal_basis": "red"}[kind]


def _inspector(c: Corpus, graph: nx.MultiDiGraph, chosen: list[Practice], labels: str,
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
    products = sorted(c.concepts_in_use("product"), key=fmt)
    if not products:
        st.info(ui.get("about.none", lang))
        return {"lang": lang}
    cols = st.columns(2)
    with cols[0]:
        product = select(ui.get("about.product", lang), products, key=f"{key}-product",
                         wanted=params.get("product"), fmt=fmt)
    roles = sorted({p.audience for p in c.practices if product in p.products}, key=fmt)
    with cols[1]:
        role = select(ui.get("about.role", lang), roles, key=f"{key}-role",
                      wanted=params.get("role"), fmt=fmt)
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
    """Each legal basis on the page, explained in plain words."""
    bases = list(dict.fromkeys(b for card in cards for line in card.purposes for b in line.bases))
    if not bases:
        return
    with st.expander(ui.get("about.basis_means", lang)):
        st.markdown("\n".join(f"- **{escape_markdown(c.taxonomy.label(b, lang))}**: "
                               f"{escape_markdown(c.taxonomy.get(b).describe(lang))}" for b in bases))


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
SEARCH_PARAMS = ("q", "lang")
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
    """Compare language versions clause by clause, policies by concept, or products/audiences."""
    c = corpus()
    modes = list(COMPARE_MODES)
    mode = st.radio("Compare", modes, key=f"{key}-mode", horizontal=True,
                    index=modes.index(pick(params.get("mode"), modes, "versions")[0]),
                    format_func=COMPARE_MODES.__getitem__)
    if mode == "versions":
        return {"mode": mode, **_compare_versions(c, params, key)}
    if mode == "policies":
        return {"mode": mode, **_compare_policies(c, params, key)}
    return {"mode": mode, **_compare_scopes(c, params, key, mode)}


def _lang_name(c: Corpus, code: str) -> str:
    return f"{c.taxonomy.languages[code].name} ({code})" if code in c.taxonomy.languages else code


def _compare_versions(c: Corpus, params: Mapping[str, str], key: str) -> dict[str, str]:
    policies = sorted(c.policies)
    if not policies:
        st.info("No policy is loaded.")
        return {}
    cols = st.columns(3)
    with cols[0]:
        policy = select("Policy", policies, key=f"{key}-policy",
                        wanted=params.get("policy"), fallback=policies[0],
                        fmt=lambda p: c.policies[p].titles.get("en", p))
    langs = sorted(lang for pol, lang in c.versions if pol == policy)
    if len(langs) < 2:
        st.info(f"“{policy}” has only one language version in the corpus "
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
    cols = st.columns(2)
    with cols[0]:
        a = select("A", versions, key=f"{key}-pa", wanted=params.get("a"), fallback=versions[0])
    with cols[1]:
        b = select("B", versions, key=f"{key}-pb", wanted=params.get("b"), fallback=versions[1])
    pa, la = a.split("/", 1)
    pb, lb = b.split("/", 1)
    cmp = compare_concepts(c, (pa, la), (pb, lb))
    m = st.columns(4)
    m[0].metric("Same", len(cmp.same))
    m[1].metric("Other basis", len(cmp.other_basis))
    m[2].metric("Only in A", len(cmp.only_a))
    m[3].metric("Only in B", len(cmp.only_b))
    fmt = labeller(c, "en")
    rows = ([("other basis", d, p, ", ".join(map(fmt, ba)), ", ".join(map(fmt, bb)))
             for d, p, ba, bb in cmp.other_basis]
            + [("only in A", d, p, "", "") for d, p in cmp.only_a]
            + [("only in B", d, p, "", "") for d, p in cmp.only_b]
            + [("same", d, p, ", ".join(map(fmt, bs)), ", ".join(map(fmt, bs)))
               for d, p, bs in cmp.same])
    frame = pd.DataFrame([{"status": s, "data category": fmt(d), "purpose": fmt(p),
                           "basis in A": x, "basis in B": y, "clauses": ", ".join(cmp.refs[(d, p)])}
                          for s, d, p, x, y in rows])
    st.dataframe(frame, hide_index=True, key=f"{key}-cmp-table")
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
    frame = pd.DataFrame([{"status": SCOPE_STATUS[r.status], "data category": fmt(r.data_category),
                           "purpose": fmt(r.purpose), "basis in A": ", ".join(map(fmt, r.bases_a)),
                           "basis in B": ", ".join(map(fmt, r.bases_b)), "clauses": ", ".join(r.clauses)}
                          for r in rows])
    st.dataframe(frame, hide_index=True, key=f"{key}-diff-table")
    options_rows = [""] + [f"{r.data_category}|{r.purpose}" for r in rows]
    chosen = st.selectbox("Read the clauses behind a row", options_rows, key=f"{key}-diff-row",
                          format_func=lambda o: "Choose a row…" if not o else
                          " → ".join(fmt(x) for x in o.split("|")))
    if chosen:
        d, p = chosen.split("|")
        behind = [x for x in c.practices if x.data_category == d and x.purpose == p
                  and (a in x.products or b in x.products if kind == "product"
                       else x.audience in (a, b))]
        for card in clause_cards(behind, {d, p}):
            clause_card(card, c, "en")
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
    """Full-text search: case- and diacritic-insensitive, ranked, highlighted."""
    c = corpus()
    cols = st.columns([3, 1])
    with cols[0]:
        query = st.text_input("Search clauses, glosses and concept labels", key=f"{key}-q",
                              value=params.get("q", "")[:200],
                              placeholder="e.g. thanh toan, betaling, calendar")
    langs = ["", *c.languages]
    with cols[1]:
        lang = select("Language version", langs, key=f"{key}-lang",
                      wanted=params.get("lang"), fallback="",
                      fmt=lambda x: "All" if not x else _lang_name(c, x))
    out = {"q": query, "lang": lang}
    if not query.strip():
        st.caption("Type a word in any language; accents and case do not matter.")
        return out
    hits = search(c, query, lang=lang or None)
    if not hits:
        st.info(f"No clause matches “{query}”. Try a shorter word or another language.")
        return out
    st.caption(f"{len(hits)} clause(s)")
    fmt = labeller(c, "en")
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
                     "On what legal basis do you read my calendar?"]


def question_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """A question in plain words (en, nb, vi), answered only from the practices."""
    c = corpus()
    question = st.text_input("Ask a question about the policies", key=f"{key}-q",
                             value=params.get("q", "")[:500],
                             placeholder=EXAMPLE_QUESTIONS[0])
    if not question.strip():
        st.caption("For example: " + " · ".join(f"“{q}”" for q in EXAMPLE_QUESTIONS))
        return {"q": question}
    answer = ask(c, question)
    lang = answer.lang or "en"
    fmt = labeller(c, lang)
    if answer.recognised:
        st.caption("Recognised: " + escape_markdown(" · ".join(
            f"{k.replace('_', ' ')}: {', '.join(map(fmt, ids))}" for k, ids in answer.recognised.items())))
    if answer.answered:
        st.success(answer.summary, icon="💬")
        if any(b == "not-stated" for ln in answer.lines for p in ln.purposes for b in p.bases):
            st.warning("Part of this has no legal basis stated in the policy: the global privacy "
                       "policy governs it.", icon="⚖️")
        for card in answer.quotes:
            clause_card(card, c, lang)
    else:
        st.info(answer.summary, icon="🤷")
        for hit in answer.nearest:
            with st.container(border=True):
                st.caption(f"nearest · {escape_markdown(hit.ref)}")
                policy_text(hit.text, hit.text_highlights, hit.lang, c)
    return {"q": question}


VIEWS = {"graph": explore_view, "about_me": about_me_view, "compare": compare_view,
         "search": search_view, "question": question_view}
