"""Section evidence by the kinds of pages real sites build (issue 12, point 1).

Each row is an HTML snippet as real school-library pages write it and the verdict it must
give: labelled paragraphs, content under another section's heading, the vocabulary of
real sites, links to the library's pages outside its path, and the precision traps (a
name and title alone, a generic list of links, a lesson's script, a dated paragraph).
"""
from __future__ import annotations

import pytest
from checks_fixtures import LIB, doc, page_html, rulebook, site_of, snap

from checks.prose import prose_hits
from checks.result import SectionVerdict
from checks.sections import section_verdicts
from checks.site import CentreSite

FILLING = "<p>Здесь размещены сведения для учащихся, родителей и педагогов школы.</p>"

# (body of the library page, section that must be present, kind of its first evidence)
PRESENT = [
    # a list of posts, each a title over its date: an exhibition's post is the exhibition
    ("<h2>Выставка одной книги «Тимур и его команда»</h2><p>15.03.2026</p>"
     "<h2>Библиотечный урок «Как построена книга»</h2><p>10.03.2026</p>", "exhibitions", "heading"),
    ("<h2>Выставка «Весна в стихах»</h2><h2>15 марта 2026</h2><h2>Урок «Книжкин дом»</h2><h2>10 марта 2026</h2>",
     "exhibitions", "heading"),
    # a Joomla category blog: the item's furniture stands between its title and its date
    ("<h2>Книжная выставка «Учитель, перед именем твоим…»</h2><h3>Подробности</h3><h3>Автор: Библиотекарь</h3>"
     "<h3>Категория: Новости библиотеки</h3><h3>Опубликовано: 27 Сентябрь 2024</h3>"
     "<h2>Урок «Правила поведения в сети»</h2><h3>Опубликовано: 30 Сентябрь 2024</h3>", "exhibitions", "heading"),
    # documents about extremist materials, textbooks as «учебные издания», past events by name
    ("<h3>Инструкция о работе с Федеральным списком экстремистских материалов</h3>", "safe_internet", "heading"),
    # a check of the fund against the list, told as a report
    ("<p>Комиссия провела плановую сверку фонда с Федеральным списком экстремистских материалов.</p>",
     "safe_internet", "sentence"),
    ("<p>Документов, включённых в Федеральный список экстремистских материалов, в фонде не выявлено.</p>",
     "safe_internet", "sentence"),
    ("<h2>Учебные издания на 2026/2027 учебный год</h2><p>Все учащиеся 1–11 классов получили комплекты.</p>",
     "textbooks", "heading"),
    ("<p>Прошедшие мероприятия:</p><p>5 декабря — библиотечный урок «Словари — наши помощники».</p>", "news", "label"),
    # a school named inside a project's quoted title does not make the project the school's
    ("<h2>Проект «Читающая мама — читающая школа — читающая страна»</h2><p>С 2022 года ИБЦ участвует в краевом "
     "проекте: семейные чтения, встречи с родителями.</p>", "projects", "heading"),
    # names real pages give the smaller sections
    (f"<h2>Медиабезопасность</h2>{FILLING}", "safe_internet", "heading"),
    (f"<h2>Методические разработки</h2>{FILLING}", "methodical", "heading"),
    (f"<h2>Итоги работы библиотеки за 2025 год</h2>{FILLING}", "work_plan", "heading"),
    (f"<h2>Электронные учебники</h2>{FILLING}", "e_resources", "heading"),
    # a document's title quoting the school's name is still the document's title
    ("<p>Положение о школьном информационно-библиотечном центре МБОУ «Лицей № 10»</p>", "regulations", "label"),
    # hours told in a sentence, or under a longer label
    ("<p>В летний период библиотека работает с 9.00 до 13.00.</p>", "work_hours", "content"),
    ("<p>Часы работы читального зала: с 8:30 до 15:30.</p>", "work_hours", "content"),
    ("<p>Ждём вас в библиотеке по будням с 9 до 17 часов.</p>", "work_hours", "content"),
    # «Фонд» as the label of its figures, in whatever order they follow
    ("<p>Фонд 11994 экземпляра: художественная, справочная и методическая литература.</p>", "about", "label"),
    ("<p>Фонд: 12 340 экз.</p>", "about", "label"),
    ("<p>Библиотека работает с 8:30 до 17:00.</p><p>В фонде 5000 книг.</p>", "work_hours", "label"),
    # numbered clauses about the library's readers are its rules, with no title
    ("<p>1.1. Читатели библиотеки берут книги на дом на 14 дней.</p><p>1.2. Учебники выдают на год.</p>"
     "<p>1.3. Потерянную книгу заменяют равноценной.</p>", "regulations", "content"),
    # a paragraph or list item that opens with the section's label
    ("<p>Режим работы: понедельник – пятница с 8.00 до 16.00, суббота – выходной.</p>", "work_hours", "label"),
    ("<p>Время работы: пн–пт 9.00–17.00</p>", "work_hours", "label"),
    ("<ul><li>Контакты: тел. 8 (42155) 2-18-40</li></ul>", "contacts", "label"),
    ("<p>Адрес: г. Бикин, ул. Ленина, 5, каб. 12</p>", "contacts", "label"),
    ("<p>Телефон: 8 (42155) 2-18-40</p>", "contacts", "label"),
    ("<p>Правила пользования и обязанности читателя.</p><p>Читатель имеет право получать книги на дом "
     "сроком на 14 дней и обязан бережно относиться к ним.</p>", "regulations", "label"),
    ("<p>Обеспеченность учебной литературой – 100 %.</p>", "textbooks", "label"),
    # a plan's table: a column of work beside a column of terms
    ("<table><tr><td>№ п/п</td><td>Содержание работы</td><td>Дата проведения</td><td>Ответственный</td></tr>"
     "<tr><td>1</td><td>Подведение итогов движения фонда</td><td>сентябрь</td><td>библиотекарь</td></tr></table>",
     "work_plan", "content"),
    # the same, its columns in another order, with other columns between
    ("<table><tr><td>Дата провед.</td><td>Класс</td><td>Форма работы</td><td>Название мероприятия</td></tr>"
     "<tr><td>03.09</td><td>4-6</td><td>Игра</td><td>«Волшебный круг»</td></tr></table>", "work_plan", "content"),
    # content unmistakably of its kind, wherever it stands (also under another heading)
    ("<h2>О библиотеке</h2><p>Мы открыты: понедельник – пятница 8:30–16:30.</p>", "work_hours", "content"),
    ("<h2>Проекты</h2><p>Ждём вас: понедельник – пятница с 8 до 16 часов.</p>", "work_hours", "content"),
    ("<table><tr><td>Режим работы</td><td>пн–пт 9.00–17.00</td></tr></table>", "work_hours", "label"),
    ("<h2>Новости</h2><p>12.11.2026 Конкурс чтецов. Вопросы: ibc-school1@example.ru</p>", "contacts", "content"),
    ("<h2>Проекты</h2><p>Звоните: 8 (42155) 2-18-40</p>", "contacts", "content"),
    ("<p>Библиотечный фонд составляет 12 540 экземпляров.</p>", "about", "content"),
    ("<p>Библиотечный фонд составляет более 15 тысяч единиц хранения.</p>", "about", "content"),
    ("<h2>Новости</h2><p>Фонд библиотеки насчитывает 9 800 книг.</p>", "about", "content"),
    ("<p>Учащиеся обеспечены учебниками на 100 %.</p>", "textbooks", "content"),
    ("<h2>О библиотеке</h2><p>Фонд: художественная литература – 8 000 экз., учебная литература – 17 317 экз.</p>",
     "textbooks", "content"),
    ("<p>Читайте: <a href='https://www.litres.ru/'>https://www.litres.ru/</a></p>", "e_resources", "link"),
    ("<h2>Новости</h2><p>Мы подключились к <a href='https://rusneb.ru/'>НЭБ</a>.</p>", "e_resources", "link"),
    ("<h3>Полезные ссылки</h3><ul><li><a href='https://www.prlib.ru/'>Президентская библиотека</a></li></ul>",
     "e_resources", "heading"),
    # vocabulary of real sites
    (f"<h2>Сведения о библиотеке</h2>{FILLING}", "about", "heading"),
    (f"<h2>Основные сведения</h2>{FILLING}", "about", "heading"),
    (f"<h2>Цели и задачи ИБЦ</h2>{FILLING}", "about", "heading"),
    (f"<h2>Афиша</h2>{FILLING}", "news", "heading"),
    (f"<h2>Жизнь ИБЦ</h2>{FILLING}", "news", "heading"),
    (f"<h2>Наши новости</h2>{FILLING}", "news", "heading"),
    (f"<h2>События</h2>{FILLING}", "news", "heading"),
    (f"<h2>Книжные новинки</h2>{FILLING}", "new_arrivals", "heading"),
    (f"<h2>Поступления</h2>{FILLING}", "new_arrivals", "heading"),
    (f"<h2>Новинки!</h2>{FILLING}", "new_arrivals", "heading"),
    (f"<h2>Книжная выставка</h2>{FILLING}", "exhibitions", "heading"),
    (f"<h2>Выставки месяца</h2>{FILLING}", "exhibitions", "heading"),
    (f"<h2>Педагогам</h2>{FILLING}", "methodical", "heading"),
    (f"<h2>В помощь педагогу</h2>{FILLING}", "methodical", "heading"),
    (f"<h2>Методическая копилка</h2>{FILLING}", "methodical", "heading"),
    (f"<h2>Задать вопрос</h2>{FILLING}", "feedback", "heading"),
    (f"<h2>Напишите нам</h2>{FILLING}", "feedback", "heading"),
    (f"<h2>Виртуальная справка</h2>{FILLING}", "feedback", "heading"),
    (f"<h2>Информационная безопасность</h2>{FILLING}", "safe_internet", "heading"),
    (f"<h2>Безопасность в сети</h2>{FILLING}", "safe_internet", "heading"),
    (f"<h2>Учебный фонд</h2>{FILLING}", "textbooks", "heading"),
    (f"<h2>Перечень учебников</h2>{FILLING}", "textbooks", "heading"),
    (f"<h2>Обеспеченность учебниками</h2>{FILLING}", "textbooks", "heading"),
    # a reader's rights and duties are the rules' text, whatever clause they stand in
    ("<p>Записываясь в библиотеку, читатель знакомится с правилами и обязуется их соблюдать.</p>",
     "regulations", "sentence"),
    ("<p>Читатели имеют право получать книги на дом на 14 дней.</p>", "regulations", "sentence"),
    # a textbook count with the figure first and the noun left out
    ("<p>Сейчас в фонде 15595 экз. литературы, в т.ч. 4622 экз. учебной, 8051 экз. художественной.</p>",
     "textbooks", "content"),
    # the future in another clause of the sentence leaves the exhibition reported
    ("<p>Провести каникулы интересно вам помогут новогодние книги, которые представлены на выставках.</p>",
     "exhibitions", "sentence"),
    # a review of books at an exhibition reports the exhibition
    ("<p>У выставки библиотекарь сделала обзор книг, и каждый взял почитать книгу.</p>", "exhibitions", "sentence"),
    # the rules for keeping textbooks are the library's rules and its textbook fund
    ("<h2>Меры по сохранности фонда учебников</h2><ul><li>За учёт и обмен учебников отвечает библиотекарь.</li>"
     "<li>Учебник весь год должен быть в обложке.</li></ul>", "regulations", "heading"),
    ("<h2>Меры по сохранности фонда учебников</h2><ul><li>За учёт и обмен учебников отвечает библиотекарь.</li>"
     "<li>Учебник весь год должен быть в обложке.</li></ul>", "textbooks", "heading"),
    # an exhibition that tells or introduces is shown
    ("<p>Об этом и рассказывает книжная выставка «Новогодние огни приглашают в сказку».</p>", "exhibitions",
     "sentence"),
    # a library's behaviour rules and its textbook-return schedule
    (f"<h2>Правила поведения в школьной библиотеке</h2>{FILLING}", "regulations", "heading"),
    # a document's title about the library, its fund, textbooks or readers, with no section's name
    (f"<h2>Положение об учебном фонде библиотеки</h2>{FILLING}", "regulations", "heading"),
    (f"<h2>Регламент работы информационно-библиотечного центра</h2>{FILLING}", "regulations", "heading"),
    ("<ul><li>Приказ об открытии ИБЦ</li><li>Правила записи в библиотеку</li></ul>", "regulations", "label"),
    (f"<h2>График выдачи учебников</h2>{FILLING}", "textbooks", "heading"),
    # a school year after a name only dates it
    (f"<h2>Оплата учебников в 2024–2025 учебном году</h2>{FILLING}", "textbooks", "heading"),
    # the library's services are a description of it
    ("<p>В библиотеке можно: взять книгу на дом, почитать периодику, получить справку.</p>", "about", "label"),
    (f"<h2>Услуги библиотеки</h2>{FILLING}", "about", "heading"),
    # books set out on a shelf are an exhibition without the word
    ("<p>Библиотекарь выставила на полке сборники стихов местных поэтов.</p>", "exhibitions", "sentence"),
    # books taken from an exhibition show that it stood
    ("<p>Отвечая на вопросы викторины, участники пользовались книгами с тематической выставки.</p>",
     "exhibitions", "sentence"),
    # books named beside pupils' crafts: still a book exhibition
    ("<p>На Неделе книги в библиотеке устроили выставки книг и поделок.</p>", "exhibitions", "sentence"),
    ("<p>В библиотеке оформлена книжная выставка и выставка рисунков учеников.</p>", "exhibitions", "sentence"),
    # a compound is each of its noun parts: a «мини-выставка» is an exhibition
    ("<p>Под конец ребята посмотрели мини-выставку книг поэта, которую подготовил библиотекарь школы.</p>",
     "exhibitions", "sentence"),
    # the library's name as «библиотечно-информационный центр» (БИЦ)
    ("<p>Библиотечно-информационный центр школы располагается на втором этаже.</p>", "about", "sentence"),
    # a name's rank word before it: «Основные задачи библиотеки:» over the list of tasks
    ("<p>Основные задачи библиотеки:</p><ul><li>комплектование фонда;</li><li>снабжение учащихся нужной "
     "литературой.</li></ul>", "about", "label"),
    # the textbooks' own figure among the fund's parts, «около» it, in units of storage, or as an adjective
    ("<p>Книжный фонд библиотеки составляет: художественная литература — около 2847 книг, учебники — около "
     "3637 экземпляров.</p>", "textbooks", "content"),
    ("<p>Общий объём фонда – 33564 единицы хранения; учебный фонд – 18023 единицы хранения, из них 2770 – в "
     "библиотеке начальной школы.</p>", "textbooks", "content"),
    ("<p>Фонд сейчас: 15595 экз. литературы</p><p>в т.ч. учебной: 4622 экз.</p>", "textbooks", "content"),
    # a heading set in the same rank as its parts: «Цели и задачи ИБЦ» over «Цель» and its text
    ("<h2>Цели и задачи работы ИБЦ</h2><h2>Цель</h2><p>Построение общей информационной среды для всех "
     "читателей школы.</p><h2>Задачи</h2><ul><li>популяризация чтения;</li></ul>", "about", "heading"),
    ("<p>Основная задача библиотеки — обеспечение учебного процесса.</p>", "about", "label"),
    # a table's row set as text: the textbook fund's figure in its cell
    ("<p>объём учебного фонда | 58397 экз. |</p>", "textbooks", "content"),
    ("<p>На странице размещены документы «Перечень учебников на 2023-2024 учебный год», «Положение о "
     "школьной библиотеке» и приказ о федеральном перечне.</p>", "regulations", "label"),
    ("<p>Документы: Положение о библиотеке образовательного учреждения, План работы библиотеки на 2025-2026 "
     "учебный год, Лицензия, Реестр печатных изданий</p>", "work_plan", "label"),
    # documents named by their quoted titles in a running line
    ("<p>К нормативным документам библиотеки относятся «Закон о библиотечном деле» и «План работы "
     "библиотеки на 2023–2024 учебный год».</p>", "work_plan", "label"),
    # a label and its value set as one bold heading line
    ("<h3>Адрес: 680000, г. Хабаровск, ул. Ленина, 10, каб. 105</h3>", "contacts", "label"),
    # a local number after «телефон» in any form
    ("<p>Связаться с библиотекарем можно по телефону 45-67-89.</p>", "contacts", "content"),
    # the documents the library works by, named in a sentence («Уставом»: the statute, not «устать»)
    ("<p>Деятельность библиотеки регламентируется Федеральным законом «Об образовании в Российской "
     "Федерации» и Уставом школы.</p>", "regulations", "sentence"),
    ("<p>Библиотека работает в соответствии с Положением о школьной библиотеке.</p>", "regulations", "sentence"),
    # the library's services and seats
    ("<p>Библиотека предоставляет читателям книги на дом и в читальном зале.</p>", "about", "sentence"),
    ("<p>В библиотеке 20 посадочных мест.</p>", "about", "content"),
    # electronic libraries named after a weak label, and how readers get in
    ("<p>Полезные ссылки: Президентская библиотека, НЭДБ, Российская государственная детская "
     "библиотека.</p>", "e_resources", "label"),
    ("<p>Логин и пароль от электронной библиотеки читатели получают у библиотекаря.</p>", "e_resources",
     "sentence"),
    ("<h2>Новая литература</h2><ul><li>Иванов И. Повесть о лесе. 2024</li></ul>", "new_arrivals", "heading"),
    # the fund's figure right after its name among the line's other figures
    ("<p>Сведения о книжном фонде: общий фонд – 3776 (число книг – 2162), фонд учебников – 1734 шт.</p>",
     "about", "content"),
    ("<p>Главные задачи библиотеки:</p><ul><li>комплектование фонда;</li><li>снабжение учащихся "
     "литературой.</li></ul>", "about", "label"),
    # a document's title set in capitals inside a running line
    ("<p>На странице размещены План работы ШИБЦ лицея № 1 на 2020 - 2021 учебный год, Должностная "
     "инструкция педагога-библиотекаря.</p>", "work_plan", "label"),
    # a list of posts each a title over its date, titles without quotes; an archive's entry
    # that opens with its date
    ("<h2>Выдача учебников учащимся 5–11 классов</h2><h2>26 августа 2025</h2><h2>Итоги летнего чтения</h2>"
     "<h2>30 мая 2025</h2>", "textbooks", "heading"),
    ("<h2>2024-11-15 — Выставка-просмотр «Новинки для подростков»</h2>", "exhibitions", "heading"),
    # a list's items set in the rank of its heading
    ("<h2>Новые поступления</h2><h2>Ю. Яковлев «Друзья мои, кони»</h2><h2>Н. Абгарян «Манюня»</h2>",
     "new_arrivals", "heading"),
    # a label and its value set as one heading line
    ("<h2>Выдача учебников 1–4 кл. — 29 августа, 5–11 кл. — 30 августа, каб. 112</h2>", "textbooks", "heading"),
    ("<h2>Проект «Библиодесант»: старшеклассники читают малышам</h2>", "projects", "heading"),
    # the sanitary day and a room's closing hour; book supply in per cent; a textbook list's
    # row by its class and publisher; textbooks the parents buy
    ("<p>Последняя пятница месяца — санитарный день.</p>", "work_hours", "content"),
    ("<p>Читальный зал работает до 18:00, абонемент — до 16:00 (по будням).</p>", "work_hours", "content"),
    ("<p>Книгообеспеченность по ФГОС ООО составляет 98%</p>", "textbooks", "content"),
    ("<p>Английский язык | 5 класс | Ваулина Ю.Е. | Просвещение, 2023 | 58 экз. |</p>", "textbooks", "content"),
    ("<p>Уважаемые родители! Учебники по технологии и ИЗО приобретаются самостоятельно.</p>", "textbooks",
     "sentence"),
    # the Belarusian list of extremist materials; a local act on the list is the library's document
    ("<h3>Республиканский список экстремистских материалов (Республика Беларусь)</h3>", "safe_internet",
     "heading"),
    ("<p>Положение о порядке работы с документами, включёнными в Федеральный список экстремистских "
     "материалов</p>", "regulations", "label"),
    # a list of what one can do, its items in the heading's rank, each opening with an infinitive
    ("<h2>В библиотеке можно</h2><h2>Взять книгу на дом</h2><h2>Подготовить реферат</h2>", "about", "heading"),
    # two attributes joined by «и» stand in a name's gap as one
    ("<h2>Новая художественная и методическая литература</h2><ul><li>Н. Абгарян «Манюня»</li></ul>",
     "new_arrivals", "heading"),
    # readers learned of the library's new books
    ("<p>Первоклассники побывали на экскурсии в школьной библиотеке и посмотрели книжные новинки.</p>",
     "new_arrivals", "sentence"),
    # new books that came themselves, or that wait for readers
    ("<p>В школьную библиотеку пришла партия новой литературы, купленной на средства края.</p>", "new_arrivals",
     "sentence"),
    ("<p>На этот раз учеников начальной школы ждут новинки: энциклопедия «Микромир» и путеводитель.</p>",
     "new_arrivals", "sentence"),
    # the rules of use as their content: prohibitions, how readers are enrolled
    ("<p>Читателям запрещается делать пометки в книгах и загибать страницы.</p>", "regulations", "label"),
    ("<p>В читальном зале пользователям не разрешается выносить журналы.</p>", "regulations", "sentence"),
    ("<p>Для записи в библиотеку нужен паспорт или свидетельство о рождении.</p>", "regulations", "sentence"),
    # a short adjective is the sentence's predicate: a short line with it is no title
    ("<p>Для записи нужен паспорт.</p>", "regulations", "sentence"),
    ("<h2>Пользователям запрещено</h2><p>1. Выносить из библиотеки издания, не записанные в формуляр.</p>",
     "regulations", "heading"),
    # an electronic library system; book supply of the lessons as a heading over its table
    ("<p>Учащиеся и учителя могут через Интернет пользоваться ЭБС «Лань».</p>", "e_resources", "sentence"),
    ("<h2>Анализ книгообеспеченности</h2><p>Русский язык | 5 класс | 100 % | 26 экз. |</p>", "textbooks", "heading"),
    # a title set in spaced capitals
    ("<h2>П Л А Н РАБОТЫ библиотеки на 2025 год</h2><p>Сентябрь: запись первоклассников в библиотеку.</p>",
     "work_plan", "heading"),
    # a reading programme is the library's project
    ("<h2>Программа летних чтений</h2><p>Цель программы — привлечь учащихся к чтению летом.</p>", "projects",
     "heading"),
    ("<p>В школьной библиотеке открыли летнюю программу чтения «Книжное лето».</p>", "projects", "sentence"),
    # the library's own named programmes
    ("<p>Библиотека ведёт две программы: «Без добрых книг» — о чтении, и «О прошлом память сохраним».</p>",
     "projects", "sentence"),
    # the library's readers joined a project
    ("<p>Читатели школьной библиотеки стали участниками проекта «Книжный марафон».</p>", "projects", "sentence"),
    # the fund checked for extremist literature
    ("<p>Комиссия по выявлению литературы экстремистской направленности провела итоговое заседание.</p>",
     "safe_internet", "sentence"),
    # the library's address in a sentence
    ("<p>Мы находимся по адресу: г. Бикин, ул. Ленина, 5, второй этаж.</p>", "contacts", "sentence"),
    # a street written without its dot
    ("<p>Адрес: ул Ленина, двлд 43</p>", "contacts", "label"),
    # a label and its figure with nothing between, as a line or as a heading
    ("<p>Объем фонда 5754 экз.</p>", "about", "label"),
    ("<h2>Количество книг 4020</h2>", "about", "label"),
    # «Спроси библиотекаря» over a reader's question and its answer
    ("<h2>Спроси библиотекаря</h2><p>Вопрос: С какого возраста записывают в библиотеку?</p><p>Ответ: С первого "
     "класса, по паспорту родителя.</p>", "feedback", "heading"),
    # an invitation to ask the librarian or to write to the library; a virtual reference service
    ("<p>На этой странице можно спросить школьного библиотекаря, есть ли нужная книга.</p>", "feedback", "sentence"),
    ("<p>Через эту службу библиотека отвечает на разовые запросы удалённых читателей.</p>", "feedback",
     "sentence"),
    # a table's row of two cells, the value a sentence
    ("<p>Правила пользования | Дайте библиотеке на время не меньше двух книг и берите любые другие. |</p>",
     "regulations", "label"),
    # a report that names its thing short is no statute's definition; a reading programme presented
    ("<p>Читатели школьной библиотеки стали участниками проекта «Литературная премия» (далее Премия), "
     "который учредил фонд «Счастливые истории».</p>", "projects", "sentence"),
    ("<p>На празднике школьные библиотекари познакомили детей с Программой летних чтений «Книжное лето».</p>",
     "projects", "sentence"),
    # a lesson on a year long past is an event of now: the year is its topic, not its time
    ("<p>В школьной библиотеке прошёл урок памяти о событиях 1941 года.</p>", "news", "sentence"),
    # the library's lesson on safety in the net, held
    ("<p>Ко Всемирному дню безопасного Интернета в школьной библиотеке прошёл урок для третьеклассников.</p>",
     "safe_internet", "sentence"),
    # an invitation to the library's new books shows them there
    ("<p>Приглашаем читателей познакомиться с новыми книгами школьной библиотеки.</p>", "new_arrivals", "sentence"),
    # a village number split after its area code as the village writes it
    ("<p>Руководитель кружка – библиотекарь Т. В. Кудрявцева.</p><p>Справки по телефону: 8(34154) 51-3-47.</p>",
     "contacts", "content"),
]


