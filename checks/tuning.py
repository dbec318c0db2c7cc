"""The grading's tuning constants, in one commented table.

Words and phrases live in the rulebook (`checks/rulebook.toml`) and in `common/words.toml`;
what is left here are the thresholds a rules developer may move when real pages show a new
kind of layout. After changing one, run `ibcmon sample eval --real --split dev -v` (real
pages, the ground truth) and `ibcmon sample eval --seeds 1-20` (regressions), never tune
on `--split test`.

| constant | value | what it decides |
|---|---|---|
| GAP | 2 | other words allowed between two words of a section's name («и», «или» joining two attributes not counted) |
| STEM_EXTRA_LETTERS | 5 | letters a text's stem may have beyond a name's to still be its form («краевед» / «краеведческ»), not a compound («документ» / «документовыдач») |
| MIN_PREFIX | 6 | the shortest stem that may match a longer one by its beginning |
| NAME_SLACK | 1 | other words beside a name that does not open a heading or link |
| DOCUMENT_SLACK | 2 | the same in a document's title |
| SHORT_LABEL_WORDS | 6 | a line without a colon is a label when this short and opening with a name |
| TITLE_LINE_WORDS | 20 | a regulation's or plan's title standing as a line of its own |
| JOINED_TITLE_HEADINGS | 4 | heading lines one document title may be broken over |
| LABEL_BODY_LINES | 4 | lines after a bare label that stand behind it |
| LABEL_MIN_CHARS | 2 | letters or digits after a label that make it not empty |
| EXCLUDE_WINDOW | 40 | characters before a pattern's match where `text_exclude` cancels it |
| TEXT_NEEDS_REACH | 60 | characters after a pattern's match where a `text_needs` word may stand |
| SCHOOL_LINES_BELOW | 1 | lines below a contact block searched for the school's name or its «©» (a footer's «© 2024 МБОУ СОШ № 4» under the school's address and phone) |
| COPYRIGHT_REACH | 3 | lines above or below a contact block searched for the footer's «©» (past a counter or «Все права защищены»), with nothing of the library between |
| CONTACT_WINDOW_CHARS | 3000 | characters before and after a contact's line read for its block and the school's name or «©» around it |
| CONTACT_BLOCK_LINES | 6 | contact lines below a match read as the rest of its block |
| SCHOOL_LINES_ABOVE | 2 | lines above a phone's or an address's contact block (its run of contact lines) searched for the school's name (`not_on_school_lines`) |
| ITEM_NAME_SLACK | 3 | other words on a line that names one of a section's things (`item_names`: «Федеральный список экстремистских материалов (сайт Минюста)») |
| SITE_MENU_LINKS | 3 | links of an unmarked list that make it the site's menu |
| LIBRARY_WORDS_PER_MENTION | 60 | words of text per library word for a page to be about the library |
| FEED_MIN_ITEMS | 2 | dated items that make a feed |
| FEED_LINE_CHARS | 160 | the longest line read as a feed item's title |
| FEED_DATE_LINE_CHARS | 40 | the longest line read as a post's date line |
| POST_TOP_LINES | 4 | lines at a page's top where a post's date stands |
| BADGE_PART_CHARS | 12 | the longest line of a date badge set over lines («25» / «ноябрь» / «2018») |
| POST_OPENING_CHARS | 400 | characters of a post's title and opening that must name the library |
| MASTHEAD_LINES | 12 | top lines of a page searched for the school's masthead above the library's title |
| POST_TITLE_CHARS | 120 | the longest title of a page taken for a post by its address alone (longer: only where its text shows the library's event) |
| SIGNATURE_LINES | 8 | last lines of a post where its author's signature stands («Библиотекарь …»), the page's furniture («Просмотров: 58», «Назад в раздел») after it included |
| SIGNATURE_LINE_CHARS | 80 | the longest line read as a post's signature |
| MAX_SENTENCE_CHARS | 600 | longer "sentences" are lists or tables run together: not prose |
| VERBLESS_WORDS | 8 | a sentence this long is prose even with no verb and no figure |
| HISTORY_YEARS | 20 | a sentence set in a year this many years or more before the fetch («С 1966 года библиотеку вела…») tells the library's history: no news, arrival or exhibition |
| NOT_AMONG_MIN | 3 | other forms of work named in a sentence with the subject (`not_among`) that make it a list of methods («беседы, викторины, конкурсы, а также оформление выставок») |
| PART_HEADINGS | 3 | next headings searched for a heading's own parts («Цели и задачи ИБЦ» over «Цель», «Задачи») |
| PART_MIN_CHARS | 20 | letters under a part heading that fill the heading above it |
| EMPTY_TITLE_LINES | 2 | lines that only repeat a section's name skipped before «Раздел в разработке» under a heading («Новости библиотеки» / «Раздел находится в стадии наполнения») |
| VALUE_MIN_LETTERS | 12 | letters after a heading's colon or dash that are its own value («Новинки фонда: 48 книг серии «Школьная библиотека»») |
| LIST_ITEM_HEADINGS | 5 | next headings searched for a list's items set in the list heading's rank («Новые поступления» over «Н. Абгарян «Манюня»») |
| QUOTED_DOCUMENT_WORDS | 3 | words of a quoted title in a running line read as a document's title («Положение о школьной библиотеке») |
| QUOTED_DOCUMENT_MIN_LINE | 70 | characters of a line longer than which its quoted titles are read one by one (a shorter line is a title or a label itself) |
| NEWS_BLOCK_MIN_ITEMS | 2 | dated items under a news block's title («Новости школы») that make it the school's column when none speaks of the library |
| NEWS_BLOCK_MAX_LINES | 30 | lines under a news block's title read as its items |
| NEWS_ITEM_CHARS | 120 | the longest line read as a news item's title (or as a news block's title) |
| OF_SUBJECT_GAP | 1 | words other than adjectives between a subject and its genitive («задачи работы ИБЦ») |
| TABLE_ROW_CELLS | 3 | cells of a line joined by vertical bars that make it a table's row, not a sentence |
| SCHOOL_AFTER_LIBRARY | 3 | words after a library's name searched for its school («библиотека МБОУ школы № 11») |
| MIN_COUNT | 100 | the smallest number read as a fund's count (not «3 издания на 14 дней») |
| MIN_CONTENT_CHARS | 2 | letters or digits under a template block's title that make it filled |
| OTHER_TITLE_CHARS | 60 | the longest line under a template block read as another section's title, which ends the block |
| ITEM_TEASER_CHARS | 300 | the opening of a school news item read with its title |
| ITEM_LINES | 6 | lines of a school feed's item read after its title |
| SPEAKING_LINE_WORDS | 4 | words of a line that names the library for a news list to be the library's (not a menu item) |
| ITEM_HEADING_LINES | 5 | heading lines after a list item's quoted title searched for its date («Подробности», «Автор: …», «Опубликовано: …») |
| ITEM_DATE_LINE_CHARS | 60 | the longest date line before a school news item's title |
| ITEM_TITLE_MAX_CHARS | 300 | a longer line of a school feed is running text, not a title |
| READ_MORE_LINKS | 2 | «Читать далее» lines that make a category page a list of posts |
| ORDER_NUMBER_CHARS | 30 | how far after a date «протокол № 1» makes it a document's date |
| SENTENCE_REACH | 200 | characters either side of a date searched for its sentence (announcement words) |
"""
from __future__ import annotations

