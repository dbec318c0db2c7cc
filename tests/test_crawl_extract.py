"""Page extraction on saved HTML: title, headings, main text, links, documents."""
from __future__ import annotations

from scrapy.http import HtmlResponse, Request, Response

from common.extract import HTML_CAP, MAIN_TEXT_CAP, extract_page, text_hash
from crawler.centre import CentreState, find_library_link, is_library_page, plan_links
from crawler.discovery import ListedCentre
from crawler.pages import page_from_response

PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title> Библиотека | МБОУ СОШ № 5 </title>
<script>var x = "<p>не текст</p>";</script><style>p{color:red}</style></head>
<body><header class="site-header"><a href="/">МБОУ СОШ № 5</a>
<nav class="main-navigation"><a href="/novosti">Новости школы</a></nav></header>
<div class="breadcrumbs"><a href="/">Главная</a> / Библиотека</div>
<main><article><header class="entry-header"><h1>Библиотека</h1>
<time datetime="2026-11-16">16 ноября 2026</time></header>
<h2>Контакты</h2><p>Заведующий библиотекой: Кузнецова О. В., <a href="mailto:ibc@school5.ru">ibc@school5.ru</a></p>
<h2>Документы</h2><ul>
<li><a href=" /files/polozhenie.pdf ">Положение об ИБЦ (PDF)</a></li>
<li><a href="/files/plan-2026-2027.docx#p2">План работы на 2026–2027 учебный год</a></li>
<li><a href="/file/card?id=7"><img src="i.png" alt="Паспорт ИБЦ"></a></li></ul>
<p>Ссылки: <a href="https://vk.com/ibc5">Мы ВКонтакте</a>, <a href="http://[bad">битая</a>,
<a href="news/">Новости <!-- comment --> библиотеки</a></p>
</article></main>
<aside class="sidebar"><h3>Полезные ссылки</h3><a href="https://litres.ru/">ЛитРес</a></aside>
<footer class="footer">© 2014–2026 МБОУ СОШ № 5</footer></body></html>"""

URL = "http://s.ru/biblioteka/"


def test_title_and_headings() -> None:
    content = extract_page(PAGE, URL)
    assert content.title == "Библиотека | МБОУ СОШ № 5"
    assert content.headings == [[1, "Библиотека"], [2, "Контакты"], [2, "Документы"], [3, "Полезные ссылки"]]


def test_main_text_leaves_out_chrome_and_scripts() -> None:
    text = extract_page(PAGE, URL).main_text
    assert "16 ноября 2026" in text  # the article's own header stays
    assert "Заведующий библиотекой: Кузнецова О. В., ibc@school5.ru" in text
    assert "Новости библиотеки" in text  # text after a comment is kept
    for chrome in ("Новости школы", "Главная", "ЛитРес", "© 2014–2026", "не текст", "color:red"):
        assert chrome not in text


def test_links_are_absolute_with_texts_and_fragments() -> None:
    links = extract_page(PAGE, URL).links
    by_text = {link["text"]: link for link in links}
    assert by_text["Положение об ИБЦ (PDF)"]["url"] == "http://s.ru/files/polozhenie.pdf"
    assert by_text["План работы на 2026–2027 учебный год"]["url"] == "http://s.ru/files/plan-2026-2027.docx#p2"
    assert by_text["Паспорт ИБЦ"]["url"] == "http://s.ru/file/card?id=7"
    assert by_text["ibc@school5.ru"]["url"] == "mailto:ibc@school5.ru"
    assert by_text["Мы ВКонтакте"]["url"] == "https://vk.com/ibc5"
    assert by_text["битая"] == {"url": "http://[bad", "text": "битая", "malformed": True}
    assert by_text["Новости библиотеки"]["url"] == "http://s.ru/biblioteka/news/"
    assert by_text["Новости школы"]["url"] == "http://s.ru/novosti"  # chrome links are kept too
    assert len(links) == 11


def test_documents() -> None:
    documents = extract_page(PAGE, URL).documents
    assert [(d["type"], d["text"]) for d in documents] == [
        ("pdf", "Положение об ИБЦ (PDF)"),
        ("docx", "План работы на 2026–2027 учебный год"),
        ("file", "Паспорт ИБЦ"),
    ]


def test_base_href() -> None:
    content = extract_page('<html><head><base href="http://other.ru/x/"></head><body><a href="a.html">a</a></body></html>', URL)
    assert content.links[0]["url"] == "http://other.ru/x/a.html"


def test_broken_html_still_gives_content() -> None:
    broken = ('<html><head><title>Библиотека</title></head><body><div><p>Новости <b>библиотеки<p>Раздел</div></div>'
              '<a href="/x" class="a"b">ссылка</a><table><tr><td>Режим работы<td>9–17</table>')
    content = extract_page(broken, URL)
    assert content.title == "Библиотека"
    assert "Режим работы" in content.main_text and "Новости" in content.main_text
    assert content.links[0]["url"] == "http://s.ru/x"


def test_empty_and_weird_documents_do_not_crash() -> None:
    for html in ("", "   ", "<!-- only a comment -->", "\x00\x00", '<?xml version="1.0" encoding="windows-1251"?><html><body>Текст</body></html>'):
        content = extract_page(html, URL)
        assert content.text_hash is not None
    assert "Текст" in extract_page('<?xml version="1.0" encoding="utf-8"?><html><body>Текст</body></html>', URL).main_text


def test_a_page_made_only_of_chrome_keeps_its_text() -> None:
    html = '<html><body><div class="menu-wrap"><p>' + "Школьная библиотека работает с 9 до 17. " * 10 + "</p></div></body></html>"
    assert "Школьная библиотека" in extract_page(html, URL).main_text


def test_caps() -> None:
    big = "<html><body>" + "<p>" + "текст " * 60_000 + "</p>" * 1 + "x" * HTML_CAP + "</body></html>"
    content = extract_page(big, URL)
    assert len(content.main_text) <= MAIN_TEXT_CAP
    assert len(content.html) == HTML_CAP


def test_text_hash_ignores_whitespace_only() -> None:
    assert text_hash("Новости  библиотеки\n") == text_hash("Новости библиотеки")
    assert text_hash("Новости") != text_hash("Новости!")


def _response(url: str, body: bytes, headers: dict[str, str] | None = None, status: int = 200,
              meta: dict[str, object] | None = None) -> Response:
    request = Request(url, meta=meta or {})
    return HtmlResponse(url=url, body=body, headers=headers or {"Content-Type": "text/html; charset=utf-8"},
                        status=status, request=request)


def test_page_fields_from_a_response() -> None:
    response = _response(URL, PAGE.encode(), {"Content-Type": "text/html; charset=utf-8",
                                              "Last-Modified": "Fri, 14 Aug 2026 05:12:00 GMT",
                                              "ETag": '"abc"', "Server": "nginx", "Set-Cookie": "x=1"},
                         meta={"download_latency": 0.123, "redirect_urls": ["http://s.ru/lib"],
                               "redirect_reasons": [301]})
    page = page_from_response(response, "http://s.ru/lib", 0, False)
    assert page["url"] == "http://s.ru/lib" and page["final_url"] == URL
    assert page["http_status"] == 200 and page["encoding"] == "utf-8" and page["elapsed_ms"] == 123
    assert page["headers"]["last-modified"] == "Fri, 14 Aug 2026 05:12:00 GMT"
    assert page["headers"]["etag"] == '"abc"' and "set-cookie" not in page["headers"]
    assert page["headers"]["_redirects"] == [[301, "http://s.ru/lib"]]
    assert page["size"] == len(PAGE.encode()) and page["truncated"] is False and page["is_document"] is False
    assert page["html"] == PAGE and page["text_hash"]


def test_a_document_response_keeps_headers_only() -> None:
    response = _response("http://s.ru/file/card?id=7", b"", {"Content-Type": "application/pdf",
                                                             "Content-Length": "12345"})
    page = page_from_response(response, response.url, 1, True)
    assert page["is_document"] is True and page["html"] is None and page["main_text"] is None
    assert page["headers"]["content-length"] == "12345"


def test_truncated_flag() -> None:
    response = _response(URL, b"<html><body><p>" + b"a" * 100, meta={"ibc_truncated": True})
    assert page_from_response(response, URL, 1, False)["truncated"] is True


# -- the school's home page and the library link ------------------------------------------
def test_library_page_by_title_or_h1() -> None:
    assert is_library_page("Школьная библиотека", [])
    assert is_library_page("МБОУ СОШ № 3", [[1, "Информационно-библиотечный центр"]])
    assert is_library_page("ИБЦ гимназии", [])
    assert not is_library_page("МБОУ СОШ № 15 г. Комсомольска-на-Амуре", [[1, "Добро пожаловать"], [2, "Библиотека"]])


def test_library_link_on_a_home_page() -> None:
    links = [{"url": "http://s.ru/", "text": "Главная"}, {"url": "http://s.ru/o-shkole/", "text": "О школе"},
             {"url": "https://vk.com/lib", "text": "Библиотека"},
             {"url": "http://s.ru/biblioteka/", "text": "Библиотека"}]
    assert find_library_link(links, "http://s.ru/") == "http://s.ru/biblioteka/"
    for text in ("ИБЦ", "Информационно-библиотечный центр", "Школьная библиотека", "БИЦ", "Медиатека"):
        assert find_library_link([{"url": "http://s.ru/x/", "text": text}], "http://s.ru/") == "http://s.ru/x/"
    assert find_library_link([{"url": "http://s.ru/x/", "text": "Электронная библиотека ЛитРес"}], "http://s.ru/") is None


def test_plan_links_orders_and_limits() -> None:
    state = CentreState(0, ListedCentre("ИБЦ", None, "http://s.ru/lib/", "http://r.ru/"), "s.ru/lib",
                        scope_url="http://s.ru/lib/")
    links = [{"url": u, "text": ""} for u in (
        "http://s.ru/news/", "http://s.ru/lib/plan.pdf", "http://s.ru/lib/a/", "http://other.ru/lib/",
        "mailto:x@s.ru", "http://s.ru/lib/a/#top")] + [{"url": "http://[x", "text": "", "malformed": True}]
    planned = plan_links(state, links, 0, "entry", max_depth=2, fetch_documents=True)
    assert planned == [("http://s.ru/lib/a/", "page", 1), ("http://s.ru/lib/a/", "page", 1),
                       ("http://s.ru/lib/plan.pdf", "document", 1), ("http://s.ru/news/", "outside", 1)]
    assert plan_links(state, links, 2, "page", max_depth=2, fetch_documents=False) == []
    assert plan_links(state, links, 0, "outside", max_depth=2, fetch_documents=True) == []