@pytest.mark.parametrize(("body", "section", "kind"), PRESENT)
def test_section_shown_by_the_way_pages_are_built(body: str, section: str, kind: str) -> None:
    verdict = section_verdicts(site_of(body))[section]
    assert verdict.present, body
    assert verdict.evidence[0].kind == kind, verdict.evidence
    assert verdict.evidence[0].page_url == LIB and verdict.evidence[0].text


# (body, section that must NOT be present)
ABSENT = [
    # books presented in a review are not new arrivals unless called new
    ("<p>На уроке мужества библиотекарь представила ребятам книги о блокаде Ленинграда.</p>", "new_arrivals"),
    # rooms named as an event's place or as a lesson's notions are no description of the library
    ("<p>В читальном зале и на абонементе оформлены книжные выставки к юбилею поэта.</p>", "about"),
    ("<p>На уроке дети получили первые понятия о том, что такое читальный зал и абонемент.</p>", "about"),
    # words after a year date a name only there: «учебный год» before no year still counts
    (f"<h2>Как учебный год встретил учебники в новых обложках</h2>{FILLING}", "textbooks"),
    # a purpose is no fact: what the law wants done is not what the library did
    ("<p>Закон требует, чтобы школьники были обеспечены учебниками за счёт государства.</p>", "textbooks"),
    # the share of pupils with textbooks is no figure of the library's fund
    ("<p>Учебниками, имеющимися в фонде, ученики 1–4 классов обеспечены на 100 %.</p>", "about"),
    # a list's items, each closed by «;», are not one hard-wrapped sentence: forms of work, no exhibition
    ("<p>Библиотека предлагает:<br>обслуживание по запросу;<br>беседы, викторины, конкурсы;<br>"
     "оформление выставок.</p>", "exhibitions"),
    # a sentence that tells what a document did is no document title
    ("<p>Документ стал правовой основой независимости и закрепил за страной её статус.</p>", "regulations"),
    # a national library's history is not the school library's
    ("<p>Читательскую акцию «Одна страна – одна книга» в республике проводят с 2007 года; её начали "
     "Национальная академическая библиотека и Ассоциация библиотекарей, а поддерживает министерство культуры.</p>",
     "about"),
    # a wish is no fact: pupils who dream of issuing textbooks issue none
    ("<p>После встречи первоклассники признались, что мечтают помогать библиотекарю выдавать учебники.</p>",
     "textbooks"),
    # «Библиотека работает …» without days or hours is no timetable
    ("<p>Библиотека работает для учащихся 1–11 классов и их родителей.</p><p>В фонде 5000 книг.</p>", "work_hours"),
    # another unit's plan on the library's page is not the library's plan
    ("<h2>План работы методического объединения учителей</h2><p>Заседания раз в четверть.</p>", "work_plan"),
    # numbered clauses that never speak of the library are a contest's or a lesson's, not its rules
    ("<h2>Положение о конкурсе чтецов</h2><p>1.1. Конкурс проводится среди учащихся 5–9 классов.</p>"
     "<p>1.2. Участники читают стихи о природе.</p><p>1.3. Победителей награждают грамотами.</p>", "regulations"),
    # days of a week's events («24.03 – …») are no numbered clauses
    ("<p>24.03 – открытие Недели детской книги в библиотеке, спектакль учащихся 4 класса;</p>"
     "<p>25.03 – викторина «Сказочная страна» для читателей 1-2 классов;</p>"
     "<p>26.03 – библиотечный урок «Словари – наши друзья» для 5 класса;</p>", "regulations"),
    # an event's day and hours in its report are no opening hours
    ("<p>В пятницу с 14.00 до 15.00 в библиотеке прошла акция «Читаем вместе».</p>", "work_hours"),
    ("<p>Олимпиада пройдёт в субботу с 10:00 до 12:00 в актовом зале.</p>", "work_hours"),
    # «начала» after a preposition is the noun, no past verb: a timetable, not a report
    ("<p>Запись читателей ведётся с начала сентября, урок знакомства проходит в первую неделю.</p>", "news"),
    # a habit is no event: how often, not when
    ("<p>Библиотекарь проводила экскурсии для первоклассников каждый сентябрь.</p>", "news"),
    ("<p>Ежегодно библиотека проводила конкурс чтецов для начальной школы.</p>", "news"),
    ("<p>Месячник школьных библиотек проходит каждый октябрь, начиная с 2008 года.</p>", "news"),
    # lessons going on are a list of forms of work, or a lesson plan's course, not one event
    ("<p>В библиотеке проходят библиотечные уроки, беседы и громкие чтения.</p>", "news"),
    ("<p>Урок проходит в форме игры: команды отвечают на вопросы по сказкам.</p>", "news"),
    # another library's fund, exhibition or history is not the school library's
    ("<p>Городская детская библиотека имени Гайдара насчитывает более 50 000 книг.</p>", "about"),
    ("<p>В районной библиотеке для учеников оформили книжную выставку о войне.</p>", "exhibitions"),
    ("<p>Сельская библиотека была открыта в 1956 году, рассказали ребятам.</p>", "about"),
    # an exhibition in a museum is no book exhibition of the library
    ("<p>Ученики посетили выставку в краеведческом музее.</p>", "exhibitions"),
    ("<p>Ученики посетили экспозицию школьного музея боевой славы.</p>", "exhibitions"),
    # a lesson's topic, told in either aspect («рассказали», «говорили о том, что…»)
    ("<p>На уроке говорили о том, что библиотека является хранилищем знаний.</p>", "about"),
    ("<p>Библиотекарь рассказывала, что библиотека находится в школе с 1965 года.</p>", "about"),
    ("<p>Ребятам рассказали, что городская библиотека существует с 1920 года.</p>", "about"),
    # textbooks brought to a lesson, or given as a prize, are no textbook supply
    ("<p>Ученики принесли учебники и тетради на урок литературы.</p>", "textbooks"),
    ("<p>Победители олимпиады получили в подарок учебники и словари.</p>", "textbooks"),
    # books the library gives away, or its readers receive, are no new arrivals
    ("<p>В конце года библиотека подарила первоклассникам книги со сказками.</p>", "new_arrivals"),
    ("<p>Школьная библиотека передала книги в подшефный детский сад.</p>", "new_arrivals"),
    ("<p>Читатели библиотеки получили книги на летнее чтение.</p>", "new_arrivals"),
    ("<p>В библиотеке ребята получили читательские билеты и первые книги.</p>", "new_arrivals"),
    # an area with no figure and unit, or a town square, is no premises figure
    ("<p>Площадь библиотеки позволяет проводить уроки для целого класса.</p>", "about"),
    ("<p>Ребята возложили цветы на площади Победы, 5 мая в 12 часов.</p>", "about"),
    # the library as the place, not the subject: an exhibition was opened there
    ("<p>В 2019 году в библиотеке была открыта выставка к юбилею края.</p>", "about"),
    # a purpose is no report: a past form after «чтобы» states what a lesson is for
    ("<p>Цель урока: научить школьников выбирать книги, чтобы они сами умели найти нужную.</p>", "news"),
    ("<p>Урок проводится, чтобы ученики познакомились с библиотекой и её правилами.</p>", "news"),
    # an appeal to give books is no gift received
    ("<p>Вы можете принести в библиотеку книги, подаренные вам и уже прочитанные.</p>", "new_arrivals"),
    # a rule's condition is no report of an event
    ("<p>Штраф: если книги не вернули за 3 недели, с 4-й недели читатель платит за каждую книгу.</p>", "news"),
    # an announcement's date and form of work are no plan's table
    ("<p>Дата проведения мероприятия: 12 мая, форма работы — викторина для 5 классов.</p>", "work_plan"),
    # a shelf that keeps books shows none
    ("<p>Читатель хранит книги на книжных полках или в шкафах, подальше от батарей.</p>", "exhibitions"),
    # a lesson's topic is no resource offered
    ("<p>Ребятам рассказали, как пользоваться Национальной электронной библиотекой.</p>", "e_resources"),
    # a title's dash is no statement
    ("<p>Книга — лучший друг</p>", "about"),
    # a caption names an exhibition but reports none; a line of figures is no sentence
    ("<p>Книжная выставка «Осенний листопад»</p>", "exhibitions"),
    ("<p>Учебная литература – 12 530 экз.</p>", "about"),
    # questions asked at an event are no way to ask
    ("<p>После встречи ребята задали писателю много вопросов.</p>", "feedback"),
    # the plan's own items, and an event the plan announces, are no report
    ("<p>Согласно плану работы оформлять выставки к юбилеям писателей.</p>", "exhibitions"),
    ("<p>По плану работы библиотеки в октябре пройдёт неделя книги.</p>", "news"),
    # a librarian's name and title alone are not contacts
    ("<p>Заведующая библиотекой – Иванова Мария Петровна</p>", "contacts"),
    ("<h2>Заведующий библиотекой</h2><p>Иванова Мария Петровна, высшее педагогическое образование, стаж 20 лет.</p>",
     "contacts"),
    ("<h2>Педагог-библиотекарь</h2><p>Орлова Вера Михайловна, первая категория.</p>", "contacts"),
    ("<h2>Педагог-библиотекарь</h2><p>Орлова Вера Михайловна, первая категория.</p>", "methodical"),
    # the headmaster's office and the site's footer give the school's phone, not the library's
    ("<p>Приёмная директора: 8 (4212) 45-67-89</p>", "contacts"),
    ("<p>© 2024 МБОУ СОШ № 5. Тел. 8 (4212) 45-67-89</p>", "contacts"),
    # a helpline under "Информационная безопасность" is not the library's phone
    ("<h2>Информационная безопасность</h2><p>Детский телефон доверия: 8 (800) 200-01-22</p>", "contacts"),
    # a free federal line (8-800) is never the library's phone, however far its label stands
    ("<p>Телефон доверия для детей, подростков и их родителей 88002000122</p>", "contacts"),
    ("<p>Единый номер Госуслуг: 8 800 100-70-10</p>", "contacts"),
    # a generic list of links (regional libraries, contests) is not electronic resources
    ("<h2>Ссылки</h2><ul><li><a href='https://fessl.test/'>Дальневосточная государственная научная библиотека</a>"
     "</li><li><a href='https://konkurs.test/'>Конкурс «Живая классика»</a></li></ul>", "e_resources"),
    ("<h2>Полезные ссылки</h2><ul><li><a href='https://khabkrai.test/'>Министерство образования края</a></li></ul>",
     "e_resources"),
    # an event announced, or named as a form of work or a plan's task, is no news (a report is:
    # test_reported_event_is_news)
    ("<p>15 ноября 2026 г. в ИБЦ пройдёт акция «Подари книгу школе». Приходите!</p>", "news"),
    ("<p>Формы работы: библиотечные уроки, акции, конкурсы, викторины, книжные выставки.</p>", "news"),
    ("<p>Формы работы: библиотечные уроки, акции, конкурсы, викторины, книжные выставки.</p>", "exhibitions"),
    ("<p>В течение года планируется оформлять книжные выставки к юбилеям писателей.</p>", "exhibitions"),
    ("<p>Основу её деятельности составляют книжные выставки, обзоры литературы и беседы.</p>", "exhibitions"),
    ("<p>Одной из основных форм работы библиотеки остаются выставки, которые оформляются к датам.</p>",
     "exhibitions"),
    # an exhibition of pupils' crafts, a publishers' fair and its new books are not the library's
    ("<p>Выставка технического творчества «Робототехника» прошла в актовом зале.</p>", "exhibitions"),
    ("<p>Педагоги района посетили выставку-ярмарку книжной продукции издательства.</p>", "exhibitions"),
    ("<p>Книжная ярмарка представила читателям более 300 новинок.</p>", "new_arrivals"),
    # a counter's badge is no e-mail; dated rows of a plan are no clauses; a plan's expected result
    ("<p>Рейтинг@Mail.ru</p>", "contacts"),
    ("<p>21.08 | 5-6 классы | урок</p><p>22.08 | 7 классы | беседа</p><p>23.08 | 8 классы | игра</p>", "regulations"),
    ("<p>Ожидаемые результаты: рост числа читателей, 100% обеспеченность учебниками.</p>", "textbooks"),
    # a plan's table row run together is no sentence
    ("<p>Сентябрь | Выдача учебников, запись первоклассников в библиотеку | 1-11 | библиотекарь</p>", "textbooks"),
    # a menu set as lines: each item has only the next item behind it
    ("<ul><li>Новые поступления</li><li>Электронный каталог</li><li>Виртуальные выставки</li></ul>"
     "<p>Обратная связь</p>", "new_arrivals"),
    ("<ul><li>Новые поступления</li><li>Электронный каталог</li><li>Виртуальные выставки</li></ul>"
     "<p>Обратная связь</p>", "exhibitions"),
    # the textbook fund's figure is not the whole fund's
    ("<p>Учебный фонд библиотеки — 9 874 экз.</p>", "about"),
    # a dated line that announces, or a plan's dated row, is no exhibition shown
    ("<p>15 декабря — выставка «Зимние сказки» откроется в читальном зале, приглашаем!</p>", "exhibitions"),
    ("<p>01.10 | 1-11 | Книжная выставка «Книги о великих педагогах» | библиотекарь</p>", "exhibitions"),
    # the textbook fund's figure is no figure of the whole fund; a project begun is no history;
    # readers at an event are no count of the library's readers
    ("<p>Фонд учебников: 5 000 экз.</p>", "about"),
    ("<p>В 2023 году библиотека начала работу над проектом «Читаем вместе».</p>", "about"),
    ("<p>В празднике приняли участие 45 читателей библиотеки.</p>", "about"),
    # a quoted title that is an item's, not the school's, keeps the line an item
    ("<p>Положение о конкурсе чтецов «Живая классика»</p>", "regulations"),
    # another room's hours on the library's page
    ("<p>Медицинский кабинет работает с 8.00 до 14.00.</p>", "work_hours"),
    # grades set out in the register are no books on display
    ("<p>Оценки за четверть выставлены в журнал.</p>", "exhibitions"),
    # drawings after books are no book exhibition; shelves for exhibitions are none
    ("<p>В библиотеке оформлена выставка рисунков по книгам Носова.</p>", "exhibitions"),
    ("<p>В холле оформлены новые стеллажи для книжных выставок.</p>", "exhibitions"),
    ("<p>В ноябре будет оформлена книжная выставка «Мамы разные нужны».</p>", "exhibitions"),
    # a count of teachers is not the section for teachers; a rule of lending is not the fund
    ("<p>Художественную литературу выдают не больше 3 изданий на 14 дней.</p>", "about"),
    ("<p>Положение о порядке обеспечения учебниками обучающихся МОУ Гимназия №24</p>", "textbooks"),
    # a lesson about safety online is not the safety section
    ("<h3>Урок цифровой грамотности «Безопасность в сети» для 5 классов</h3><p>Урок прошёл.</p>", "safe_internet"),
    # the school's pages named in the library page's text
    (f"<h2>Сведения об образовательной организации</h2>{FILLING}", "about"),
    ("<p>Поступление в 1 класс: приём заявлений с 1 апреля.</p>", "new_arrivals"),
    # the library named beside «задачи» or «занимать», but not as what the sentence is about
    ("<p>Праздник показал, какие задачи ставит перед собой и решает школьная библиотека.</p>", "about"),
    ("<p>Цель акции — пополнить фонд школьной библиотеки новыми детскими книгами.</p>", "about"),
    ("<p>Роль ведущего исполняет заведующая библиотекой, ей помогают старшеклассники.</p>", "about"),
    ("<p>На выставке собраны книги из фонда библиотеки о том, какое место семья занимает в жизни.</p>",
     "about"),
    ("<p>Вся мебель в библиотеке есть: стеллажи под книги, стеллажи под выставки, столы и стулья.</p>",
     "exhibitions"),
    ("<p>Ученики 9 классов защитили в библиотеке свои проекты по литературе.</p>", "projects"),
    ("<p>Фонд учебников комплектуется по федеральному перечню.</p>", "about"),
    ("<p>Накануне 23 февраля школьная библиотека организовала выставку детских рисунков.</p>", "exhibitions"),
    # a contest's statute in capitals is not the library's own
    ("<p>Утверждаю: директор школы Дата: 2024-01-12 ПОЛОЖЕНИЕ о конкурсе чтецов «Живая классика» 1. Общие "
     "положения конкурса для учеников школы.</p>", "regulations"),
    # the role or the tasks of libraries in general are not this library's
    ("<p>Цель форума — привлечь внимание общества к роли библиотек в жизни республики.</p>", "about"),
    # furniture for exhibitions is no exhibition; books repaired or given away are not new
    ("<p>Читальный зал на 8 посадочных мест со стеллажами открытого доступа и стендами для выставок.</p>",
     "exhibitions"),
    ("<p>После ремонта в «Книжкиной больнице» отремонтированные книги получили новую обложку.</p>",
     "new_arrivals"),
    # a site platform's own news (schools.by) is no project of the library
    (f"<h2>Новости проекта</h2>{FILLING}", "projects"),
    # the readers named, but not as the ones whose rights or duties the sentence states
    ("<p>Для наших читателей библиотека подготовила обзор новых книг о праве.</p>", "regulations"),
    ("<p>Книги, которые читатель обязательно возьмёт с собой в отпуск, стоят на отдельной полке.</p>",
     "regulations"),
    # a statute of a contest or an action the library holds is not the library's own document
    (f"<h2>Положение о конкурсе чтецов в библиотеке</h2>{FILLING}", "regulations"),
    (f"<h2>Порядок проведения акции «Подари книгу библиотеке»</h2>{FILLING}", "regulations"),
    # a document's title names the document: what it is about is not a section of the page
    (f"<h2>Положение об электронной библиотеке</h2>{FILLING}", "e_resources"),
    # what a lesson's listeners learned is its topic, not the page's own library
    ("<p>Студенты узнали, какой была библиотека колледжа в разные годы, и обсудили, что сегодня "
     "библиотека — информационный центр, а не только место выдачи книг.</p>", "about"),
    ("<p>Ребятам рассказали, что праздник появился в 1999 году и что библиотека школы открылась в 1961 "
     "году.</p>", "about"),
    # books given to a contest's winners or to first-graders are no new arrivals of the library
    ("<p>Победители конкурса чтецов получили в подарок книги и грамоты.</p>", "new_arrivals"),
    # books brought to the library, not said to be a gift: returned, maybe
    ("<p>Ребята принесли в библиотеку 29 книг.</p>", "new_arrivals"),
    # a gift from the library, and a call to give one
    ("<p>Ребята получили книги в подарок от библиотеки.</p>", "new_arrivals"),
    ("<p>Принесите книгу в подарок библиотеке!</p>", "new_arrivals"),
    ("<p>После праздника первоклассникам подарили книги о школе.</p>", "new_arrivals"),
    # an exclamation is a slogan or an event's title, not a section's name
    (f"<h2>Береги учебник!</h2>{FILLING}", "textbooks"),
    (f"<h2>Живи, учебник!</h2>{FILLING}", "textbooks"),
    # a span of time is no count of textbooks
    ("<p>На уроке ребята узнали, что первый учебник появился 500 лет назад.</p>", "textbooks"),
    # the fund's growth is new books, not the fund's size
    ("<p>Благодаря акции библиотечный фонд школы-интерната вырос на 500 книг.</p>", "about"),
    ("<p>За месяц фонд библиотеки пополнился на 35 книг, подаренных читателями.</p>", "about"),
    # a schedule of returning textbooks is a table with dates, but no plan
    ("<table><tr><td>Дата</td><td>Действие</td><td>Класс</td><td>Ответственный</td></tr>"
     "<tr><td>20.05</td><td>Сдают</td><td>9а</td><td>Классный руководитель</td></tr></table>", "work_plan"),
    # books that arrived, were given or issued are no count of the whole fund
    ("<p>В фонд поступили новые книги — всего читатели подарили 136 книг.</p>", "about"),
    ("<p>Учителя и ученики получили учебники — всего выдано 30 872 экземпляра.</p>", "about"),
    # the director's (or the department's) reception of citizens is no library timetable
    ("<p>График приема граждан:</p><p>Среда с 16.00 до 18.00</p>", "work_hours"),
    ("<p>Приём по личным вопросам: вторник с 14.00 до 17.00</p>", "work_hours"),
    # a page that says what it holds reports no event; nor do materials an event needs
    ("<p>Сценарии библиотечных уроков собраны в этом разделе.</p>", "news"),
    ("<p>Методические материалы для проведения библиотечных уроков собраны учителями.</p>", "news"),
    # libraries in general, and an electronic library, are not this school's library
    ("<p>Библиотеки имеются повсеместно: библиотечная комната есть в любой школе мира.</p>", "about"),
    ("<p>Библиотеки, подчинённые министерству культуры, создают свои сайты в Интернете.</p>", "about"),
    ("<p>Электронная библиотека школы представляет собой информационную систему для хранения документов.</p>",
     "about"),
    ("<p>Электронная библиотека школы помогает ученикам готовиться к урокам дома.</p>", "about"),
    # an event the library helped with is news, not a description; nor is supplying textbooks
    ("<p>Библиотека помогла провести праздник для первоклассников.</p>", "about"),
    ("<p>Школьная библиотека обеспечивает учащихся учебниками и учебными пособиями.</p>", "about"),
    # a fund grown by textbooks is the textbooks section, not new arrivals
    ("<p>В 2019 году фонд пополнился 1527 экз. учебников.</p>", "new_arrivals"),
    # a textbooks count in one list with other editions is the whole fund
    ("<p>В школьном книгохранилище хранится более 28 000 экземпляров книг и учебников.</p>", "textbooks"),
    # a statute's definition of a day is no event
    ("<p>Под санитарным днём в библиотеке понимается день, в который библиотекарем проводится уборка.</p>",
     "news"),
    # a librarian's habitual routine is no exhibition shown
    ("<p>Ученики любят заниматься в читальном зале: готовят доклады, знакомятся с новой выставкой.</p>",
     "exhibitions"),
    # an exhibition named among three and more forms of work, told as what the library offers
    ("<p>Библиотека предлагает обслуживание в режиме «запрос-ответ», литературные вечера, викторины, "
     "конкурсы, беседы-обзоры, круглые столы, а также оформление выставок.</p>", "exhibitions"),
    # a reader's rights, their lead-in on a line of its own, are the rules, not the library described
    ("<p>ЧИТАТЕЛЬ ИМЕЕТ ПРАВО:</p><p>знакомиться со сведениями о составе библиотечного фонда, получать "
     "консультацию при поиске источников; бесплатно пользоваться услугами библиотеки; участвовать в "
     "мероприятиях, которые проводит библиотека.</p>", "about"),
    ("<p>Положение устанавливает, каким требованиям обязана соответствовать библиотека как структурное "
     "подразделение школы.</p>", "about"),
    # an enumeration's item is no label over the items after it
    ("<p>Эту память хранят:</p><ul><li>рассказы ветеранов;</li><li>документы;</li><li>письма;</li>"
     "<li>фотографии и книги.</li></ul>", "regulations"),
    # a list's item that is a section's name is one of the list's things: forms of work here
    ("<p>Основа методической деятельности:</p><ul><li>книжные выставки</li><li>тематические мероприятия для "
     "учеников</li><li>обзоры литературы для учителей</li></ul>", "exhibitions"),
    # a document quoted as an event's topic is no document shown
    ("<p>Спортивный праздник прошёл в зале.</p><p>8 февраля второклассники вместе с классным руководителем "
     "пришли в библиотеку на беседу о «Правилах пользования библиотекой» и о правилах безопасности в ней.</p>",
     "regulations"),
    # the link to all the site's news under its column is no news section
    ("<p>Фонд библиотеки насчитывает 12 540 экземпляров.</p><h3>Все новости</h3><p>Архив новостей школы за "
     "все годы работы сайта.</p>", "news"),
    # the textbook fund's growth is the textbooks' section, not new arrivals
    ("<h2>Пополнение фонда учебной литературы</h2><p>Фонд пополняется за счёт регионального бюджета каждый "
     "год.</p>", "new_arrivals"),
    # a state and, after a semicolon, the lessons the room serves: no lesson held
    ("<p>В настоящее время библиотека оснащена компьютером и проектором; использование библиотеки "
     "возможно как на уроках, так и во внеурочное время.</p>", "news"),
    # a capital title inside a line that is no library document: a contest's rules
    ("<p>Ученики прочитали стихи Пушкина, а Положение о конкурсе чтецов обсудили всем классом.</p>",
     "regulations"),
    # a feed's page over «в стадии наполнения», its title said again above the marker
    ("<h1>Главная / Библиотека / Новости библиотеки</h1><h2>Новости библиотеки</h2><p>Раздел находится в "
     "стадии наполнения.</p><p>Педагог-библиотекарь: Смирнова Елена Викторовна</p>", "news"),
    # books that arrive are no figure of the fund; rooms shown on an excursion are no description
    ("<p>В фонд библиотеки поступило 48 книг для младших школьников.</p>", "about"),
    ("<p>Педагог-библиотекарь познакомила ребят с абонементом и читальным залом.</p>", "about"),
    ("<h2>Поступление учебных пособий на 2024/2025 учебный год</h2><p>Получено 120 экземпляров.</p>",
     "new_arrivals"),
    # another library's hours and phone, and a plan's task for the year
    ("<h2>Часы работы Центральной городской библиотеки: вт–сб 10–19, вс 10–18</h2>", "work_hours"),
    ("<p>Городская детская библиотека №3: ул. Мира, 8, тел. 22-41-90 — записывайтесь!</p>", "contacts"),
    ("<p>Задачи на год: оформлять выставки к знаменательным датам.</p>", "exhibitions"),
    # a news heading with a value is a plan's line, not a report
    ("<h2>Мероприятие: ознакомление с новыми книгами, поступившими в библиотеку</h2>", "news"),
    # the footer under a menu's last item is no item of it
    ("<h2>Архив новостей</h2><h2>© 2008–2024 ГУО «Браславская гимназия»</h2>", "news"),
    # a word that opens with «ул» is no street («доброжелательная улыбка библиотекаря»)
    ("<h2>Контакты</h2><p>Доброжелательная улыбка библиотекаря встречает каждого читателя.</p>", "contacts"),
    # a compound is another word: «документовыдача» (documents lent) is no «документы»
    ("<p>Книговыдача — 17 500.</p><p>Документовыдача — 9547.</p>", "regulations"),
    # a club's goals are not the library's
    ("<h2>Цели и задачи клуба</h2><p>Развивать интерес к чтению у младших школьников.</p>", "about"),
    # the school's address is the school's
    ("<p>Школа находится по адресу: ул. Ленина, 5.</p>", "contacts"),
    # whoever came is a condition, not a report
    ("<p>Кто пришёл в библиотеку впервые, может записаться в читатели у библиотекаря.</p>", "news"),
    # how one takes part in the library's own book exchange is no project it joined
    ("<p>Выбрав книгу, вы приходите к библиотекарю и записываетесь участником проекта.</p>", "projects"),
    # the federal list of textbooks is no list of extremist materials
    ("<p>Федеральный список учебников обновляется каждый год.</p>", "safe_internet"),
    # a calendar widget's days run together are no phone: after «8» a number has ten digits
    ("<p>Календарь</p><p>Июль 2024</p><p>ПнВтСрЧтПтСбВс</p><p>1234567</p><p>891011121314</p><p>15161718192021</p>",
     "contacts"),
    # a review of a book is no message to the library; the librarian answering at a lesson is an event
    ("<p>Можно написать отзыв о прочитанной книге и сдать его учителю.</p>", "feedback"),
    ("<p>Библиотекарь ответила на вопросы ребят о книгах.</p>", "feedback"),
    # readers who came for new books are no books that came
    ("<p>Ребята пришли в библиотеку за новыми книгами и журналами.</p>", "new_arrivals"),
    # an infinitive item of such a list is not a list's heading itself
    ("<h2>В библиотеке можно</h2><h2>Познакомиться с книжными выставками</h2><h2>Подготовить реферат</h2>",
     "exhibitions"),
    # rooms walked through on a visit are no description of the premises
    ("<p>Малыши обошли всю библиотеку, заглянули на абонемент и в читальный зал, подержали в руках книги.</p>",
     "about"),
    # a year long past sets the library's history, not its news or its arrivals
    ("<p>С 1966 года библиотеку вела молодой специалист Закирова Р.: она устраивала для ребят тематические "
     "вечера, беседы и обзоры.</p>", "news"),
    ("<p>В 1950 году из фонда городской библиотеки выделили детскую литературу и передали её в школьную "
     "библиотеку.</p>", "new_arrivals"),
    # a lesson on safety in the net still to come, or another library's
    ("<p>В феврале в школьной библиотеке пройдёт урок безопасного интернета.</p>", "safe_internet"),
    ("<p>В районной библиотеке прошла неделя безопасного Рунета.</p>", "safe_internet"),
    # an invitation to what is still to come is an announcement
    ("<p>Приглашаем читателей: скоро мы будем знакомиться с новыми книгами школьной библиотеки.</p>",
     "new_arrivals"),
    # a thing spoken of is not a thing shown: what readers may learn about, what a lesson told of
    ("<p>На этой странице можно узнать о будущих конкурсах, выставках и мероприятиях.</p>", "exhibitions"),
    ("<p>В школьной библиотеке ребятам рассказали о новых книгах детских писателей.</p>", "new_arrivals"),
    ("<p>Здесь можно получить консультацию об услугах и фондах библиотеки.</p>", "about"),
    # electronic resources as one kind of document a reference gathers
    ("<p>Тематическая справка – подборка книг, статей, электронных ресурсов, имеющихся в школьной "
     "библиотеке.</p>", "e_resources"),
]


