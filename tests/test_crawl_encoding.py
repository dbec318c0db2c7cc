"""The decoding rule: header > meta > BOM > strict UTF-8 > cp1251 for Cyrillic bytes."""
from __future__ import annotations

import codecs

import pytest
from scrapy.http import HtmlResponse
from w3lib.encoding import html_to_unicode

from crawler.encoding import decode_body, looks_cyrillic_cp1251
from crawler.pages import page_from_response

SHORT = "<p>Режим работы: Пн–Пт 9:00–17:00. Санитарный день.</p>"
LONG = "<html><body>" + "<p>Информационно-библиотечный центр школы. Новости библиотеки.</p>" * 200 + "</body></html>"


def test_w3lib_misreads_short_cp1251_without_charset() -> None:
    """The reason for the rule: a short cp1251 page is guessed wrong by the usual tools."""
    encoding, text = html_to_unicode(None, SHORT.encode("cp1251"))
    assert "Режим работы" not in text, encoding


@pytest.mark.parametrize("html", [SHORT, LONG])
def test_cp1251_without_any_declaration(html: str) -> None:
    text, encoding = decode_body(html.encode("cp1251"))
    assert encoding == "cp1251"
    assert text == html


@pytest.mark.parametrize("html", [SHORT, LONG])
def test_cp1251_declared_only_in_meta(html: str) -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>' + html
    text, encoding = decode_body(page.encode("cp1251"), "text/html")
    assert encoding == "cp1251"
    assert "Информационно-библиотечный" in text or "Режим работы" in text


def test_meta_charset_short_form() -> None:
    text, encoding = decode_body('<meta charset="windows-1251"><p>Школьная библиотека</p>'.encode("cp1251"))
    assert (encoding, "Школьная библиотека" in text) == ("cp1251", True)


def test_header_wins_over_meta() -> None:
    body = '<meta charset="windows-1251"><p>Медиатека</p>'.encode()
    text, encoding = decode_body(body, b"text/html; charset=UTF-8")
    assert encoding == "utf-8" and "Медиатека" in text


def test_wrong_header_charset_is_passed_over() -> None:
    """The header says UTF-8 but the bytes are cp1251: the meta (or the bytes) decide."""
    body = '<meta charset="windows-1251"><p>Новые поступления</p>'.encode("cp1251")
    text, encoding = decode_body(body, "text/html; charset=utf-8")
    assert encoding == "cp1251" and "Новые поступления" in text


def test_western_charset_over_cyrillic_bytes_is_taken_as_cp1251() -> None:
    body = "<p>Книжные выставки и новинки фонда</p>".encode("cp1251")
    text, encoding = decode_body(body, "text/html; charset=ISO-8859-1")
    assert encoding == "cp1251" and "Книжные выставки" in text


def test_bom() -> None:
    text, encoding = decode_body(codecs.BOM_UTF8 + "<p>Библиотека</p>".encode())
    assert encoding == "utf-8" and text == "<p>Библиотека</p>"


def test_utf8_cut_in_the_middle_of_a_letter() -> None:
    """A truncated body ends mid-character: still UTF-8, the broken tail dropped."""
    body = "<p>Библиотека</p>".encode()[:-6]
    text, encoding = decode_body(body)
    assert encoding == "utf-8" and text.startswith("<p>Библиоте")


def test_unknown_charset_label_is_ignored() -> None:
    text, encoding = decode_body("<p>Каталог</p>".encode(), "text/html; charset=x-no-such")
    assert (encoding, text) == ("utf-8", "<p>Каталог</p>")


def test_latin_text_stays_latin() -> None:
    text, encoding = decode_body("<p>Café déjà vu</p>".encode("cp1252"))
    assert encoding == "cp1252" and "Café" in text


def test_cyrillic_heuristic() -> None:
    assert looks_cyrillic_cp1251("Привет, мир".encode("cp1251"))
    assert not looks_cyrillic_cp1251("Привет".encode())
    assert not looks_cyrillic_cp1251(b"plain ascii")


def test_page_from_a_short_cp1251_response() -> None:
    body = ("<html><head><title>Режим работы</title></head><body><h1>Режим работы</h1>"
            "<p>Санитарный день — последняя пятница месяца.</p></body></html>").encode("cp1251")
    response = HtmlResponse(url="http://s.ru/index/rezhim/0-15", body=body, headers={"Content-Type": "text/html"})
    page = page_from_response(response, response.url, 1, False)
    assert page["encoding"] == "cp1251"
    assert page["title"] == "Режим работы"
    assert "Санитарный день — последняя пятница месяца." in page["main_text"]