# section names (checks.text, checks.site)
GAP = 2
STEM_EXTRA_LETTERS = 5
MIN_PREFIX = 6
NAME_SLACK = 1
DOCUMENT_SLACK = 2

# labels and titles on a line of their own (checks.site, checks.sections)
SHORT_LABEL_WORDS = 6
TITLE_LINE_WORDS = 20
JOINED_TITLE_HEADINGS = 4
LABEL_BODY_LINES = 4
LABEL_MIN_CHARS = 2
EXCLUDE_WINDOW = 40
TEXT_NEEDS_REACH = 60
SCHOOL_LINES_ABOVE = 2
SCHOOL_LINES_BELOW = 1
COPYRIGHT_REACH = 3
CONTACT_BLOCK_LINES = 6
CONTACT_WINDOW_CHARS = 3000
ITEM_NAME_SLACK = 3

# which pages speak for the library (checks.site)
SITE_MENU_LINKS = 3
LIBRARY_WORDS_PER_MENTION = 60

# feeds and posts (checks.page, checks.sections)
FEED_MIN_ITEMS = 2
FEED_LINE_CHARS = 160
FEED_DATE_LINE_CHARS = 40
POST_TOP_LINES = 4
BADGE_PART_CHARS = 12
POST_OPENING_CHARS = 400
POST_TITLE_CHARS = 120
SIGNATURE_LINES = 8
SIGNATURE_LINE_CHARS = 80
MASTHEAD_LINES = 12

# sentences of running text (checks.prose)
MAX_SENTENCE_CHARS = 600
VERBLESS_WORDS = 8
OF_SUBJECT_GAP = 1
NEWS_BLOCK_MIN_ITEMS = 2
NEWS_BLOCK_MAX_LINES = 30
NEWS_ITEM_CHARS = 120
QUOTED_DOCUMENT_WORDS = 3
QUOTED_DOCUMENT_MIN_LINE = 70
PART_HEADINGS = 3
PART_MIN_CHARS = 20
LIST_ITEM_HEADINGS = 5
EMPTY_TITLE_LINES = 2
VALUE_MIN_LETTERS = 12
NOT_AMONG_MIN = 3
HISTORY_YEARS = 20
MIN_COUNT = 100
TABLE_ROW_CELLS = 3
SCHOOL_AFTER_LIBRARY = 3

# platform templates (checks.templates)
MIN_CONTENT_CHARS = 2
OTHER_TITLE_CHARS = 60

# posts about the library in the school's news (checks.library_posts)
ITEM_TEASER_CHARS = 300
ITEM_LINES = 6
ITEM_HEADING_LINES = 5
SPEAKING_LINE_WORDS = 4
ITEM_DATE_LINE_CHARS = 60
ITEM_TITLE_MAX_CHARS = 300
READ_MORE_LINKS = 2

# dates of documents (checks.dates)
ORDER_NUMBER_CHARS = 30
SENTENCE_REACH = 200