@pytest.mark.parametrize(("body", "section"), ABSENT)
def test_precision_traps(body: str, section: str) -> None:
    verdict = section_verdicts(site_of(body))[section]
    assert not verdict.present, (body, verdict.evidence)


def test_the_schools_address_in_its_masthead_is_no_library_contact() -> None:
    """«Адрес: …; телефоны …» under the school's name, above the library's first line, is the
    school's masthead; the same label under the library's heading is the library's."""
    masthead = ("<p>Адрес: 210032, г. Витебск, проспект Победы, 29-А; телефоны +375212 600000</p>"
                "<h2>Библиотека гимназии</h2><p>У каждой библиотеки свои черты, и наша открыта для всех.</p>")
    page = snap(LIB, page_html(masthead, title="Гимназия № 7 г. Витебска"))
    assert not section_verdicts(CentreSite([page], LIB, rulebook()))["contacts"].present
    below = ("<h2>Библиотека гимназии</h2><p>Адрес: 210032, г. Витебск, проспект Победы, 29-А; "
             "телефоны +375212 600000</p>")
    page = snap(LIB, page_html(below, title="Гимназия № 7 г. Витебска"))
    assert section_verdicts(CentreSite([page], LIB, rulebook()))["contacts"].present


def test_the_schools_footer_set_as_text_is_no_library_contact() -> None:
    """A site built without a <footer> ends its text with the school's name, address, phone
    and e-mail, then «© 2024 …» under them: the school's contacts, wherever the © stands;
    the library's own phone over the same © line stays the library's."""
    footer = ("<p>МБОУ «Средняя общеобразовательная школа № 4»</p><p>Адрес: ул. Школьная, д. 4</p>"
              "<p>Телефон: +7 (42135) 2-44-44</p><p>E-mail: 4-school@mail.ru</p>"
              "<p>© 2024 МБОУ «Средняя общеобразовательная школа № 4». Работает на WordPress</p>")
    body = "<h2>О библиотеке</h2><p>Библиотека школы находится на втором этаже главного корпуса.</p>"
    assert not section_verdicts(site_of(body + footer))["contacts"].present
    # the © a few lines off, past a visitors' counter
    counter = ("<p>Турнир по волейболу на кубок директора</p><p>Все новости</p>"
               "<p>E-mail: school12-edu@yandex.ru</p><p>Счётчик посещений: 212020</p>"
               "<p>© 2010–2024 Все права защищены</p>")
    assert not section_verdicts(site_of(body + counter))["contacts"].present
    # a Belarusian school's name has no legal form: «ГУО «Слобудская средняя школа»»
    belarus = ("<p>ГУО «Слобудская средняя школа» Пружанского района</p><p>Адрес: 225133, Брестская область, "
               "аг. Слобудка, ул. Школьная, 1</p><p>Телефон: +375 1632 6-72-41</p>")
    assert not section_verdicts(site_of(body + belarus))["contacts"].present
    own = "<p>Библиотека: телефон +7 (42135) 2-55-55, e-mail biblio4@mail.ru</p>"
    tail = "<p>© 2024 МБОУ «Средняя общеобразовательная школа № 4»</p>"
    assert section_verdicts(site_of(body + own + tail))["contacts"].present


