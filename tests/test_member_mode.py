"""Member mode: the about-me page alone, read-only, in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.errors import UserInputError
from policy_graph.settings import app_mode
from tests.test_app import APP, Page


@pytest.fixture
def member(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_MODE", "member")


def member_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_member_mode_serves_the_about_me_page_only_and_writes_nothing(
        member: None, private_notebook_db: Path) -> None:
    at = member_app(lang="vi", product="wework-go", role="go-customers-visitors-guests")
    assert not at.exception and not at.error
    assert "### Các bạn sử dụng thông tin gì về tôi?" in [m.value for m in at.markdown]
    assert not [b for b in at.button if "notebook" in b.label.lower()]
    assert not private_notebook_db.exists()  # no notebook database is even opened
    with pytest.raises(Exception):  # noqa: B017 - staff pages are not in the navigation
        at.switch_page("ui/pages/notebook.py").run()


def test_member_page_is_in_the_readers_language(member: None) -> None:
    at = member_app(lang="vi", product="wework-go", role="go-customers-visitors-guests")
    assert [s.label for s in at.selectbox] == ["Ngôn ngữ", "Sản phẩm"]
    role = at.radio(key="about-role")
    assert role.label == "Tôi là …"
    assert role.format_func("go-customers-visitors-guests") == \
        "Khách hàng WeWork Go, khách truy cập và khách mời"
    english = ["Read the policy", "What this legal basis means", "Questions, or want to object",
               "Contact information such as", "Payment card and bank details"]
    shown = [e.label for e in at.expander] + [c.value for c in at.caption] + \
        [m.value for m in at.markdown] + [b.label for b in at.get("link_button")]
    assert not [t for t in shown for phrase in english if phrase in str(t)], shown
    assert any("Hợp đồng" in str(m.value) for m in at.markdown)  # legal basis label


def test_links_to_the_published_and_global_policy_and_a_contact_line(
        member: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_CONTACT", "privacy@example.com")
    at = member_app(lang="vi", product="wework-go", role="go-customers-visitors-guests")
    urls = [str(b.proto.url) for b in at.get("link_button")]
    assert "https://www.wework.com/vi-VN/legal/wework-privacy" in urls
    assert "https://www.wework.com/vi-VN/legal/global-privacy-policy" in urls
    assert any("privacy@example.com" in c.value.replace("\\", "") for c in at.caption)


def test_each_quote_is_folded_and_shown_once(member: None) -> None:
    at = member_app(lang="vi", product="wework-go", role="go-customers-visitors-guests")
    quotes = [m.value for m in at.markdown if str(m.value).startswith("> ")]
    assert quotes and len(quotes) == len(set(quotes))
    assert all(not e.proto.expanded for e in at.expander)


def test_changing_language_then_product_warns_about_no_link_and_relabels_at_once() -> None:
    at = Page("ui/pages/about_me.py", product="wework", role="member-employees").run()
    at.selectbox(key="about-lang").set_value("nb").run()
    assert [s.label for s in at.selectbox][:2] == ["Språk", "Produkt"]
    assert at.radio(key="about-role").label == "Jeg er …"
    at.selectbox(key="about-product").set_value("wework-space-services").run()
    assert not [c.value for c in at.caption if "link parameter" in c.value]
    assert not at.exception


def test_an_unknown_mode_is_named() -> None:
    with pytest.raises(UserInputError, match="use staff or member"):
        app_mode({"POLICY_GRAPH_MODE": "admin"})


def test_a_bad_link_value_is_noted_in_the_readers_language(member: None) -> None:
    at = member_app(lang="nb", product="no-such-product")
    notes = [c.value for c in at.caption if "⚠️" in c.value]
    assert notes and "no-such-product" in notes[0].replace("\\", "")
    assert "link parameter" not in notes[0]
