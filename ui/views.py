"""The views of the app. One render function per view serves both its own page
and a notebook cell: it takes the view's parameters and a key prefix, draws
the view, and returns the parameters as the reader left them."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from policy_graph.corpus import data_fingerprint
from policy_graph.export import practices_csv, practices_frame
from policy_graph.graph import split_node_id
from policy_graph.markup import escape_markdown, highlight_markdown
from policy_graph.params import pick
from policy_graph.query import (
    Filters,
    about_me,
    clause_cards,
    filter_practices,
    practices_for_edge,
    practices_for_node,
)
from policy_graph.viz import KIND_COLOURS, render_html

from .common import ALL, clause_card, corpus, data_dir, graph_for, labeller, select, strings

EXPLORE_PARAMS = ("labels", "policy", "lang", "product", "audience", "data", "basis", "inspect")
ABOUT_PARAMS = ("lang", "product", "role")


def _warn(messages: list[str | None]) -> None:
    for message in messages:
        if message:
            st.caption(f"⚠️ Link parameter {escape_markdown(message)}")


@st.cache_data(max_entries=32, show_spinner=False)
def _graph_html(cache_key: str, _graph: object, _by_id: object) -> str:
    # Cached by the filter string: the same graph gives byte-identical HTML,
    # and an unchanged iframe is not reloaded on rerun.
    return render_html(_graph, _by_id)  # type: ignore[arg-type]


def explore_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Filters, the graph, an inspector for the clauses behind a node or edge, and a table."""
    c = corpus()
    tax = c.taxonomy
    label_langs = sorted(tax.languages)
    labels, w1 = pick(params.get("labels"), label_langs, "en")
    fmt = labeller(c, labels)
    cols = st.columns(4)
    with cols[0]:
        labels = select("Labels in", label_langs, key=f"{key}-labels", default=labels,
                        fmt=lambda code: f"{tax.languages[code].name} ({code})")
    policies = [ALL, *sorted(c.policies)]
    with cols[1]:
        policy = select("Policy", policies, key=f"{key}-policy",
                        default=pick(params.get("policy"), policies, ALL)[0],
                        fmt=lambda p: "All" if p == ALL else c.policies[p].titles.get(
                            labels, c.policies[p].titles.get("en", p)))
    langs = [ALL, *c.languages]
    with cols[2]:
        lang = select("Language version", langs, key=f"{key}-lang",
                      default=pick(params.get("lang"), langs, ALL)[0],
                      fmt=lambda code: "All" if code == ALL else tax.languages[code].name
                      if code in tax.languages else code)
    choices = {kind: [ALL, *sorted({getattr(p, kind) for p in c.practices}, key=fmt)]
               for kind in ("audience", "data_category", "legal_basis")}
    choices["product"] = [ALL, *sorted({x for p in c.practices for x in p.products}, key=fmt)]
    with cols[3]:
        product = select("Product", choices["product"], key=f"{key}-product",
                         default=pick(params.get("product"), choices["product"], ALL)[0], fmt=fmt)
    cols = st.columns(3)
    picked = {}
    for col, (kind, name, title) in zip(cols, [("audience", "audience", "Audience"),
                                               ("data_category", "data", "Data category"),
                                               ("legal_basis", "basis", "Legal basis")], strict=True):
        with col:
            picked[name] = select(title, choices[kind], key=f"{key}-{name}",
                                  default=pick(params.get(name), choices[kind], ALL)[0], fmt=fmt)
    _warn([w1])
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
    graph = graph_for(chosen, labels)
    legend = " ".join(f":{_legend_colour(k)}[■] {k.replace('_', ' ')}" for k in KIND_COLOURS)
    st.caption(f"{len(chosen)} practices · {graph.number_of_nodes()} concepts · "
               f"{len(clause_cards(chosen))} clauses — {legend}")
    cache_key = "|".join(f"{k}={v}" for k, v in sorted(out.items()))
    html = _graph_html(f"{data_fingerprint(data_dir())}|{cache_key}", graph, c.by_id)
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


def _inspector(c, graph, chosen, labels: str, wanted: str | None, key: str,  # type: ignore[no-untyped-def]
               out: dict[str, str]) -> None:
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
                    default=wanted if wanted in options else "", fmt=fmt,
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
    """Language, product and role → cards per data category with the policy's own sentence."""
    c = corpus()
    tax = c.taxonomy
    ui = strings()
    langs = sorted(tax.languages)
    lang, w1 = pick(params.get("lang"), langs, "en")
    lang = select(ui.get("about.language", lang), langs, key=f"{key}-lang", default=lang,
                  fmt=lambda code: tax.languages[code].name)
    st.markdown(f"### {escape_markdown(ui.get('about.title', lang))}")
    st.caption(ui.get("about.intro", lang))
    fmt = labeller(c, lang)
    products = sorted({x for p in c.practices for x in p.products}, key=fmt)
    if not products:
        st.info(ui.get("about.none", lang))
        return {"lang": lang}
    product, w2 = pick(params.get("product"), products, products[0])
    cols = st.columns(2)
    with cols[0]:
        product = select(ui.get("about.product", lang), products, key=f"{key}-product",
                         default=product, fmt=fmt)
    roles = sorted({p.audience for p in c.practices if product in p.products}, key=fmt)
    role, w3 = pick(params.get("role"), roles, roles[0] if roles else None)
    with cols[1]:
        role = select(ui.get("about.role", lang), roles, key=f"{key}-role", default=role, fmt=fmt)
    _warn([w1, w2, w3])
    out = {"lang": lang, "product": product, "role": role}
    # Prefer the policy text in the reader's language; otherwise show every version.
    in_lang = any(p.lang == lang and product in p.products for p in c.practices)
    cards = about_me(c.practices, tax, product=product, audience=role, label_lang=lang,
                     policy_lang=lang if in_lang else None)
    if not cards:
        st.info(ui.get("about.none", lang))
        return out
    shown_langs = sorted({ref.split("/")[1] for card in cards for ref, _, _ in card.quotes})
    st.caption(ui.get("about.source_lang", lang,
                      langs=", ".join(tax.languages[x].name if x in tax.languages else x
                                      for x in shown_langs)))
    if any(card.basis_not_stated for card in cards):
        st.warning(ui.get("about.not_stated", lang), icon="⚖️")
    for card in cards:
        _about_card(card, c, ui, lang, key)
    return out


def _about_card(card, c, ui, lang: str, key: str) -> None:  # type: ignore[no-untyped-def]
    with st.container(border=True, key=f"{key}-card-{card.data_category}"):
        st.markdown(f"#### {escape_markdown(card.label)}")
        st.caption(escape_markdown(c.taxonomy.get(card.data_category).description))
        lines = []
        for line in card.purposes:
            bases = ", ".join(line.basis_labels)
            flag = " ⚠️" if "not-stated" in line.bases else ""
            lines.append(f"- **{escape_markdown(line.label)}** — {ui.get('about.basis', lang)}: "
                         f"{escape_markdown(bases)}{flag}")
        st.markdown(f"**{ui.get('about.why', lang)}**\n\n" + "\n".join(lines))
        st.markdown(f"**{ui.get('about.quote', lang)}**")
        behind = [c.by_id[i] for i in card.practices if i in c.by_id]
        for clause in clause_cards(behind, {card.data_category}):
            st.markdown(f"> {highlight_markdown(clause.text, clause.highlights)}")
            caption = clause.ref
            if clause.gloss and lang != clause.lang:
                caption += f" · {ui.get('about.gloss', lang)}: {clause.gloss}"
            st.caption(escape_markdown(caption))