def test_name_and_title_alone_leave_the_advice_to_add_a_phone() -> None:
    verdict = section_verdicts(site_of("<p>Заведующая библиотекой – Иванова Мария Петровна</p>"))["contacts"]
    assert not verdict.present and not verdict.empty


def test_document_title_counts_only_for_the_section_it_names() -> None:
    body = ('<h2>Методическая копилка</h2><ul>'
            '<li><a href="/files/urok.docx">Сценарий библиотечного урока «Путешествие в страну книг» (DOCX)</a></li>'
            '<li><a href="/files/pravila.pdf">Правила пользования библиотекой (PDF)</a></li></ul>')
    verdicts = section_verdicts(site_of(body, doc("http://school.test/files/urok.docx"),
                                        doc("http://school.test/files/pravila.pdf")))
    assert not verdicts["news"].present
    assert verdicts["methodical"].present
    assert verdicts["regulations"].present
    assert verdicts["regulations"].evidence[0].kind == "document"


def test_labels_over_empty_or_under_construction() -> None:
    body = "<p>Режим работы:</p><p>Раздел в разработке</p>"
    verdict = section_verdicts(site_of(body))["work_hours"]
    assert not verdict.present and verdict.empty


@pytest.mark.parametrize("block", [
    "<h2>Документы</h2><h2>Документы не добавлены</h2>",  # a site builder's empty list
    "<h2>Нормативные документы (раздел в разработке)</h2>",
    "<h2>Документы</h2><p>Информация обновляется</p>",
])
def test_a_heading_that_says_it_is_empty_names_no_section(block: str) -> None:
    body = "<p>Школьная библиотека обслуживает учеников и учителей.</p>" + block + "<h2>Фотогалерея</h2>"
    assert not section_verdicts(site_of(body))["regulations"].present


@pytest.mark.parametrize("lines, present", [
    # a resource's own name on its line is the resource (a link on the page), not an empty title
    (("Полезные ссылки", "Национальная электронная библиотека (НЭБ)", "Фотогалерея"), True),
    (("Электронные ресурсы", "ЛитРес: Школа", "Фотогалерея"), True),
    # a section's title over nothing stays empty
    (("Электронные ресурсы", "Фотогалерея"), False),
])
def test_a_line_that_names_an_electronic_library_is_the_resource(lines: tuple[str, ...], present: bool) -> None:
    body = "<p>Школьная библиотека обслуживает учеников и учителей.</p>" + "".join(f"<h2>{ln}</h2>" for ln in lines)
    assert section_verdicts(site_of(body))["e_resources"].present is present


@pytest.mark.parametrize("lines, sid, present", [
    # a list of the library's documents, each a line of its own: the documents themselves
    (("Документы", "Положение о школьной библиотеке", "Правила пользования библиотекой", "Фотогалерея"),
     "regulations", True),
    (("План работы библиотеки", "Фотогалерея"), "work_plan", True),
    (("Информационная безопасность", "Федеральный список экстремистских материалов (сайт Минюста России)",
      "Фотогалерея"), "safe_internet", True),
    # but not over «Раздел в разработке»: that says it is empty
    (("План работы библиотеки", "<p>Раздел в разработке</p>"), "work_plan", False),
])
def test_a_line_that_names_a_document_is_the_document(lines: tuple[str, ...], sid: str, present: bool) -> None:
    body = "<p>Школьная библиотека обслуживает учеников и учителей.</p>" + "".join(
        ln if ln.startswith("<") else f"<h2>{ln}</h2>" for ln in lines)
    assert section_verdicts(site_of(body))[sid].present is present


def test_label_followed_by_a_dead_link_is_judged_by_the_link() -> None:
    from checks.site import LinkVerdict

    body = '<p>Поиск книг: <a href="http://opac.test/">электронный каталог</a></p>'
    dead = {"http://opac.test/": LinkVerdict("http://opac.test/", "broken", 404)}
    verdict = section_verdicts(site_of(body, verdicts=dead))["catalog"]
    assert not verdict.present and verdict.empty


# -- links to the library's pages outside its path -------------------------------------

WP_LIB = "http://wp-school.test/biblioteka/"


def wordpress_page(body: str, title: str, sidebar: str = "") -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{title} – Школа № 3</title></head><body>'
        '<header id="masthead"><nav class="main-navigation"><ul><li><a href="/">Главная</a></li>'
        '<li><a href="/category/novosti/">Новости</a></li><li><a href="/kontakty/">Контакты</a></li></ul></nav></header>'
        f'<div id="primary"><main id="main"><article><h1 class="entry-title">{title}</h1>'
        f'<div class="entry-content">{body}</div></article></main></div>'
        f'<aside id="secondary" class="widget-area">{sidebar}</aside></body></html>'
    )


LIB_SIDEBAR = ('<section class="widget"><h2 class="widget-title">Библиотека</h2><ul>'
               '<li><a href="/category/biblioteka/">События</a></li>'
               '<li><a href="/biblioteka/">О библиотеке</a></li></ul></section>')


def test_wordpress_category_linked_as_events_is_the_news() -> None:
    main = snap(WP_LIB, wordpress_page("<p>Школьная библиотека работает для всех.</p>", "Библиотека", LIB_SIDEBAR))
    category = snap("http://wp-school.test/category/biblioteka/", wordpress_page(
        '<article><h2><a href="/2026/10/28/vstrecha/">Встреча с писателем</a></h2>'
        '<time datetime="2026-10-28T10:00:00+10:00">28.10.2026</time><p>Опубликовано 28.10.2026</p></article>'
        '<article><h2><a href="/2026/09/20/knigi/">Неделя книги</a></h2>'
        '<time datetime="2026-09-20T10:00:00+10:00">20.09.2026</time></article>', "Рубрика: Библиотека"))
    school_news = snap("http://wp-school.test/category/novosti/", wordpress_page(
        "<article><h2>Линейка 1 сентября</h2><time datetime='2026-09-01'>01.09.2026</time></article>", "Новости"))
    site = CentreSite([main, category, school_news], WP_LIB, rulebook())
    verdict = section_verdicts(site)["news"]
    assert verdict.present
    assert verdict.evidence[0].url == "http://wp-school.test/category/biblioteka/"


def test_school_news_feed_in_the_site_menu_is_not_the_library_news() -> None:
    main = snap(WP_LIB, wordpress_page("<p>Школьная библиотека работает для всех.</p>", "Библиотека"))
    school_news = snap("http://wp-school.test/category/novosti/", wordpress_page(
        "<article><h2>Линейка 1 сентября</h2><time datetime='2026-09-01'>01.09.2026</time></article>"
        "<article><h2>Спортивные соревнования</h2><time datetime='2026-10-01'>01.10.2026</time></article>", "Новости"))
    contacts = snap("http://wp-school.test/kontakty/", wordpress_page("<p>Телефон школы: 8 (4212) 45-67-89</p>", "Контакты"))
    verdicts = section_verdicts(CentreSite([main, school_news, contacts], WP_LIB, rulebook()))
    assert not verdicts["news"].present
    assert not verdicts["contacts"].present


def test_school_news_linked_from_the_library_text_counts_only_when_about_the_library() -> None:
    school_news = snap("http://school.test/novosti/", page_html(
        "<p>01.09.2026 Линейка.</p><p>15.09.2026 Кросс нации.</p><p>01.10.2026 День учителя.</p>", title="Новости"))
    verdicts = section_verdicts(site_of('<p><a href="/novosti/">Новости</a></p>', school_news))
    assert not verdicts["news"].present
    library_news = snap("http://school.test/novosti/", page_html(
        "<p>01.10.2026 В библиотеке открыта книжная выставка для читателей.</p>"
        "<p>15.10.2026 Библиотечный урок: как выбрать книгу.</p>", title="Новости"))
    verdicts = section_verdicts(site_of('<p><a href="/novosti/">Новости</a></p>', library_news))
    assert verdicts["news"].present


UCOZ_LIB = "http://ucoz-school.test/index/biblioteka/0-12"


def ucoz_page(title: str, body: str) -> str:
    return (
        f'<html><head><meta http-equiv="content-type" content="text/html; charset=windows-1251">'
        f'<title>{title} - МБОУ СОШ № 5</title></head><body><div id="header">Пятница, 27.11.2026, 10:15'
        '<h1 class="logo">МБОУ СОШ № 5</h1></div><table><tr><td class="sidebar"><div class="menu">'
        '<a href="/">Главная</a><a href="/index/biblioteka/0-12">Библиотека</a>'
        '<a href="/index/novye-postupleniya/0-17">Новые поступления</a>'
        '<a href="/index/vystavki/0-18">Выставки</a><a href="/news/">Новости</a></div></td>'
        f'<td class="content"><div class="eTitle">{title}</div><div class="eText">{body}</div></td></tr></table>'
        "</body></html>"
    )


def test_ucoz_section_pages_in_the_library_menu() -> None:
    main = snap(UCOZ_LIB, ucoz_page("Библиотека", "<p>Добро пожаловать в школьную библиотеку!</p>"))
    arrivals = snap("http://ucoz-school.test/index/novye-postupleniya/0-17", ucoz_page(
        "Новые поступления", "<p>Арсеньев В. К. Дерсу Узала. – Хабаровск, 2025.</p>"
        "<p>Задорнов Н. П. Амур-батюшка. – М., 2024.</p>"))
    exhibitions = snap("http://ucoz-school.test/index/vystavki/0-18", ucoz_page(
        "Выставки", "<p>«Край, в котором я живу» – выставка о Хабаровском крае.</p>"))
    school_news = snap("http://ucoz-school.test/news/", ucoz_page(
        "Новости", "<p>28.10.2026 Родительское собрание.</p><p>20.10.2026 Осенний кросс.</p>"))
    verdicts = section_verdicts(CentreSite([main, arrivals, exhibitions, school_news], UCOZ_LIB, rulebook()))
    assert verdicts["new_arrivals"].present
    assert verdicts["exhibitions"].present
    assert not verdicts["news"].present  # the school's news module, about other things


def test_ucoz_page_title_names_its_section() -> None:
    url = "http://ucoz-school.test/index/rezhim/0-15"
    hours = snap(url, ucoz_page("Режим работы", "<p>Пн–Пт: 8.30–16.30</p>"))
    main = snap(UCOZ_LIB, ucoz_page("Библиотека", f'<p><a href="{url}">Наш режим</a></p>'))
    verdict = section_verdicts(CentreSite([main, hours], UCOZ_LIB, rulebook()))["work_hours"]
    assert verdict.present


def test_ucoz_submenu_under_the_library_item_leads_to_its_pages() -> None:
    menu = ('<td class="sidebar"><ul class="uMenuRoot"><li><a href="/">Главная</a></li>'
            '<li><a href="/index/biblioteka/0-12">Библиотека</a><ul class="uMenuSub">'
            '<li><a href="/index/planirovanie/0-19">Планирование</a></li>'
            '<li><a href="/index/obratnaya-svyaz/0-25">Обратная связь</a></li></ul></li>'
            '<li><a href="/index/kontakty/0-2">Контакты</a></li></ul></td>')

    def page(title: str, body: str) -> str:
        return (f'<html><head><title>{title} - МБОУ СОШ № 5</title></head><body><table><tr>{menu}'
                f'<td class="content"><div class="eTitle">{title}</div>{body}</td></tr></table></body></html>')

    main = snap(UCOZ_LIB, page("Библиотека", "<p>Добро пожаловать!</p>"))
    plan = snap("http://ucoz-school.test/index/planirovanie/0-19", page(
        "Планирование", '<p><a href="/files/plan-2026.pdf">План работы ИБЦ на 2026–2027 учебный год</a></p>'))
    ask = snap("http://ucoz-school.test/index/obratnaya-svyaz/0-25", page(
        "Обратная связь", "<p>Задайте вопрос библиотекарю:</p><form><textarea name='q'></textarea></form>"))
    school = snap("http://ucoz-school.test/index/kontakty/0-2", page("Контакты", "<p>Приёмная: 8 (4212) 45-67-89</p>"))
    pdf = doc("http://ucoz-school.test/files/plan-2026.pdf")
    verdicts = section_verdicts(CentreSite([main, plan, ask, school, pdf], UCOZ_LIB, rulebook()))
    assert verdicts["work_plan"].present  # a page of the library's own submenu
    assert verdicts["feedback"].present
    assert not verdicts["contacts"].present  # the school's page in the school's menu


def test_tabs_open_their_panes() -> None:
    body = ('<ul class="nav nav-tabs"><li><a href="#tab-0" data-toggle="tab">Афиша</a></li>'
            '<li><a href="#tab-1" data-toggle="tab">Новинки</a></li></ul><div class="tab-content">'
            '<div class="tab-pane" id="tab-0"><p>27 сентября 2026 г. в ИБЦ прошёл библиотечный урок.</p></div>'
            '<div class="tab-pane" id="tab-1"><p>Раздел в разработке</p></div></div>')
    verdicts = section_verdicts(site_of(body))
    assert verdicts["news"].present and verdicts["news"].evidence[0].kind == "tab"
    assert verdicts["new_arrivals"].empty and not verdicts["new_arrivals"].present


def test_feed_of_dated_posts_is_news_and_dated_paragraphs_are_not() -> None:
    feed = ('<div class="blog"><article class="post"><h2><a href="/2026/11/09/nedelya/">Неделя детской книги</a></h2>'
            '<time datetime="2026-11-09T10:00:00+10:00">09.11.2026</time></article>'
            '<article class="post"><h2><a href="/2026/10/03/ekskursiya/">Экскурсия по ИБЦ</a></h2>'
            '<time datetime="2026-10-03T10:00:00+10:00">Октябрь 3, 2026</time></article></div>')
    verdict = section_verdicts(site_of(feed))["news"]
    assert verdict.present and verdict.evidence[0].kind == "content"
    lines = ('<div><p><b>19 октября 2026 г.</b> <a href="/biblioteka/novosti/1.html">Неделя детской книги</a></p>'
             '<p><b>12.10.2026</b> <a href="/biblioteka/novosti/2.html">Посвящение в читатели</a></p></div>')
    assert section_verdicts(site_of(lines))["news"].present
    stories = ("<p>12 октября 2026 г. в ИБЦ прошла акция «Подари книгу». Ребята узнали много нового.</p>"
               "<p>3 октября 2026 г. в ИБЦ прошёл урок мужества. Ребята узнали много нового.</p>")
    verdict = section_verdicts(site_of(stories))["news"]
    assert verdict.present and verdict.evidence[0].kind == "sentence"  # reports of events, not a feed
    documents = ('<ul><li><a href="/files/pr1.pdf">Приказ № 12 от 01.09.2026</a></li>'
                 '<li><a href="/files/pr2.pdf">Приказ № 15 от 05.09.2026</a></li></ul>')
    assert not section_verdicts(site_of(documents))["news"].present


def test_marker_under_a_name_then_a_list_of_the_page_sections_is_empty() -> None:
    body = ('<h2>Наши проекты</h2><p>Раздел в разработке</p><p>Разделы:</p><ul>'
            '<li><a href="/biblioteka/rezhim/">Режим работы</a></li><li><a href="/biblioteka/plan/">План работы</a></li>'
            '</ul>')
    verdict = section_verdicts(site_of(body))["projects"]
    assert verdict.empty and not verdict.present


def test_bold_title_lines_and_class_titles_of_one_page() -> None:
    body = ('<h2>Новые книги</h2><ul><li>Р. Погодин. Кирпичные острова</li></ul>'
            '<div class="block-title">Цели и задачи ИБЦ</div><p>Формирование культуры чтения обучающихся.</p>'
            '<p><strong>Читательские проекты</strong></p><p>Проект «Летнее чтение»: участвуют 5–9 классы.</p>')
    verdicts = section_verdicts(site_of(body))
    assert verdicts["about"].present and verdicts["projects"].present and verdicts["new_arrivals"].present


@pytest.mark.parametrize(
    ("text", "href", "section"),
    [
        ("Наша библиотека", "/files/pasport-ibts.pdf", "about"),
        ("Планирование", "/files/plan-raboty-biblioteki-na-2026-2027-uch-.pdf", "work_plan"),
        ("Документ", "/files/polozhenie-o-shkolnoy-biblioteke.docx", "regulations"),
    ],
)
def test_document_file_name_names_its_section(text: str, href: str, section: str) -> None:
    body = f'<p><a href="{href}">{text}</a></p>'
    verdict = section_verdicts(site_of(body, doc(f"http://school.test{href}")))[section]
    assert verdict.present and verdict.evidence[0].kind == "document"


def test_school_words_make_a_name_the_schools() -> None:
    news = snap("http://school.test/novosti-shkoly/", page_html(
        "<article><h2><a href='/n/1'>Линейка</a></h2><p>01.09.2026</p></article>"
        "<article><h2><a href='/n/2'>Кросс</a></h2><p>15.09.2026</p></article>", title="Новости школы"))
    verdicts = section_verdicts(site_of('<p><a href="/novosti-shkoly/">Новости школы</a></p>', news))
    assert not verdicts["news"].present


