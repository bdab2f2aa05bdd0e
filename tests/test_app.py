"""The Streamlit app through AppTest: every page, then interactions by widget key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ["ui/pages/notebook.py", "ui/pages/explore.py", "ui/pages/about_me.py",
         "ui/pages/compare.py", "ui/pages/search.py", "ui/pages/ask.py", "ui/pages/add.py"]


class Page:
    """An AppTest already switched to one page, with query parameters set."""

    def __init__(self, page: str, **params: str) -> None:
        self.at = AppTest.from_file(APP, default_timeout=60)
        self.page = page
        self.params = params

    def run(self) -> AppTest:
        self.at.run()
        self.at.switch_page(self.page)
        for key, value in self.params.items():
            self.at.query_params[key] = value
        return self.at.run()


def app(**params: str) -> Page:
    return Page("ui/pages/explore.py", **params)


def markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page: str) -> None:
    at = Page(page).run()
    assert not at.exception, at.exception
    assert not at.error


def test_explore_shows_graph_and_filters() -> None:
    at = app().run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "152 practices" in captions
    iframe_html = str(at.get("iframe")[0].proto.srcdoc)
    assert "vis.Network" in iframe_html and "Payment information" in iframe_html
    at.selectbox(key="explore-policy").set_value("wework-space-services").run()
    assert "practices" in " ".join(c.value for c in at.caption)
    assert at.query_params["policy"] == "wework-space-services"


def test_explore_inspector_shows_clauses_with_highlight_and_gloss() -> None:
    at = app().run()
    at.selectbox(key="explore-inspect").set_value("node:data_category:payment-info").run()
    text = markdown(at)
    assert ":orange-background[**Betalingsopplysninger**]" in text
    assert ":orange-background[**Thông tin Thanh toán**]" in text
    assert any("generally, to meet our contractual obligations" in c.value for c in at.caption)


def test_explore_empty_state() -> None:
    at = app(policy="wework-space-services", data="in-office-preferences").run()
    assert any("No practice matches" in i.value for i in at.info)


def test_explore_labels_follow_language() -> None:
    at = app(labels="vi").run()
    # pyvis writes node data with JSON escapes for non-ASCII characters.
    assert json.dumps("Thông tin thanh toán")[1:-1] in str(at.get("iframe")[0].proto.srcdoc)


def test_about_me_choose_product_and_role_shows_cards() -> None:
    at = Page("ui/pages/about_me.py").run()
    at.selectbox(key="about-lang").set_value("en").run()
    at.selectbox(key="about-product").set_value("wework-go").run()
    at.radio(key="about-role").set_value("go-customers-visitors-guests").run()
    text = markdown(at)
    assert "#### Payment information" in text and "#### Email calendar information" in text
    assert "Legal basis: Contract" in text
    assert any("states no legal basis" in w.value for w in at.warning)
    assert at.query_params["role"] == "go-customers-visitors-guests"


def test_about_me_deep_link_in_norwegian() -> None:
    at = Page("ui/pages/about_me.py", lang="nb", product="wework-space-services",
              role="clients-visitors-end-users").run()
    text = markdown(at)
    assert "Hva bruker dere om meg?" in text and "#### Betalingsopplysninger" in text
    assert ":orange-background[**Betalingsopplysninger**]" in text
    assert "Rettslig grunnlag: Kontrakt" in text


def test_bad_query_params_are_ignored_with_a_note() -> None:
    at = app(labels="<script>alert(1)</script>", policy="nope").run()
    assert not at.exception
    assert any("ignored unknown value" in c.value for c in at.caption)
    assert "152 practices" in " ".join(c.value for c in at.caption)


def test_bad_data_file_is_named_and_the_rest_still_serves(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review = data_copy / "policies" / "wework-space-services" / "nb.review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        'payment-info: "Betalingsopplysninger"', 'payment-info: "Kortnummer"'), encoding="utf-8")
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    at = app().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "nb.review.yaml" in errors and "Kortnummer" in errors and "s1.2" in errors
    # nb falls back to extracted practices, which lack the one purpose the reviewer added.
    assert "150 practices" in " ".join(c.value for c in at.caption)


def test_broken_taxonomy_is_named_on_every_page(data_copy: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (data_copy / "taxonomy.yaml").write_text("version: 1\nlanguages: {}\nconcepts: [\n",
                                             encoding="utf-8")
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    for page in PAGES:
        at = Page(page).run()
        assert not at.exception, page
        errors = " ".join(e.value for e in at.error)
        assert "taxonomy.yaml" in errors and "invalid YAML" in errors, page


def test_unwritable_notebook_database_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_DB", "sqlite:////proc/no-such-dir/notebooks.db")
    at = Page("ui/pages/notebook.py").run()
    assert not at.exception
    assert any("cannot open the notebook database" in e.value for e in at.error)
    at = Page("ui/pages/search.py", q="betaling").run()
    assert not at.exception and any("Notebooks are unavailable" in c.value for c in at.caption)


def test_bad_language_file_is_named_and_the_page_still_works(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_copy / "languages" / "nb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "labels:\n", "labels:\n  no-such-concept: Ukjent\n", 1), encoding="utf-8")
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    at = Page("ui/pages/about_me.py", product="wework-go",
              role="go-customers-visitors-guests").run()
    assert not at.exception
    assert any("nb.yaml" in e.value and "labels.no-such-concept" in e.value
               and "not a concept of the taxonomy" in e.value for e in at.error)
    assert "#### Payment information" in markdown(at)
