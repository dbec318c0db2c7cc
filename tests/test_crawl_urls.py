"""URL rules: centre identity, scope, social networks, documents (parametrized tables)."""
from __future__ import annotations

import pytest

from common.urls import (
    absolute,
    centre_key,
    document_type,
    in_scope,
    is_document,
    is_social,
    is_valid_url,
    page_key,
    scope_prefix,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://School.ru/biblioteka/", "https://school.ru/biblioteka"),
        ("http://school.ru:80/biblioteka", "http://school.ru/biblioteka/"),
        ("https://school.ru:443/", "http://school.ru"),
        ("http://school.ru/biblioteka/index.php", "http://school.ru/biblioteka/"),
        ("http://school.ru/index.html", "http://school.ru/"),
        ("http://school.ru/lib/#top", "http://school.ru/lib"),
        ("http://school.ru/index.php?b=2&a=1", "http://school.ru/?a=1&b=2"),
        ("http://school.ru/%D0%B1%D0%B8%D0%B1%D0%BB%D0%B8%D0%BE%D1%82%D0%B5%D0%BA%D0%B0", "http://school.ru/библиотека"),
        ("  http://school.ru/lib  ", "http://school.ru/lib"),
    ],
)
def test_centre_key_merges_variants(a: str, b: str) -> None:
    assert centre_key(a) == centre_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://school.ru/lib", "http://school.ru/lib2"),
        ("http://school.ru:8080/", "http://school.ru/"),
        ("http://school.ru/?id=1", "http://school.ru/?id=2"),
        ("http://a.school.ru/", "http://school.ru/"),
    ],
)
def test_centre_key_keeps_different_pages_apart(a: str, b: str) -> None:
    assert centre_key(a) != centre_key(b)


def test_centre_key_of_a_malformed_url_is_stable() -> None:
    assert centre_key("http://school.ru:port/") == "http://school.ru:port/"


@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        ("http://s.ru/biblioteka/", "/biblioteka/"),
        ("http://s.ru/biblioteka", "/biblioteka"),
        ("http://s.ru/library/index.php?id=3", "/library/"),
        ("http://s.ru/biblioteka.html", "/"),
        ("http://s.ru", "/"),
        ("http://s.ru/index/biblioteka/0-12", "/index/biblioteka/0-12"),
    ],
)
def test_scope_prefix(url: str, prefix: str) -> None:
    assert scope_prefix(url) == prefix


@pytest.mark.parametrize(
    ("url", "centre", "expected"),
    [
        ("http://s.ru/biblioteka/news/1", "http://s.ru/biblioteka/", True),
        ("https://s.ru/biblioteka/news/1", "http://s.ru/biblioteka/", True),
        ("http://S.RU:80/biblioteka/", "http://s.ru/biblioteka/", True),
        ("http://s.ru/biblioteka", "http://s.ru/biblioteka/", True),
        ("http://s.ru/news/", "http://s.ru/biblioteka/", False),
        ("http://s.ru/biblioteka-old/", "http://s.ru/biblioteka", False),
        ("http://s.ru/biblioteka/plan", "http://s.ru/biblioteka", True),
        ("http://other.ru/biblioteka/", "http://s.ru/biblioteka/", False),
        ("http://s.ru:8080/biblioteka/", "http://s.ru/biblioteka/", False),
        ("http://s.ru/anything", "http://s.ru/", True),
        ("http://s.ru/library/page.php", "http://s.ru/library/index.php", True),
        ("not a url", "http://s.ru/", False),
    ],
)
def test_in_scope(url: str, centre: str, expected: bool) -> None:
    assert in_scope(url, centre) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://vk.com/club123", True),
        ("https://m.vk.com/ibc", True),
        ("https://ok.ru/group/1", True),
        ("https://t.me/ibc_channel", True),
        ("https://www.instagram.com/x", True),
        ("https://www.facebook.com/x", True),
        ("http://school.ru/vk.com", False),
        ("https://vk.company.ru/", False),
        ("http://[bad", False),
    ],
)
def test_is_social(url: str, expected: bool) -> None:
    assert is_social(url) is expected


@pytest.mark.parametrize(
    ("url", "content_type", "expected"),
    [
        ("http://s.ru/files/plan.pdf", None, True),
        ("http://s.ru/files/PLAN.DOCX?x=1", None, True),
        ("http://s.ru/file/card?id=12", None, True),
        ("http://s.ru/page.html", None, False),
        ("http://s.ru/download.php?id=3", "application/pdf", True),
        ("http://s.ru/files/plan.pdf", "text/html; charset=utf-8", False),
        ("http://s.ru/x", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True),
        ("http://s.ru/x", "image/jpeg", True),
        ("http://s.ru/x", "text/html", False),
    ],
)
def test_is_document(url: str, content_type: str | None, expected: bool) -> None:
    assert is_document(url, content_type) is expected


def test_document_type_names_the_extension() -> None:
    assert document_type("http://s.ru/документы/положение.pdf") == "pdf"
    assert document_type("http://s.ru/file/card?id=3") == "file"
    assert document_type("http://s.ru/biblioteka/") is None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("  /news/  ", "http://s.ru/news/"),
        ("plan.pdf#page=2", "http://s.ru/lib/plan.pdf#page=2"),
        ("/a\n/b", "http://s.ru/a/b"),
        ("mailto:ibc@s.ru", "mailto:ibc@s.ru"),
        ("http://s.ru:99999/", None),
        ("http://[::1", None),
    ],
)
def test_absolute(href: str, expected: str | None) -> None:
    assert absolute(href, "http://s.ru/lib/") == expected


@pytest.mark.parametrize(
    ("url", "ok"),
    [("http://s.ru/", True), ("https://127.0.0.10:8080/x", True), ("ftp://s.ru/", False),
     ("http//s.ru", False), ("http://", False), ("http://s .ru/", False), ("http://s.ru:abc/", False)],
)
def test_is_valid_url(url: str, ok: bool) -> None:
    assert is_valid_url(url) is ok


def test_page_key_keeps_scheme_and_drops_fragment() -> None:
    assert page_key("HTTP://S.ru/a/index.php#x") == "http://s.ru/a/"
    assert page_key("http://s.ru/?b=1&a=2") == page_key("http://s.ru/?a=2&b=1")