# running text that reports the library doing or showing a section's thing (issue 15)
PROSE = [
    ("<p>С 18 по 22 января в читальном зале работала книжная выставка «Юбиляры года».</p>", "exhibitions"),
    ("<p>В читальном зале оформлена выставка к юбилею Пушкина.</p>", "exhibitions"),
    ("<p>После акции библиотечный фонд получил новые энциклопедии и словари.</p>", "new_arrivals"),
    ("<p>К месячнику библиотек оформили выставку новых книг и провели викторину.</p>", "exhibitions"),
    ("<p>В октябре в библиотеке прошёл библиотечный урок для учеников 3 класса.</p>", "news"),
    # an exhibition shown to guests
    ("<p>После часа поэзии гостям показали выставку сборников стихов военных лет.</p>", "exhibitions"),
    # a raid is the library's event however it is told
    ("<p>В апреле ученики 5–7 классов проверялись в рейде по сохранности учебников.</p>", "news"),
    # new books of the fund shown to readers
    ("<p>В конце урока библиотекарь представила ребятам новинку фонда — повесть о блокаде.</p>", "new_arrivals"),
    # the library's rooms named together describe its premises
    ("<p>Помещения у нас просторные: читальный зал, абонемент и зона отдыха.</p>", "about"),
    # pupils named by their class year, as «первоклассники» are
    ("<p>Вчера второклассники пришли в школьную библиотеку и сами выбрали себе книги.</p>", "news"),
    ("<p>В конце августа учебники для 1–4 классов получают классные руководители.</p>", "textbooks"),
    ("<p>В библиотеке хранится 358 экз. учебников для начальной школы.</p>", "textbooks"),
    ("<p>В библиотеке более 13000 печатных изданий и 300 электронных.</p>", "about"),
    ("<p>Библиотека находится на втором этаже, рядом с актовым залом.</p>", "about"),
    ("<p>Читальный зал совмещён с абонементом и рассчитан на 20 человек.</p>", "about"),
    ("<p>Основными задачами ИБЦ являются поддержка чтения и доступ к информации для всех читателей.</p>", "about"),
    ("<p>Библиотека открылась в 1961 году в старом здании школы.</p>", "about"),
    ("<p>Депутат городской думы подарил школьной библиотеке набор новых книжек о природе.</p>", "new_arrivals"),
    ("<p>Сегодня главными задачами нашей школьной библиотеки остаются поддержка чтения и помощь в учёбе.</p>",
     "about"),
    ("<p>Цели и задачи работы информационно-библиотечного центра: доступ к информации для всех.</p>", "about"),
    ("<p>Классные руководители приносят учебники 1–4 классов в библиотеку по графику.</p>", "textbooks"),
    ("<p>Учащиеся 5–11 классов возвращают учебники сами, вместе с классным руководителем.</p>", "textbooks"),
    ("<p>В Пушкинский день в библиотеке устроили выставку его произведений для детей.</p>", "exhibitions"),
    ("<p>В программе были беседа о Гагарине, викторина, а также книжная выставка с обзором.</p>", "exhibitions"),
    ("<p>Подсказкой командам в игре служила книжно-иллюстративная выставка «Страна сказок».</p>", "exhibitions"),
    ("<p>О подвиге защитников крепости ребята узнали из тематической книжной выставки.</p>", "exhibitions"),
    ("<p>Наша библиотека участвует во всероссийском проекте «Читающая мама» второй год.</p>", "projects"),
    ("<p>Порядок записи читателей определён Положением о школьной библиотеке гимназии.</p>", "regulations"),
    ("<p>В фонд библиотеки входят книги, периодика, брошюры и аудиокниги.</p>", "about"),
    # a short participle's lemma is the transitive verb: «расположена» is «расположить»
    ("<p>Школьная библиотека расположена на втором этаже главного корпуса.</p>", "about"),
    ("<p>Библиотека была открыта в 1965 году вместе со школой.</p>", "about"),
    # a dash for «is»: a statement with no verb
    ("<p>Сегодня главная задача библиотеки — обеспечение учебного процесса.</p>", "about"),
    # the librarian reports the event; a compound's first noun names it («игру-путешествие»)
    ("<p>Библиотекарь рассказала шестиклассникам о словарях Даля и Ожегова.</p>", "news"),
    ("<p>Педагог-библиотекарь познакомила семиклассников с новыми книгами фонда.</p>", "news"),
    ("<p>В школьной библиотеке для второклассников подготовили игру-путешествие по сказкам.</p>", "news"),
    ("<p>Чтобы привлечь читателей, в библиотеке провели акцию «Читаем вместе».</p>", "news"),
    # what the participants did, and events named by their kind
    ("<p>Юные читатели смотрели мультфильм по сказке Чуковского и отгадывали загадки.</p>", "news"),
    ("<p>Ученики 7 класса стали участниками литературной игры.</p>", "news"),
    ("<p>Первоклассников записали в библиотеку и вручили им читательские билеты.</p>", "news"),
    # a report that cites the plan it followed
    ("<p>Согласно плану работы библиотеки в октябре прошла неделя книги.</p>", "news"),
    # one named event going on now is news too
    ("<p>В библиотеке МБОУ ЦО № 7 идёт флешмоб «Книжная закладка».</p>", "news"),
    ("<p>Сейчас в школьной библиотеке проходит Неделя детской книги.</p>", "news"),
    # books already given to the library, named by a participle
    ("<p>Дети разглядывали книги, подаренные библиотеке, и выбирали, что прочитать.</p>", "new_arrivals"),
    # a themed book shelf is a small exhibition
    ("<p>В библиотеке подготовили книжную полку к 100-летию со дня рождения поэта.</p>", "exhibitions"),
    ("<p>Учащиеся посмотрели материалы книжной полки «Осторожно, тонкий лёд!».</p>", "exhibitions"),
    # an electronic library open to the readers, named in a sentence
    ("<p>Учащиеся могут бесплатно читать книги на платформе ЛитРес: Школа.</p>", "e_resources"),
    ("<p>Школа подключена к Национальной электронной библиотеке (НЭБ).</p>", "e_resources"),
    # its name in quotes is the platform itself, not an event's title
    ("<p>У нашей школы есть доступ к «ЛитРес: Школа», читать можно с телефона.</p>", "e_resources"),
    ("<p>Школа подключена к «Национальной электронной библиотеке».</p>", "e_resources"),
    # the school's library named beside another one still counts
    ("<p>Школьная и районная библиотеки оформили общую книжную выставку к юбилею края.</p>", "exhibitions"),
    # the library itself received the books
    ("<p>В прошлом году школьная библиотека получила в дар 30 новых книг.</p>", "new_arrivals"),
    ("<p>Выпускники принесли в подарок библиотеке 18 новых книг.</p>", "new_arrivals"),
    # a gift named by its noun, no verb of giving
    ("<p>Пришла посылка из краевого центра: 12 книг в подарок нашей библиотеке.</p>", "new_arrivals"),
    # the premises' area, as a figure with its unit
    ("<ul><li>Общая площадь библиотеки 19,2 кв.м.</li><li>Количество помещений: 1.</li></ul>", "about"),
    ("<p>Библиотеке отведено отдельное помещение площадью 73 кв. м на втором этаже.</p>", "about"),
    # books bought for the library, in the official verb
    ("<p>В фонд библиотеки приобретены энциклопедии для младших школьников.</p>", "new_arrivals"),
    # a virtual exhibition as «онлайн-выставка», in any case
    ("<p>К юбилею писателя в библиотеке подготовили онлайн-выставку его книг.</p>", "exhibitions"),
    # an exhibition «развёрнута»; a fund counted in thousands
    ("<p>В библиотеке развёрнута книжная выставка «Мой край».</p>", "exhibitions"),
    ("<p>На полках у нас более 15 тысяч экземпляров художественной литературы.</p>", "about"),
    ("<p>Фонд составил 60 тыс. книг: половина — художественные, остальное — учебники для 1–11 классов.</p>",
     "textbooks"),
    ("<p>Вниманию читателей предлагается выставка «Читаем Пушкина».</p>", "exhibitions"),
    # the library, or its fund, that grew by new books
    ("<p>Благодаря акции наша библиотека пополнилась новыми книгами.</p>", "new_arrivals"),
    ("<p>За осень фонд библиотеки пополнился на 200 экземпляров.</p>", "new_arrivals"),
    # books the library bought itself
    ("<p>В этом году библиотека приобрела 120 новых книг для младших классов.</p>", "new_arrivals"),
    # the library's history, services, periodicals and readers
    ("<p>Наша библиотека существует с 1985 года и занимает два кабинета.</p>", "about"),
    ("<p>В 2020 году библиотека переехала в новое светлое помещение.</p>", "about"),
    ("<p>Библиотека оказывает помощь учащимся в подборе литературы к урокам.</p>", "about"),
    ("<p>Библиотека выписывает 10 периодических изданий для детей и учителей.</p>", "about"),
    ("<p>Число читателей библиотеки составляет 430 человек.</p>", "about"),
    # an invitation to ask the librarian, «можно» standing for the verb
    ("<p>Задать вопрос библиотекарю можно по электронной почте.</p>", "feedback"),
    ("<p>Свои вопросы вы можете задать библиотекарю через форму на сайте.</p>", "feedback"),
    # a short sentence with a verb and a quoted title is no caption
    ("<p>Оформлена выставка «Новинки нашей библиотеки».</p>", "exhibitions"),
    # an «экспозиция» is an exhibition by another name
    ("<p>Экспозиции в читальном зале обновляются каждый месяц, к юбилеям писателей.</p>", "exhibitions"),
    # books on show without the word «выставка», and an exhibition that «собрала» books
    ("<p>В дни весенних каникул в библиотеке экспонировались книги о путешествиях.</p>", "exhibitions"),
    # a quoted title with full stops inside does not cut the sentence
    ("<p>У книжной выставки «Ленинград. Блокада. Подвиг» школьники познакомились с книгами о блокаде.</p>",
     "exhibitions"),
    # books about a writer's work are still books («творчество» of pupils is not)
    ("<p>В читальном зале оформлена выставка книг о творчестве Пушкина.</p>", "exhibitions"),
    ("<p>Выставка «Вкусные книги» собрала книги о еде и кулинарии из нашего фонда.</p>", "exhibitions"),
    # on the library's own page, books that came in need not say where to (see
    # test_arrivals_without_the_library_named_count_on_its_own_page_only)
    ("<p>Поступило 12 новых книг по краеведению.</p>", "new_arrivals"),
    ("<p>Приобретены новые книги современных детских писателей.</p>", "new_arrivals"),
    ("<p>Получено в дар от родителей 48 книг.</p>", "new_arrivals"),
    # the library's history, readers, periodicals, services and equipment
    ("<p>Школьная библиотека начала свою работу в 1952 г. в одной комнате.</p>", "about"),
    ("<p>С 2005 года библиотеке присвоено имя поэта-земляка.</p>", "about"),
    ("<p>Постоянными читателями библиотеки являются 98% учащихся начальной школы.</p>", "about"),
    ("<p>Оформлена подписка на журналы «Читайка» и «Наука и жизнь».</p>", "about"),
    ("<p>Читателям предоставляются услуги: выдача книг на дом, работа в читальном зале.</p>", "about"),
    ("<p>В 2021 г. библиотека получила новое оборудование: ноутбуки и интерактивную панель.</p>", "about"),
    # textbooks handed in, taken in, worn out
    ("<p>Учебники сдаются в библиотеку в чистом виде, без пометок.</p>", "textbooks"),
    ("<p>Уровень износа учебного фонда — 18 %.</p>", "textbooks"),
    # events of other kinds, and the library as the one who held them
    ("<p>В библиотеке прошла литературно-музыкальная композиция ко Дню защитника Отечества.</p>", "news"),
    ("<p>Перед Новым годом в школьной библиотеке была организована мастерская открыток.</p>", "news"),
    ("<p>Школьная библиотека провела анкетирование «Что читают наши ученики?».</p>", "news"),
    ("<p>В конце учебного года библиотека наградила грамотами лучших читателей.</p>", "news"),
    ("<p>Библиотекарь выступила на родительском собрании с советами о семейном чтении.</p>", "news"),
    ("<p>Сегодня в школьной библиотеке проходит День российской науки.</p>", "news"),
    # the same facts in other words (issue 15: the dev pages retold by other hands)
    # what the library always does for the school, told in the present
    ("<p>Школьная библиотека формирует информационную культуру учащихся.</p>", "about"),
    ("<p>Библиотека содействует профессиональному росту и самообразованию учителей.</p>", "about"),
    # the fund's make-up with «составлять»
    ("<p>Библиотечный фонд составляют книги, периодические издания и брошюры.</p>", "about"),
    # a shelf's materials looked through, in a perfective verb or a noun
    ("<p>Учащиеся ознакомились с материалами книжной полки «Осторожно, тонкий лёд!».</p>", "exhibitions"),
    ("<p>Учащимися был осуществлён просмотр материалов книжной полки «Тонкий лёд».</p>", "exhibitions"),
    # where the list of extremist materials is read
    ("<p>Федеральный список экстремистских материалов открывается по ссылке на сайте Министерства "
     "юстиции.</p>", "safe_internet"),
    # a reader's duty, in a noun
    ("<p>При записи читатель знакомится с правилами и берёт на себя обязательство их выполнять.</p>",
     "regulations"),
]


@pytest.mark.parametrize(("body", "section"), PROSE)
def test_sentence_of_running_text_shows_its_section(body: str, section: str) -> None:
    verdict = section_verdicts(site_of(body))[section]
    assert verdict.present and verdict.evidence[0].kind == "sentence", verdict.evidence
    assert verdict.evidence[0].text in body  # the sentence itself is the evidence


def test_arrivals_without_the_library_named_count_on_its_own_page_only() -> None:
    """«Поступило 12 новых книг» on the library's page is the library's arrival; on a school
    page about something else, books that «поступили» may be anyone's."""
    body = "<p>Поступило 12 новых книг по краеведению.</p>"
    assert section_verdicts(site_of(body))["new_arrivals"].present
    school_page = snap("http://school.test/roditelyam/", page_html(body, title="Родителям"))
    site = CentreSite([school_page], "http://school.test/roditelyam/", rulebook())
    assert not section_verdicts(site)["new_arrivals"].present
    # books given, not received, need the library named even on its page
    given = "<p>Победителям конкурса подарили новые книги.</p>"
    assert not section_verdicts(site_of(given))["new_arrivals"].present


def test_inflected_forms_are_matched_by_lemma() -> None:
    for form in ("выставка оформлена", "выставку оформили", "выставкой познакомились", "выставки представлены"):
        body = f"<p>В нашей библиотеке {form} для читателей младших классов.</p>"
        assert section_verdicts(site_of(body))["exhibitions"].present, form


def test_document_titles_naming_the_school_are_the_librarys_own() -> None:
    body = ("<p>Библиотека работает для учащихся и учителей школы.</p>"
            "<h3>Положение о школьной библиотеке средней школы № 77</h3>"
            "<p>План работы ШИБЦ лицея № 1 на 2026 - 2027 учебный год.</p>")
    verdicts = section_verdicts(site_of(body))
    assert verdicts["regulations"].present and verdicts["work_plan"].present
    school = section_verdicts(site_of('<h3>Документы МБОУ СОШ № 5</h3><p>Устав, лицензия, отчёт.</p>'))
    assert not school["regulations"].present


def test_a_work_plans_own_page_holds_the_plan_alone() -> None:
    body = ("<h2>РАБОТЫ БИБЛИОТЕКИ СРЕДНЕЙ ШКОЛЫ № 3</h2><h2>НА 2026/2027 УЧЕБНЫЙ ГОД</h2>"
            "<h3>1. Цели и задачи библиотеки</h3><p>Цель: помощь в обучении и воспитании учащихся.</p>"
            "<p>Доведение до родителей сведений о перечне учебников, нужных в этом классе.</p>")
    page = snap(LIB, page_html(body, title="ПЛАН"))  # the title broken over three lines
    verdicts = section_verdicts(CentreSite([page], LIB, rulebook()))
    assert verdicts["work_plan"].present
    assert not verdicts["about"].present and not verdicts["textbooks"].present


def test_a_plan_named_at_the_end_of_its_breadcrumb_trail_holds_the_plan_alone() -> None:
    body = ("<p>Главная / ИБЦ / План работы ИБЦ на 2025–2026 учебный год</p>"
            "<h2>Раздел 2. Работа с учебным фондом</h2><p>Выдача учебников 2–11 классам | 25.08 – 01.09</p>"
            "<h2>Раздел 4. Книжные выставки (ежемесячно)</h2><p>К памятным датам | в течение года</p>")
    verdicts = section_verdicts(CentreSite([snap(LIB, page_html(body, title="МБОУ СОШ № 3"))], LIB, rulebook()))
    assert verdicts["work_plan"].present
    assert not verdicts["textbooks"].present and not verdicts["exhibitions"].present


def test_a_years_report_is_no_plan_its_chapters_show_their_sections() -> None:
    body = ("<p>Главная / Библиотека / Анализ работы библиотеки за 2024–2025 учебный год</p>"
            "<h2>Анализ работы библиотеки за 2024–2025 учебный год</h2>"
            "<h2>Книжные выставки</h2><p>«Салют Победы» | 01.05 – 15.05.2025 | 1–11 классы</p>")
    verdicts = section_verdicts(CentreSite([snap(LIB, page_html(body, title="МБОУ СОШ № 3"))], LIB, rulebook()))
    assert verdicts["work_plan"].present and verdicts["exhibitions"].present


def test_hours_set_as_headings_stand_under_the_heading_before_them() -> None:
    body = ("<h2>Часы работы школьной библиотеки</h2><h2>понедельник 8 - 17</h2><h2>вторник 8 - 17</h2>"
            "<p>Режим работы информационно-библиотечного центра (далее ИБЦ) с читателями</p>"
            "<h2>с 10-00 до 17-00</h2>")
    verdict = section_verdicts(site_of(body))["work_hours"]
    assert verdict.present and not verdict.empty


def test_breadcrumb_heading_names_only_its_last_page() -> None:
    body = f"<h2>Главная * Школьная жизнь * Школьная библиотека</h2>{FILLING}"
    assert not section_verdicts(site_of(body))["news"].present


def test_a_title_of_the_library_over_a_plans_heading_is_no_plan_page() -> None:
    body = ("<h2>План работы библиотеки</h2><p>План на 2026/2027 учебный год утверждён.</p>"
            "<h2>Книжная выставка</h2><p>Выставка «Осень» в читальном зале.</p>")
    page = snap(LIB, page_html(body, title="Школьная библиотека"))
    verdicts = section_verdicts(CentreSite([page], LIB, rulebook()))
    assert verdicts["work_plan"].present and verdicts["exhibitions"].present


def test_flat_feed_needs_lines_that_are_dates_only() -> None:
    blog = ("<p>суббота, 28 ноября 2020 г.</p><h3>Неделя детской книги</h3><p>Ребята читали вслух.</p>"
            "<p>вторник, 24 ноября 2020 г.</p><h3>Урок в 3 классе</h3><p>Рассказали о словарях.</p>")
    assert section_verdicts(site_of(blog))["news"].present
    school = ("<p>Сегодня: 2 декабря 2026 г.</p><p>Главная | Новости школы | Контакты</p>"
              "<p>26.10.2026 – Приём в 1 класс</p><p>Школьная библиотека</p>")
    assert not section_verdicts(site_of(school))["news"].present


def test_every_evidence_kind_of_sections_reads_in_russian() -> None:
    from checks.sections import _KIND_ORDER
    from reports.labels import EVIDENCE_KINDS

    assert set(_KIND_ORDER) <= set(EVIDENCE_KINDS)
    assert all(any("а" <= ch <= "я" for ch in EVIDENCE_KINDS[k]) for k in _KIND_ORDER)


def test_page_that_is_a_dated_post_about_an_exhibition() -> None:
    html = wordpress_page(
        '<p class="posted-on">Опубликовано <time class="entry-date published" datetime="2026-10-27T09:00:00+10:00">'
        "Октябрь 27, 2026</time></p><p>В читальном зале открыта выставка книг о Хабаровском крае.</p>",
        "Книжная выставка «Край, в котором я живу»")
    verdicts = section_verdicts(CentreSite([snap(WP_LIB, html)], WP_LIB, rulebook()))
    assert verdicts["news"].present and verdicts["news"].evidence[0].kind == "content"
    assert verdicts["exhibitions"].present


def test_unmarked_top_menu_of_a_table_layout_is_the_schools() -> None:
    top = ('<div class="top"><b>МБОУ СОШ № 1</b><br><a href="/">Главная</a> | <a href="/novosti/">Новости</a> | '
           '<a href="/kontakty/">Контакты</a> | <a href="/biblioteka/">Библиотека</a></div>')
    html = (f"<html><head><title>Библиотека</title></head><body>{top}<table><tr><td>"
            "<h1>Библиотека</h1><p>Добро пожаловать в школьную библиотеку!</p></td></tr></table></body></html>")
    contacts = snap("http://school.test/kontakty/", f"<html><body>{top}<h1>Контакты</h1><p>Приёмная: 8 (4212) 45-67-89</p></body></html>")
    news = snap("http://school.test/novosti/", f"<html><body>{top}<h1>Новости</h1>"
                "<article><h2><a href='/n/1'>Линейка</a></h2><p>01.09.2026</p></article>"
                "<article><h2><a href='/n/2'>Кросс</a></h2><p>15.09.2026</p></article></body></html>")
    verdicts = section_verdicts(CentreSite([snap(LIB, html), contacts, news], LIB, rulebook()))
    assert not verdicts["contacts"].present
    assert not verdicts["news"].present


# the Госвеб library page read block by block (issue 15, point 4)
GOSWEB_PAGE = (
    "<h1>Библиотека</h1><h2>Режим работы</h2><h2>Пн</h2><h2>Вт</h2><h2>09:00–16:00</h2><h2>09:00–16:30</h2>"
    "<h2>Телефон</h2><h2>Читальный зал:</h2><h2>Почтовый ящик</h2>"
    "<p>Школьная библиотека обслуживает учеников, учителей и родителей, помогает искать информацию.</p>"
    "<h2>Характеристики библиотеки</h2><ul><li>Площадь библиотеки</li><li>54 кв.м</li></ul>"
    "<h2>Обеспечение учащегося учебниками</h2><h2>Списки необходимых учебников и наличие их в библиотеке</h2>"
    "<h2>Электронные образовательные ресурсы</h2><h2>Каталог электронных ресурсов школы и се</h2>"
)


def test_gosweb_template_filled_blocks_count_and_unfilled_ones_are_empty() -> None:
    verdicts = section_verdicts(site_of(GOSWEB_PAGE))
    assert verdicts["work_hours"].present and "Режим работы" in verdicts["work_hours"].evidence[0].text
    assert verdicts["about"].present
    for sid in ("contacts", "textbooks", "e_resources"):  # only the template's own text stands there
        assert not verdicts[sid].present and verdicts[sid].empty, sid
    assert "не заполнен" in verdicts["textbooks"].evidence[0].text


def test_gosweb_template_blocks_filled_in() -> None:
    page = (GOSWEB_PAGE
            .replace("<h2>Читальный зал:</h2>", "<h2>Читальный зал: 8 (4212) 45-67-89</h2>")
            .replace("наличие их в библиотеке</h2>", "наличие их в библиотеке</h2><p><a href='/files/spisok.pdf'>"
                     "Список учебников на 2026-2027 учебный год</a></p>")
            .replace("школы и се</h2>", "школы и се</h2><ul><li><a href='https://www.litres.ru/'>ЛитРес: Школа</a></li></ul>"))
    verdicts = section_verdicts(site_of(page))
    for sid in ("contacts", "textbooks", "e_resources"):
        assert verdicts[sid].present, (sid, verdicts[sid].evidence)


def test_gosweb_template_block_filled_by_a_title_of_its_own_thing() -> None:
    """A rules title about textbooks under the textbooks block («Порядок оплаты за пользование
    учебниками» is also a rules' name) fills it; it is no other section's block below."""
    page = GOSWEB_PAGE.replace("наличие их в библиотеке</h2>", "наличие их в библиотеке</h2>"
                               "<h2>Порядок оплаты за пользование учебниками</h2>"
                               "<p>За пользование учебниками родители вносят плату до 1 сентября.</p>")
    verdicts = section_verdicts(site_of(page))
    assert verdicts["textbooks"].present, verdicts["textbooks"].evidence
    assert "шаблон" in verdicts["textbooks"].evidence[0].text


def test_a_template_pages_fixed_lines_are_no_prose_and_hide_none() -> None:
    """The template's fixed line «Списки необходимых учебников и наличие их в библиотеке» is no
    sentence: a textbook sentence of the school's own text after the template still counts."""
    page = GOSWEB_PAGE + ("<h2>Педагог-библиотекарь</h2><p>Иванова Мария Петровна</p>"
                          "<p>В конце августа классные руководители получают в библиотеке учебники для 1–4 классов.</p>")
    verdicts = section_verdicts(site_of(page))
    assert verdicts["textbooks"].present, verdicts["textbooks"].evidence
    assert any(e.kind == "sentence" and "классные руководители" in e.text for e in verdicts["textbooks"].evidence)


def test_gosweb_template_blocks_over_a_marker_or_the_next_title_are_empty() -> None:
    """An unfilled block shows a marker, its own sub-title, or runs into the school's next
    heading («Режим работы библиотеки») or the librarian's block; none of it is content."""
    page = ("<h2>Характеристика библиотеки</h2><h2>Раздел в разработке</h2>"
            "<h2>Обеспечение учащегося учебниками</h2><h2>Информация будет размещена позже</h2>"
            "<h2>Списки необходимых учебников на учебный год</h2>"
            "<h2>Электронные образовательные ресурсы</h2><h2>Режим работы библиотеки</h2>"
            "<p>Пн–пт 8:00–16:00</p><h2>Ответственный за библиотеку</h2><p>Иванова Мария Петровна</p>")
    verdicts = section_verdicts(site_of(page))
    for sid in ("about", "textbooks", "e_resources"):
        assert not verdicts[sid].present and verdicts[sid].empty, (sid, verdicts[sid].evidence)
    assert verdicts["work_hours"].present


def test_template_titles_alone_do_not_make_a_template_page() -> None:
    verdicts = section_verdicts(site_of("<h2>Режим работы</h2><p>Пн–Пт 9.00–17.00</p>"))
    assert verdicts["work_hours"].present and "шаблон" not in verdicts["work_hours"].evidence[0].text


def test_a_page_that_is_one_post_about_the_library_is_news() -> None:
    body = "<p>27.10.2014</p><p>Депутат думы вручил ребятам набор книжек о природе.</p>"
    page = snap(LIB, page_html(body, title="В школьной библиотеке пополнение!"))
    verdict = section_verdicts(CentreSite([page], LIB, rulebook()))["news"]
    assert verdict.present and "27.10.2014" in verdict.evidence[0].text
    blog = "http://lib.test/2014/10/blog-post_43.html"
    post = snap(blog, page_html("<p>Вид из окна школьной библиотеки: первый снег.</p>", title="Первый снег"))
    assert section_verdicts(CentreSite([post], blog, rulebook()))["news"].present
    # a section's page with the date of its figures is no post
    info = snap(LIB, page_html("<p>01.01.2017</p><p>В библиотеке 12 000 книг.</p>", title="Сведения о библиотеке"))
    assert not section_verdicts(CentreSite([info], LIB, rulebook()))["news"].present


def test_a_date_badge_set_over_lines_dates_the_post_and_is_no_part_of_its_opening() -> None:
    """A template's calendar leaf prints the day, the month and the year on lines of their own;
    it is the post's date line, and the post's opening is read after it (here the library is
    named on the fifth line of the page, the second after the badge)."""
    body = ("<p>25</p><p>ноябрь</p><p>2018</p><h2>Литературный журнал «Мастер смеха»</h2>"
            "<p>22 ноября школьный библиотекарь провела для второклассников литературный журнал.</p>")
    item = "http://school.test/meropriyatiya/75-zhurnal.html"
    verdict = section_verdicts(CentreSite([snap(item, page_html(body, title="Мастер смеха"))], item, rulebook()))["news"]
    assert verdict.present and "25 ноябрь 2018" in verdict.evidence[0].text
    # three short lines that are no date are no badge: the library, named too late, makes no post
    body = ("<p>25</p><p>лет</p><p>школе</p><h2>Литературный журнал «Мастер смеха»</h2>"
            "<p>Сегодня в школе праздник.</p><p>Ученики читали стихи о школьной библиотеке.</p>")
    assert not section_verdicts(CentreSite([snap(item, page_html(body, title="Мастер смеха"))], item, rulebook()))["news"].present


def test_a_widgets_todays_date_over_a_library_page_makes_no_post() -> None:
    """A uCoz header prints today's date and time over every page («Понедельник, 30.11.2026,
    02:49»): the library's page under it is no dated post, so no news."""
    from checks_fixtures import FETCHED

    today = FETCHED.date().strftime("%d.%m.%Y")
    body = (f"<p>Понедельник, {today}, 02:49</p><p>Приветствую Вас Гость | RSS</p>"
            "<h2>Положение о библиотеке</h2><p>Положение утверждено приказом директора школы.</p>")
    page = snap(LIB, page_html(body, title="Наша библиотека"))
    assert not section_verdicts(CentreSite([page], LIB, rulebook()))["news"].present
    # a post's own date line is still its date
    dated = snap(LIB, page_html("<p>Понедельник, 12.10.2026</p><p>В библиотеке прошёл урок.</p>",
                                title="Урок в библиотеке"))
    assert section_verdicts(CentreSite([dated], LIB, rulebook()))["news"].present


def test_a_post_that_reports_a_book_exhibition_is_about_the_library() -> None:
    """A school's news item whose opening never names the library, but whose text shows a book
    exhibition held, is the library's news; the same item about the school's fir tree is not."""
    item = "http://school.test/roditelyam-i-uchenikam/novosti/novosti-193_139.html"
    body = ("<p>Новый год — пора чудес и добрых сказок. Об этом и рассказывает книжная выставка "
            "«Новогодние огни», оформленная к празднику в холле второго этажа.</p>")
    page = snap(item, page_html(body, title="Новогодние огни"))
    verdicts = section_verdicts(CentreSite([page], item, rulebook()))
    assert verdicts["exhibitions"].present and verdicts["news"].present
    assert "по адресу записи" in verdicts["news"].evidence[0].text
    contest = snap(item, page_html("<p>Новый год — пора чудес. В холле школы стоит ёлка, которую каждый "
                                   "день украшают ученики начальных классов.</p>", title="Новогодние огни"))
    assert not section_verdicts(CentreSite([contest], item, rulebook()))["news"].present
    # textbooks are the library's business: a notice on their issue is the library's news
    notice = snap(item, page_html("<p>Уважаемые родители! Учебники на новый учебный год ученики 5–9 классов "
                                  "получают 28 августа по графику.</p>", title="Родителям пятиклассников"))
    verdicts = section_verdicts(CentreSite([notice], item, rulebook()))
    assert verdicts["textbooks"].present and verdicts["news"].present


def test_a_post_with_no_title_of_its_own_is_news_where_it_reports_the_librarys_event() -> None:
    """A news item whose page title is its first paragraph (the excerpt, or a site that puts
    no title) is a post by its address only where its text shows the library's own event: a
    book exhibition told in a sentence or named by a heading. A paragraph that only names the
    library at the same kind of address stays no post."""
    item = "http://school.test/roditelyam-i-uchenikam/novosti/novosti_802.html"
    opening = ("Зима — пора волшебства и добрых сказок, и дети ждут каникул, чтобы читать о Деде Морозе, "
               "о снежной королеве и о приключениях в заснеженном лесу.")
    told = snap(item, page_html(f"<p>{opening}</p><p>Об этом и рассказывает книжная выставка «Зимние сказки».</p>",
                                title=opening))
    verdict = section_verdicts(CentreSite([told], item, rulebook()))["news"]
    assert verdict.present and "по адресу записи" in verdict.evidence[0].text
    headed = snap(item, page_html(f"<p>{opening}</p><h2>Книжная выставка</h2><ul><li>В. Сутеев. Ёлка</li>"
                                  "<li>С. Маршак. Двенадцать месяцев</li></ul>", title=opening))
    assert section_verdicts(CentreSite([headed], item, rulebook()))["news"].present
    # the library's part in a reading project is its own event too
    joined = ("Наша библиотека участвует во всероссийском проекте «Читающая мама»: проект будит у детей "
              "интерес к книге и помогает родителям читать вместе с ними.")
    project = snap(item, page_html(f"<p>{joined}</p>", title=joined))
    assert section_verdicts(CentreSite([project], item, rulebook()))["news"].present
    role = ("Школьная библиотека — подразделение школы, которое обслуживает читателей и открывает "
            "учителям, ученикам и их родителям доступ к библиотечно-информационным ресурсам.")
    plain = snap(item, page_html(f"<p>{role}</p>", title=role))
    assert not section_verdicts(CentreSite([plain], item, rulebook()))["news"].present


def test_a_page_that_opens_by_reporting_the_librarys_event_on_its_day_is_a_post() -> None:
    """A WordPress page known by its name only (/poeziya-tyutcheva) is a post where it opens
    with the day and the library's event; the day shows how it was published. The same page
    announcing the event, or one whose day opens no report, is no post."""
    page = "http://school.test/poeziya-tyutcheva"
    report = "5 декабря школьная библиотека открыла выставку о жизни и стихах Ф. И. Тютчева."
    told = snap(page, page_html(f"<p>{report}</p><p>Поэт родился в 1803 году.</p>", title="Поэзия Тютчева"))
    verdict = section_verdicts(CentreSite([told], page, rulebook()))["news"]
    assert verdict.present and "5 декабря" in verdict.evidence[0].text, verdict.evidence
    coming = "5 декабря школьная библиотека откроет выставку о жизни и стихах Ф. И. Тютчева."
    future = snap(page, page_html(f"<p>{coming}</p><p>Поэт родился в 1803 году.</p>", title="Поэзия Тютчева"))
    assert not section_verdicts(CentreSite([future], page, rulebook()))["news"].present


def test_a_past_tense_reading_counts_though_another_is_first() -> None:
    # pymorphy3 reads «пришли» first as the imperative of «прислать»
    body = "<p>Ребята пришли в библиотеку, чтобы рассказать о прочитанных книгах.</p>"
    assert section_verdicts(site_of(body))["news"].present
    body = "<p>Первоклассникам пришли и рабочие тетради по предметам.</p>"  # who came is no participant
    assert not section_verdicts(site_of(body))["news"].present


def test_a_short_sentence_whose_verb_is_first_read_as_a_noun_is_still_a_sentence() -> None:
    # «начала» is first read as the noun «начало»; the sentence has five words once the
    # quoted title is left out, too few to be prose without a verb
    verdict = section_verdicts(site_of("<p>В библиотеке начала работу выставка «С книгой в мире наук».</p>"))
    assert verdict["exhibitions"].present and verdict["exhibitions"].evidence[0].kind == "sentence"
    # a title in capitals stays a title: «ПРАВИЛА» is the noun, not the verb «править»
    from checks.prose import prose_hits

    assert prose_hits("ПРАВИЛА БЫСТРОЙ СДАЧИ УЧЕБНИКОВ В ШКОЛЬНУЮ БИБЛИОТЕКУ", rulebook()) == []


def test_a_ucoz_list_of_posts_with_details_lines_is_a_feed() -> None:
    feed = ("<p>Посвящение в читатели</p><p>Первоклассники пришли в библиотеку.</p>"
            "<p>Добавлено (06.04.2026, 15:16) | Просмотров: 45</p>"
            "<p>Викторина «Знатоки Приамурья»</p><p>Ответы на вопросы о крае.</p>"
            "<p>Добавлено (27.12.2025, 11:26) | Просмотров: 51</p>")
    verdict = section_verdicts(site_of(feed))["news"]
    assert verdict.present and "лента записей" in verdict.evidence[0].text
    one = "<p>Месячник школьных библиотек</p><p>Октябрь 27, 2021</p><p>Просмотров: 23</p>"
    assert "лента записей" not in " ".join(e.text for e in section_verdicts(site_of(one))["news"].evidence)


def test_a_bold_title_wrapped_in_spans_is_a_title() -> None:
    body = ('<p style="text-align:center"><span style="font-size:14pt"><b>Читательские проекты</b></span></p>'
            "<p>Проект «Книжный марафон»: участвуют 5–9 классы.</p>")
    verdict = section_verdicts(site_of(body))["projects"]
    assert verdict.present and verdict.evidence[0].text == "Читательские проекты"


def test_a_figure_under_a_fund_heading_is_its_content() -> None:
    """A table of the year's figures («Основной библиотечный фонд» over «3324», «Фонд
    учебников – 2302» as one heading): the figure fills the section; under a heading of
    another section it does not."""
    body = ("<h2>Основной библиотечный фонд</h2><p>3324</p><h2>Фонд учебников – 2302</h2>"
            "<h2>Книжные выставки</h2><p>10</p>")
    verdicts = section_verdicts(site_of(body))
    assert verdicts["about"].present and verdicts["textbooks"].present
    assert verdicts["exhibitions"].empty



@pytest.mark.parametrize("path", [
    "/novosti/novosti_1205.html",  # a Госвеб news item
    "/news/rejd_beregi_uchebnik/2024-04-03-1281",  # a uCoz news item
    "/2014/10/blog-post_43.html",  # a Blogspot post
    "/svedeniya/biblioteka/novosti_97.html",  # a Госвеб news item of the library's own section
    "/tarinf/?p=4037",  # WordPress's plain permalink
    "/index.php?component=public_news&new_id=40474",  # a site builder's news module
    "/e/98398-oplata-za-uchebniki",  # an item by its number and its name (a site builder, Joomla)
    "/blogs/view/41/93935?lang=ru",  # a school's blog entry on a Kazakh school platform (goo.kz)
    "/new/55129.html",  # a news item of the nubex site builder
    "/events/8044.html",  # an event item of the same builder
])
def test_a_post_by_its_address_is_news_though_undated(path: str) -> None:
    """One rule for a post's address (checks.library_posts.is_post_address): a page there
    whose title names the library is a post about it."""
    site = site_of("<h1>Библиотечный урок «Книжкины именины» в школьной библиотеке</h1>"
                   "<p>Рассказ о первых книгах и загадки для пятиклассников.</p>",
                   url=f"http://school.test{path}")
    assert section_verdicts(site)["news"].present


@pytest.mark.parametrize("path", ["/biblioteka/?page_id=12", "/index.php?id=40474", "/catalog/?p=2&sort=date",
                                  "/index.php?component=public_news", "/item/1032889", "/biblioteka/45-o-biblioteke"])
def test_a_page_or_a_list_by_its_address_is_no_post(path: str) -> None:
    """A WordPress page (`?page_id=`), a page by its number, a list's second page, a news
    module's list: no post."""
    from checks.library_posts import is_post_address

    assert not is_post_address(f"http://school.test{path}")


def test_a_blogs_year_or_month_archive_is_a_feed_though_undated() -> None:
    body = ("<h2>Мастерская Деда Мороза</h2><p>Первоклассники мастерили открытки, сказочные герои "
            "помогали им.</p><h2>Какой ты ученик — расскажет твой учебник</h2>"
            "<p>Заметка библиотекаря о бережном отношении к книгам.</p>")
    for path in ("/2017/", "/2019/11/", "/search/label/Выставки", "/?m=201702"):
        news = section_verdicts(site_of(body, url=f"http://ibc.blogspot.test{path}"))["news"]
        assert news.present and "архив записей блога" in news.evidence[0].text, path
    # a WordPress category may hold the library's own pages: no feed by its address alone
    assert not section_verdicts(site_of(body, url="http://ibc.blogspot.test/category/biblioteka/"))["news"].present
    # the same text elsewhere, or an archive that never names the library, is no feed
    assert not section_verdicts(site_of(body, url="http://ibc.blogspot.test/p/about.html"))["news"].present
    silent = body.replace("библиотекаря", "учителя")
    url = "http://class1v.blogspot.test/2017/"
    blog = CentreSite([snap(url, page_html(silent, title="Блог 1-в класса"))], url, rulebook(), None, None)
    assert not section_verdicts(blog)["news"].present


@pytest.mark.parametrize("path", ["/news/1-0-5", "/blog/1-0-2", "/news/2021-10", "/roditelyam-i-uchenikam/novosti/",
                                  "/biblioteka/meropriyatiya/"])
def test_a_news_modules_list_is_a_feed_though_undated(path: str) -> None:
    """A uCoz news or blog category or month, a Госвеб news list: a feed, dated or not, when
    it speaks of the library; its evidence says it is a list, not a post."""
    from checks.library_posts import is_post_address

    body = ("<h2>Неделя детской книги в школьной библиотеке</h2><p>Фотоотчёт. Подробнее »</p>"
            "<h2>День словарей</h2><p>Игра по словарям для пятиклассников. Подробнее »</p>")
    news = section_verdicts(site_of(body, url=f"http://school.test{path}"))["news"]
    assert news.present and "список новостей" in news.evidence[0].text, news.evidence
    assert not is_post_address(f"http://school.test{path}")
    # the school's list that never names the library is none of the library's
    other = "<h2>Спортивный праздник</h2><p>Прошли весёлые старты.</p><h2>Выпускной</h2><p>Вручили аттестаты.</p>"
    school = f"http://school.test{path}"
    site = CentreSite([snap(school, page_html(other, title="Новости школы"))], school, rulebook())
    assert not section_verdicts(site)["news"].present
    # nor does a menu item «Библиотека» on it
    site = CentreSite([snap(school, page_html("<ul><li>Библиотека</li></ul>" + other, title="Новости школы"))],
                      school, rulebook())
    assert not section_verdicts(site)["news"].present


@pytest.mark.parametrize("path", ["/page/3/", "/category/novosti/page/12", "/main/page/216",
                                  "/index.php?option=com_content&start=150", "/sobytiya/vse?PAGEN_1=4"])
def test_a_later_page_of_a_list_is_a_feed_where_a_post_reports_the_librarys_event(path: str) -> None:
    """A list's later page may show one teaser only (a stored page's opening); it is the
    library's feed where that teaser reports the school library's own event."""
    from checks.library_posts import is_post_address

    url = f"http://school.test{path}"
    body = ("<p>9 июня библиотека школы № 11 показала первоклассникам, какие бывают книги: большие и "
            "маленькие, старые и новые.</p><p>Читать далее</p>")
    news = section_verdicts(CentreSite([snap(url, page_html(body, title="МБОУ СОШ № 11"))], url, rulebook()))["news"]
    assert news.present and "страница списка записей" in news.evidence[0].text, news.evidence
    assert not is_post_address(url)
    # a teaser of words about libraries in general reports no event of this one
    generic = ("<p>Белинский когда-то назвал хорошую библиотеку величайшим сокровищем, и с этим трудно "
               "спорить.</p><p>Читать далее</p>")
    site = CentreSite([snap(url, page_html(generic, title="МБОУ СОШ № 11"))], url, rulebook())
    assert not section_verdicts(site)["news"].present


@pytest.mark.parametrize("host", ["biblioteka236.blogspot.test", "sch18-library.ucoz.test", "alekslib.test",
                                  "ibclicey76.blogspot.test"])
def test_a_later_page_on_the_librarys_own_site_is_its_feed(host: str) -> None:
    """On the library's own blog or site (its host names the library) a list's later page is
    the library's feed though its one teaser reports no event and never names the library
    («Экологический час» announced to pupils); on a school's site it is not."""
    body = ("<h2>Экологический час «Весна — чудесная пора!»</h2><p>Приглашаем учеников вторых классов "
            "поговорить о перелётных птицах и о том, как встречать весну в лесу.</p><p>Читать далее</p>")

    def news(url: str) -> SectionVerdict:
        return section_verdicts(CentreSite([snap(url, page_html(body, title="Страница 2"))], url, rulebook()))["news"]

    own = news(f"http://{host}/category/afisha/page/2")
    assert own.present and "страница списка записей" in own.evidence[0].text, own.evidence
    assert not news("http://school5.pruzhany.test/category/afisha/page/2").present
    assert not news("http://liberty-school.test/category/afisha/page/2").present


def test_an_address_that_names_a_section_shows_it_where_the_text_speaks_of_it() -> None:
    """A page in the library's folder «/iz-novykh-postuplenij/» is a new arrival's page though
    its text has no heading of the section; a platform's fixed address names nothing the page
    does not speak of (Госвеб's «/obespechenie-uchaschegosya-uchebnikami» over the library's
    description), an empty page there is an empty section, and a heading decides over it."""
    books = ("<p>Что расскажут новые книги школьной библиотеки этой весной? Первоклассникам — сказки, "
             "подросткам — фэнтези.</p><p>Лучшая из новинок — повесть о девочке, которая выше всех в классе.</p>")
    url = "http://lib.test/chitatelyam/iz-novykh-postuplenij/pod-zontikom.html"
    verdict = section_verdicts(CentreSite([snap(url, page_html(books, title="Под зонтиком"))], url, rulebook()))
    arrivals = verdict["new_arrivals"]
    assert arrivals.present and arrivals.evidence[0].kind == "address", arrivals.evidence
    assert arrivals.evidence[0].text == "iz-novykh-postuplenij"
    about = ("<p>Школьная библиотека — информационный центр: она помогает ученикам и педагогам в учебном "
             "процессе и готовит их к жизни в информационном обществе.</p>")
    gosweb = "http://sh10.gosweb.test/roditelyam-i-uchenikam/poleznaya-informatsiya/obespechenie-uchaschegosya-uchebnikami"
    site = CentreSite([snap(gosweb, page_html(about, title="Библиотека"))], gosweb, rulebook())
    assert not section_verdicts(site)["textbooks"].present
    empty = section_verdicts(CentreSite([snap(url, page_html("", title="Новые поступления"))], url, rulebook()))
    assert not empty["new_arrivals"].present
    # a post's address is its title: a quest «В поисках потерянной книги» is no catalogue's «поиск книг»
    quest = "http://school.test/novosti/kvest-v-poiskakh-poteryannoy-knigi-4"
    text = "<p>Пятиклассники прошли квест по библиотеке и нашли потерянную книгу по подсказкам поиска.</p>"
    site = CentreSite([snap(quest, page_html(text, title="Квест"))], quest, rulebook())
    assert not section_verdicts(site)["catalog"].present


def test_a_ucoz_news_category_under_its_own_name_is_a_news_list() -> None:
    from checks.library_posts import list_address

    assert list_address("http://selo.ucoz.test/news/ostanino/16-0-10") == "список новостей"


def test_a_ucoz_day_of_news_is_a_news_list_though_its_teaser_reports_no_event() -> None:
    """uCoz lists a day's news at /news/2017-04-26 (a post is /news/slug/2017-04-26-123): a
    list that speaks of the library is its feed though its one teaser tells a custom in the
    present tense, under no title of its own."""
    from checks.library_posts import list_address

    assert list_address("http://lib.ucoz.test/news/2017-04-26") == "список новостей"
    assert list_address("http://lib.ucoz.test/news/luchshie/2017-04-26-123") is None
    url = "http://school.ucoz.test/news/2017-04-26"
    # the stored page opens with the teaser's paragraph, no title of its own
    teaser = ("Есть у школьной библиотеки добрая традиция: каждую весну она выбирает лучших читателей года, "
              "тех, кто берёт книги чаще всех, и вручает им грамоты на линейке")
    body = f"<p>{teaser}. ... Читать дальше »</p><p>Просмотров: 334 | Добавил: Liana | Дата: 26.04.2017</p>"
    news = section_verdicts(CentreSite([snap(url, page_html(body, title=teaser))], url, rulebook()))["news"]
    assert news.present and "список новостей" in news.evidence[0].text, news.evidence


def test_the_schools_masthead_above_the_library_title_is_the_schools() -> None:
    """A page that opens with the school's name, address, phone and e-mail as plain lines
    (no header element), then the library's title: those contacts are the school's."""
    masthead = "<p>210032, г. Витебск, проспект Победы, 29-А</p><p>+375 212 60-00-00</p><p>gymn7@example.by</p>"
    library = "<h2>Библиотека гимназии</h2><p>Библиотека помогает читателям выбрать книгу.</p>"

    def contacts(body: str) -> SectionVerdict:
        page = snap(LIB, page_html(body, title="Гимназия №7 г. Витебска"))
        return section_verdicts(CentreSite([page], LIB, rulebook(), None, None))["contacts"]

    assert not contacts(masthead + library).present
    own = contacts(masthead + library + "<p>Библиотекарь Орлова В. М., biblio7@example.by</p>")
    assert own.present and own.evidence[0].text == "biblio7@example.by"


def test_numbered_clauses_are_a_statutes_text() -> None:
    """Three clauses «2.1.», «2.2.», «2.3.» (a statute or rules shown without its title) are
    the regulations; two are not enough, and neither are the items «1.», «2.» of a list."""
    clauses = ("<p>2.1. Помогать библиотеке в работе с читателями.</p><p>Совет собирается раз в четверть.</p>"
               "<p>2.2. Участвовать в подготовке мероприятий.</p><p>2.3. Следить за сохранностью фонда.</p>")
    verdict = section_verdicts(site_of(clauses))["regulations"]
    assert verdict.present and verdict.evidence[0].kind == "content" and verdict.evidence[0].text.startswith("2.1.")
    two = clauses.replace("<p>2.3. Следить за сохранностью фонда.</p>", "")
    assert not section_verdicts(site_of(two))["regulations"].present
    items = clauses.replace("2.1.", "1.").replace("2.2.", "2.").replace("2.3.", "3.")
    assert not section_verdicts(site_of(items))["regulations"].present



def test_a_document_card_under_the_schools_spelled_out_name_is_that_document() -> None:
    """A document card opens with the school's name spelled out («Муниципальное бюджетное
    общеобразовательное учреждение …»), then the document's title: a development programme
    is the plan, and its own chapters («Нормативно-правовая база программы», «Паспорт
    проекта») are not the library's sections."""
    body = ("<p>Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа "
            "посёлка Сосновка</p><p>Программа развития школьной библиотеки на 2025 – 2027 годы «Центр чтения "
            "и информации»</p><h2>Нормативно-правовая база программы</h2><p>Закон об образовании, стратегия "
            "развития библиотечного дела.</p><h2>Паспорт проекта</h2><p>Проект: программа развития школьной "
            "библиотеки</p>")
    page = snap(LIB, page_html(body, title="Просмотр документа"))
    verdicts = section_verdicts(CentreSite([page], LIB, rulebook(), None, None))
    assert verdicts["work_plan"].present
    assert verdicts["work_plan"].evidence[0].text.startswith("Программа развития школьной библиотеки")
    assert not verdicts["regulations"].present and not verdicts["projects"].present
    # the same programme's title with no school name above it is a line of the page, not its title
    plain = snap(LIB, page_html(body.split("</p>", 1)[1], title="Просмотр документа"))
    assert section_verdicts(CentreSite([plain], LIB, rulebook(), None, None))["regulations"].present


def test_a_statute_flattened_into_one_line_is_the_regulations_and_nothing_else() -> None:
    """A document card whose text is one run-on line: the signature stamp, then «ПОЛОЖЕНИЕ о
    библиотечно-информационном центре», then its clauses. The title in capitals shows the
    regulations; the signer's e-mail in the stamp is no library contact, and the clauses
    («1.1. БИЦ (далее – Центр) — структурное подразделение…», «1.2. Цели БИЦ: …») describe
    the statute's library, not this page's."""
    line = ("Утверждаю: директор школы Петрова Е. А. Подписан: Петрова Елена Андреевна DN: C=RU, "
            "OU=директор, CN=Петрова Елена Андреевна, E=school5@example.ru Дата: 2024-01-12 16:42:15 "
            "ПОЛОЖЕНИЕ о библиотечно-информационном центре 1. Общие положения 1.1. Библиотечно-"
            "информационный центр школы (далее – БИЦ) является структурным подразделением школы. "
            "1.2. Цели БИЦ: воспитание культуры чтения учеников.")
    verdicts = section_verdicts(site_of(f"<p>{line}</p>"))
    assert verdicts["regulations"].present
    assert verdicts["regulations"].evidence[0].text.startswith("ПОЛОЖЕНИЕ о")
    assert not verdicts["contacts"].present
    assert not verdicts["about"].present
    # the same e-mail as the library's own, and the same sentence as the page's own prose
    own = section_verdicts(site_of("<p>Пишите библиотекарю: school5@example.ru</p>"
                                   "<p>Библиотечно-информационный центр школы является структурным "
                                   "подразделением школы.</p>"))
    assert own["contacts"].present and own["about"].present


@pytest.mark.parametrize("date_line", [
    "Создано: 12 ноября 2026",  # Joomla
    "Написано 12 ноября 2026",  # Joomla
    "Опубликовано 12.11.2026 автором admin",  # WordPress
    "Ноябрь 12, 2026 Просмотров: 55",  # a WordPress theme
    "Дата: 12 ноября 2026 в 14:48",  # uCoz
    "Пн, 12/11/2026 - 10:15",  # Drupal
    "12 ноя 2026",  # a theme's short month
    "12 ноября, 2026",
])
def test_a_cms_publication_line_over_a_post_is_its_date_line(date_line: str) -> None:
    """The words a CMS prints beside a post's date make no other line of it: the line dates
    the post, and a post about the library over it is news."""
    from checks.page import PageView

    assert PageView.is_date_line(date_line)
    site = site_of(f"<p>{date_line}</p><h2>Библиотечный урок в школьной библиотеке</h2>"
                   "<p>Пятиклассники узнали, как устроена книга.</p>", url="http://school.test/biblioteka/urok")
    verdict = section_verdicts(site)["news"]
    assert verdict.present and any(f"опубликованная {date_line}" in e.text for e in verdict.evidence)


@pytest.mark.parametrize("line", ["от 15.01.2021 № 3", "Сегодня: 12 ноября 2026", "Приказ от 12 ноября 2026",
                                  "Дата создания документа: 12.11.2026"])
def test_an_order_or_a_widget_date_is_no_date_line(line: str) -> None:
    from checks.page import PageView

    assert not PageView.is_date_line(line)


def test_a_line_of_separators_is_no_feed_items_title() -> None:
    """A uCoz day archive read flat has separator lines («|») after its details: they are no
    posts' titles, and two of them make no feed."""
    lines = "<p>|</p><p>Дата: 19.10.2026</p><p>|</p><p>Просмотров: 5</p><p>Дата: 18.10.2026</p><p>| |</p>"
    site = site_of(f"<p>Школьная библиотека</p>{lines}", url="http://school.test/biblioteka/")
    assert not any("«|" in e.text for e in section_verdicts(site)["news"].evidence)


@pytest.mark.parametrize("title, news", [
    ("Библиотечный урок «Книжкины именины»", True),  # the library's adjective names the library's event
    ("Библиотечный час в 3 «А» классе", True),
    ("Урок мужества в 7 классе", False),  # the school's event: no word of the library
])
def test_a_post_titled_with_the_librarys_adjective_is_the_librarys(title: str, news: bool) -> None:
    from checks_fixtures import page_html

    url = "http://school.test/news/2026/10/25/urok"
    html = page_html("<p>Фотографии с занятия.</p>", title=title)
    site = CentreSite([snap(url, html)], url, rulebook())
    assert section_verdicts(site)["news"].present is news


@pytest.mark.parametrize("signature, news", [
    ("<p>Библиотекарь Мирошниченко Е.В.</p>", True),  # the school's news module prints its author
    ("<p>Источник: Белова Е.Н., библиотекарь школы</p>", True),
    ("<p>Классный руководитель Петрова А.А.</p>", False),  # another author: the school's post
])
def test_a_post_signed_by_the_librarian_is_the_librarys(signature: str, news: bool) -> None:
    url = "http://school.test/news/akcija_pisma/2026-02-12-1425"
    body = ("<p>В школе идёт акция «Письма с фронта читаем громко».</p>"
            "<p>На переменах ученики вслух читают письма бойцов.</p>"
            "<p>Письма собраны в книгу, её можно взять и прочитать целиком.</p>"
            f"<p>Читая их, понимаешь, какой ценой далась победа.</p><p>Спасибо всем участникам!</p>{signature}")
    site = CentreSite([snap(url, page_html(body, title="Письма с фронта"))], url, rulebook())
    assert section_verdicts(site)["news"].present is news


@pytest.mark.parametrize("line, news", [
    # the library named further down, in what happened: the post is the library's
    ("<p>С 9 по 15 ноября библиотекарь проверила, как ученики берегут учебники.</p>", True),
    ("<p>Лучших читателей школьной библиотеки наградили значками.</p>", True),
    # named only in what always holds, in a plan, or as another library: the school's post
    ("<p>Ребята любят ходить в библиотеку.</p>", False),
    ("<p>В течение года библиотека проводила акции для читателей.</p>", False),
    ("<p>Потом ребята побывали в районной библиотеке.</p>", False),
])
def test_a_post_naming_the_library_only_in_its_report_is_the_librarys(line: str, news: bool) -> None:
    url = "http://school.test/news/2026-11-15-77"
    body = ("<p>Уже несколько лет в стране идёт акция «Читающая семья».</p>"
            "<p>Чтение, начатое с родителями, развивает ум и сердце ребёнка.</p>"
            f"<p>Родители и дети читали вместе весь год.</p>{line}")
    site = CentreSite([snap(url, page_html(body, title="Читающая семья"))], url, rulebook())
    assert section_verdicts(site)["news"].present is news


@pytest.mark.parametrize("title, news", [
    ("В школе № 45 открыли информационно-библиотечный центр", True),  # a headline tells what happened
    ("Информационно-библиотечный центр школы № 45", False),  # the library's own page and its history
])
def test_a_page_under_a_headline_that_opens_on_its_day_is_a_post(title: str, news: bool) -> None:
    url = "http://news.test/amp/1624550"  # no post's address
    body = ("<p>13 февраля в школе № 45 торжественно открыли информационно-библиотечный центр.</p>"
            "<p>В центре разместятся абонемент, читальный зал и медиазал.</p>")
    site = CentreSite([snap(url, page_html(body, title=title))], url, rulebook())
    assert section_verdicts(site)["news"].present is news


@pytest.mark.parametrize("footer, contacts", [
    # the site's footer under the library's text: the school's phone
    ("<p>МБОУ СОШ № 17 р.п. Ванино</p><p>682860, р.п. Ванино, ул. Октябрьская, д. 5</p><p>+7 (42137) 7-14-56</p>", False),
    ("<p>© 2025 МАОУ «Гимназия № 1»</p><p>г. Хабаровск, ул. Дзержинского, 63 | +7 (4212) 32-45-60</p>", False),
    ("<p>Справки по телефону приёмной 8 (42138) 4-27-11</p>", False),  # «приёмной», not only «приёмная»
    # a footer's contact block, one item per line: the e-mail stands three lines under the school
    ("<p>МБОУ СОШ № 5 п. Чегдомын</p><p>682030, п. Чегдомын, ул. Центральная, д. 14</p>"
     "<p>+7 (42149) 5-12-47</p><p>school5@example.ru</p>", False),
    # the librarian's name over the site's footer: the footer's phone is the school's
    ("<p>Педагог-библиотекарь Лобанова И. А.</p><p>МБОУ СОШ с. Сергеевка</p>"
     "<p>680511, с. Сергеевка, ул. Центральная, 36</p><p>8 (4212) 49-11-22</p>", False),
    # the library's own line names the school too
    ("<p>Библиотека МБОУ СОШ № 17</p><p>+7 (42137) 7-14-56</p>", True),
    ("<p>Педагог-библиотекарь Иванова М. П.</p><p>+7 (42137) 7-14-56</p>", True),
    ("<p>Библиотека МБОУ СОШ № 5</p><p>682030, п. Чегдомын, ул. Центральная, д. 14</p>"
     "<p>+7 (42149) 5-12-47</p><p>biblio5@example.ru</p>", True),
    # a contact block is only its contact lines: a library line above a school's block does not reach it
    ("<p>Библиотека открыта для всех.</p><p>МБОУ СОШ № 5 п. Чегдомын</p><p>Директор Петров П. П.</p>"
     "<p>ул. Центральная, д. 14</p><p>+7 (42149) 5-12-47</p><p>school5@example.ru</p>", False),
])
def test_a_phone_on_the_schools_lines_is_no_contact_of_the_library(footer: str, contacts: bool) -> None:
    body = "<p>Школьная библиотека обслуживает учеников и учителей.</p><p>Фонд — 12 000 книг.</p>" + footer
    assert section_verdicts(site_of(body))["contacts"].present is contacts


@pytest.mark.parametrize("items, news", [
    (("Лыжня России — 2025: наши результаты", "Родительское собрание для выпускников"), False),
    (("Неделя детской книги", "Родительское собрание для выпускников"), True),
    # titles that do not say it, a teaser that does
    (("День словарей", "Нюрнбергский эпилог"), True),
])
def test_a_block_of_the_schools_news_beside_the_librarys_text_is_no_feed_of_it(items: tuple[str, str], news: bool) -> None:
    teaser = "Ребята вспомнили любимые книги." if items[0] == "День словарей" else "Итоги на сайте школы."
    body = ("<p>Школьная библиотека обслуживает учеников и учителей.</p><p>Фонд — 12 000 книг.</p>"
            "<p>Читальный зал на 20 мест.</p><p>Библиотекарь — Иванова М. П.</p><p>Абонемент выдаёт книги на дом.</p>"
            f"<div class='item'><p>18 февраля 2025</p><h3>{items[0]}</h3><p>{teaser}</p></div>"
            f"<div class='item'><p>12 февраля 2025</p><h3>{items[1]}</h3><p>Собрание в актовом зале.</p></div>")
    assert section_verdicts(site_of(body))["news"].present is news


@pytest.mark.parametrize("heading, exhibitions", [
    ("Выставка рисунков «Мой любимый литературный герой»", False),  # pupils' drawings, not books
    ("Выставка поделок «Новогодняя игрушка»", False),
    ("Книжная выставка «Мой любимый литературный герой»", True),
])
def test_an_exhibition_of_pupils_work_is_no_book_exhibition(heading: str, exhibitions: bool) -> None:
    body = f"<h2>{heading}</h2><p>Работы учеников 2–4 классов висят в коридоре второго этажа до конца месяца.</p>"
    assert section_verdicts(site_of(body))["exhibitions"].present is exhibitions


def test_a_news_modules_item_titled_with_a_sections_name_is_a_post() -> None:
    """«О сдаче учебников …» names the textbooks section, yet under the news module's address it
    is the library's news item, not the section's page."""
    url = "http://school.test/roditelyam-i-uchenikam/novosti/novosti_387.html"
    body = ("<p>Основные сведения</p><p>Сведения об образовательной организации</p><p>Родителям и ученикам</p>"
            "<p>Главная / Родителям и ученикам / Новости</p><p>27 мая 2025, 14:05</p>"
            "<p>Учебники сдаются в библиотеку по графику с 28 по 30 мая.</p>")
    site = CentreSite([snap(url, page_html(body, title="О сдаче учебников по окончании 2024-2025 учебного года"))], url, rulebook())
    assert section_verdicts(site)["news"].present


def test_hours_beside_a_reported_event_leave_the_timetable_alone() -> None:
    """The event's sentence loses its hours; the library's timetable on the same page counts."""
    body = ("<p>В пятницу с 14.00 до 15.00 в библиотеке прошла акция «Читаем вместе».</p>"
            "<p>Понедельник – пятница: 9.00 – 17.00. Суббота – выходной.</p>")
    verdict = section_verdicts(site_of(body))["work_hours"]
    assert verdict.present and "Понедельник" in verdict.evidence[0].text, verdict.evidence


def test_on_a_post_only_a_phone_that_names_the_library_is_its_contact() -> None:
    """A single post of the school's site stands under the school's masthead: its phone and
    reception hours are the school's. The same lines on the library's own page count."""
    masthead = ("<p>Адрес: г. Бикин, ул. Ленина, 5</p><p>8 (42155) 2-18-40</p>"
                "<p>Режим работы: понедельник – пятница с 8.00 до 17.00</p>")
    story = "<p>В школьной библиотеке открыта книжная выставка «Осень в стихах».</p>"
    post = "http://school.test/news/vystavka/2026-10-20-3"
    on_post = section_verdicts(site_of(masthead + story, url=post))
    assert not on_post["contacts"].present and not on_post["work_hours"].present
    assert on_post["exhibitions"].present
    on_library_page = section_verdicts(site_of(masthead + story))
    assert on_library_page["contacts"].present and on_library_page["work_hours"].present
    named = ("<p>Телефон библиотеки:</p><p>8 (42155) 2-18-41</p>"
             "<p>Библиотека работает: понедельник – пятница с 9.00 до 15.00</p>")
    on_post = section_verdicts(site_of(named + story, url=post))
    assert on_post["contacts"].present and on_post["work_hours"].present


def test_hard_wrapped_sentence_is_read_whole() -> None:
    # a page laid out with line breaks: the line that begins in lower case goes on with the
    # sentence before it, and the evidence is the sentence joined back
    body = "<p>Дети и учителя приносили книги<br>и от души дарили их школьной библиотеке.</p>"
    verdict = section_verdicts(site_of(body))["new_arrivals"]
    assert verdict.present, verdict.evidence
    assert verdict.evidence[0].text == "Дети и учителя приносили книги и от души дарили их школьной библиотеке."


def test_year_report_on_a_work_plan_page_keeps_what_has_been_done() -> None:
    # a year's analysis is a work plan's own page, yet what it says has been done is a fact:
    # the textbooks that came in count, the plan's tasks on the same page do not
    body = ("<p>За учебный год в библиотеку поступило 312 учебников из федерального бюджета.</p>"
            "<p>Задачи на следующий год: оформлять книжные выставки к памятным датам.</p>")
    title = "Анализ работы библиотеки за 2023–2024 учебный год"
    verdicts = section_verdicts(CentreSite([snap(LIB, page_html(body, title=title))], LIB, rulebook()))
    assert verdicts["work_plan"].present
    assert verdicts["textbooks"].present and verdicts["textbooks"].evidence[0].kind == "sentence"
    assert not verdicts["exhibitions"].present, verdicts["exhibitions"].evidence


def test_colon_joins_only_the_sentence_it_closes() -> None:
    # «…так:» over a table joins the table to its own sentence, not to the paragraph before it
    text = ("В читальном зале прошёл библиотечный урок. Школьная библиотека:\n"
            "насчитывает более 12 000 книг.")
    hits = {h.section: h.sentence for h in prose_hits(text, rulebook())}
    assert hits["about"] == "Школьная библиотека: насчитывает более 12 000 книг."


def test_a_plan_tables_cells_are_its_items_not_sections() -> None:
    head = ("<tr><th>№</th><th>Дата проведения</th><th>Наименование мероприятия</th><th>Форма проведения</th>"
            "<th>Ответственные</th></tr>")
    rows = [("1.", "октябрь", "Новости литературы", "Книжная выставка, презентация", "Библиотекарь"),
            ("2.", "ноябрь", "Путешествие в книжный мир", "Обзор", "Библиотекарь")]
    table = "<table>" + head + "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows) + "</table>"
    page = snap(LIB, page_html(table, title="Работа с читателями"))
    verdicts = section_verdicts(CentreSite([page], LIB, rulebook()))
    assert verdicts["work_plan"].present
    assert not verdicts["news"].present and not verdicts["exhibitions"].present
    # past the table, with a heading or without, a section counts again
    for between in ("<h2>Разное</h2>", ""):
        after = table + between + "<p>Книжная выставка, презентация</p><p>Книги о войне для 5–9 классов.</p>"
        page = snap(LIB, page_html(after, title="Работа с читателями"))
        assert section_verdicts(CentreSite([page], LIB, rulebook()))["exhibitions"].present, between
    # a plan set as text (no table element) runs from its head to the next heading
    cells = ("Дата проведения", "Наименование мероприятия", "Ответственные", "октябрь", "Новости литературы",
             "Библиотекарь")
    text = ("".join(f"<p>{cell} |</p>" for cell in cells)
            + "<h2>Разное</h2><p>Книжная выставка, презентация</p><p>Книги о войне для 5–9 классов.</p>")
    verdicts = section_verdicts(CentreSite([snap(LIB, page_html(text, title="Работа с читателями"))], LIB, rulebook()))
    assert verdicts["work_plan"].present and not verdicts["news"].present and verdicts["exhibitions"].present


def _category_page(url: str, read_more: int) -> CentreSite:
    teasers = [("Стихи о зиме", "Подборка стихов для чтения вслух на переменах."),
               ("Как выбрать книгу ребёнку", "Советы родителям младших школьников.")]
    body = "".join(f"<h2>{title}</h2><p>{text}</p>" + ("<p><a href='/x/'>Читать далее</a></p>" if i < read_more else "")
                   for i, (title, text) in enumerate(teasers))
    return CentreSite([snap(url, page_html(body, title="Школьная библиотека"))], url, rulebook())


def test_a_category_of_posts_with_teasers_is_a_feed_dated_or_not() -> None:
    verdict = section_verdicts(_category_page("http://school.test/category/biblioteka/", 2))["news"]
    assert verdict.present and verdict.evidence[0].kind == "content"
    assert "рубрика записей" in verdict.evidence[0].text
    assert section_verdicts(_category_page("http://school.test/?cat=4", 2))["news"].present
    # one teaser is a page kept in the category; «Подробнее» on the library's page is no feed
    assert not section_verdicts(_category_page("http://school.test/category/biblioteka/", 1))["news"].present
    assert not section_verdicts(_category_page("http://school.test/biblioteka/", 2))["news"].present


def test_a_teaser_closed_by_its_read_more_link_in_its_own_line_counts() -> None:
    """WordPress's excerpt often ends with its link in the same paragraph: «…стихи о весне.
    Читать далее»."""
    url = "http://school.test/category/nedelya-knigi/"
    body = ("<h2>Неделя детской книги</h2><p>Стихи о книжной неделе, что встречает весну. <a href='/a/'>Читать "
            "далее</a></p><p>Каникулы — время прийти в школьную библиотеку на праздник. <a href='/b/'>Читать "
            "далее</a></p>")
    verdict = section_verdicts(CentreSite([snap(url, page_html(body, title="Школьная библиотека"))], url,
                                          rulebook()))["news"]
    assert verdict.present and "рубрика записей" in verdict.evidence[0].text, verdict.evidence
    # a sentence that opens with «Далее» is no link
    body = "<p>Далее перечислены правила записи.</p><p>Далее приведён список книг.</p><p>Школьная библиотека</p>"
    url = "http://school.test/category/biblioteka/"
    assert not section_verdicts(CentreSite([snap(url, page_html(body))], url, rulebook()))["news"].present


@pytest.mark.parametrize("row, present", [
    ("<p>Учебный фонд | 9 012</p>", True),  # a table's row: the figure is the label's content
    ("<p>Учебный фонд | 9 012 |</p>", True),
    ("<p>О библиотеке | Учебный фонд | Новости</p>", False),  # a menu's row: nothing behind it
])
def test_a_table_rows_figure_is_its_labels_content(row: str, present: bool) -> None:
    body = f"<h2>Общие сведения</h2><p>Книжный фонд – 15 400 экз.</p>{row}"
    assert section_verdicts(site_of(body))["textbooks"].present is present


def test_a_fund_figure_does_not_reach_the_next_line_for_its_adjective() -> None:
    """«… экз. учебных изданий» on one line is textbooks; «15 400 экз.» over a line that opens
    with «Учебный план» is not."""
    body = "<p>Книжный фонд – 15 400 экз.</p><p>Учебный план школы на год утверждён директором.</p>"
    assert not section_verdicts(site_of(body))["textbooks"].present
    assert section_verdicts(site_of("<p>Фонд: 15 400 экз., из них 9 012 экз. учебных изданий.</p>"))["textbooks"].present


@pytest.mark.parametrize("body", [
    "<p>После списания основной фонд библиотеки (без учебников) составляет 9 118 экземпляров.</p>",
    "<p>Фонд без учебников – 9 118 экз.</p>",
    "<h2>Фонд без учебников</h2><p>9 118 экз.</p>",
    "<p>Фонд (кроме учебников) насчитывает 8 000 книг.</p>",
])
def test_a_fund_without_its_textbooks_is_no_textbook_fund(body: str) -> None:
    assert not section_verdicts(site_of(body))["textbooks"].present


@pytest.mark.parametrize("body, textbooks", [
    # one figure for the whole fund, textbooks one kind in its list
    ("<p>Книгохранилище школы вмещает свыше 28 000 экземпляров книг и учебников.</p>", False),
    ("<p>Фонд библиотеки – более 14 тысяч экземпляров: художественная, справочная литература, "
     "учебники, периодические издания.</p>", False),
    # a figure of the textbooks' own
    ("<p>В фонде библиотеки 5 000 книг и 3 000 учебников.</p>", True),
    ("<p>Учебники и учебные пособия – 18 540 экз.</p>", True),
])
def test_textbooks_listed_with_other_books_under_one_figure_are_no_textbook_fund(body: str, textbooks: bool) -> None:
    assert section_verdicts(site_of(body))["textbooks"].present is textbooks


@pytest.mark.parametrize("sentence, about", [
    ("В библиотеке 3 870 книг и 1 420 учебников.", True),
    ("Библиотека лицея — это 21 тысяча книг на русском и татарском языках.", True),
    # the figure counts another thing, or books on the move, or is a year
    ("Электронный каталог библиотеки содержит более 12 000 записей о книгах и журналах.", False),
    ("Библиотека собирает 100 книг для сельской школы.", False),
    ("За месяц в библиотеке выдано 115 книг о войне.", False),
    ("Жемчужина фонда — рукописная книга (1589 г.).", False),
])
def test_a_count_of_the_librarys_books_describes_it(sentence: str, about: bool) -> None:
    verdict = section_verdicts(site_of(f"<p>{sentence}</p>"))["about"]
    assert verdict.present is about
    if about:
        assert verdict.evidence[0].kind == "sentence"


def test_a_sentence_that_points_to_another_section_shows_nothing_itself() -> None:
    body = "<p>Списки учебников на 2025-2026 учебный год смотрите в разделе «Учебники».</p>"
    assert not section_verdicts(site_of(body))["textbooks"].present
    shown = "<p>Списки учебников на 2025-2026 учебный год классные руководители получают в библиотеке.</p>"
    assert section_verdicts(site_of(shown))["textbooks"].present


def test_a_count_of_readers_under_its_label_describes_the_library() -> None:
    verdict = section_verdicts(site_of("<p>Количество читателей: 447</p>"))["about"]
    assert verdict.present and verdict.evidence[0].kind == "label"


@pytest.mark.parametrize("body", [
    "<p>Библиотека работает ежедневно, кроме субботы и воскресенья.</p>",
    "<p>Библиотека открыта для читателей с понедельника по пятницу.</p>",
    "<p>Обслуживание читателей ведётся ежедневно, выходной день — суббота.</p>",
])
def test_opening_days_without_hours_are_work_hours(body: str) -> None:
    verdict = section_verdicts(site_of(body))["work_hours"]
    assert verdict.present and verdict.evidence[0].kind == "content"


@pytest.mark.parametrize("body", [
    "<p>С понедельника по пятницу в библиотеке проходила Неделя детской книги.</p>",
    "<p>В выходной день – субботу – в библиотеке прошла акция «Читаем всей семьёй».</p>",  # a label's word
])
def test_days_of_an_event_are_no_opening_days(body: str) -> None:
    assert not section_verdicts(site_of(body))["work_hours"].present


@pytest.mark.parametrize(("body", "present"), [
    ("<p>Библиотекарь: Иванова М.П., каб. 12, тел. 22-11-33</p>", True),  # a small town's number
    ("<p>Тел. библиотеки: 2-11-33</p>", True),
    ("<p>Телефон доверия: 22-11-33</p>", False),
    ("<p>Тел. 22.12.13</p>", False),  # dots: no local number
])
def test_a_local_number_after_its_label_is_the_librarys_phone(body: str, present: bool) -> None:
    assert section_verdicts(site_of(body))["contacts"].present is present


def test_a_post_signed_by_the_librarian_above_the_pages_furniture_is_the_librarys() -> None:
    """«Зав. библиотекой …» signs the post, though the page's counters and links follow it."""
    url = "http://school.test/news/index.php?ELEMENT_ID=2184"
    body = ("<p>28.02.2026</p><p>Всю неделю первоклассники знакомятся с рассказами Виталия Бианки.</p>"
            "<p>Каждый день ребята слушают новый рассказ и рисуют его героев.</p>"
            "<p>Зав. библиотекой О.В. Крылова</p><p>Фотогалерея (6)</p><p>Просмотров: 58</p>"
            "<p>Назад в раздел</p><p>Подписаться на рассылку</p>")
    page = snap(url, page_html(body, title="Час чтения «Читаем Бианки вместе»"))
    verdict = section_verdicts(CentreSite([page], url, rulebook()))["news"]
    assert verdict.present, verdict.evidence
