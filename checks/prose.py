"""Evidence from running text: a sentence that reports the library doing or showing a
section's thing («в читальном зале оформлена книжная выставка», «учебники для 1–4 классов
получают классные руководители», «фонд библиотеки насчитывает 13 000 книг»).

Real pages often show a section only in prose, with no heading. The rulebook's
`[[sections.<id>.prose]]` entries say, in words a methodologist can read and edit, what
such a sentence looks like (`checks/rulebook.toml` documents the keys):

- `subjects`: what the sentence is about (words and phrases, matched on lemmas, so
  «выставку», «выставкой», «выставки» all match «выставка»);
- `actions`: what the library does with it («оформить», «получать»); at least one must
  stand in the sentence when the list is given;
- `needs_number` / `needs_year`: a figure (a fund size, «358 экз.») or a year (history);
  `count_of_subject`: the figure stands right before the subject («3 870 книг»), not
  before another thing («12 000 записей о книгах»);
- `tense`: `past` for reports of events (news), `present` for a state with no verb in the
  past («в библиотеке 3 870 книг», not «за месяц выдано 115 книг»), `any` otherwise.
- `subject_nominative`: the subject is the sentence's own (nominative): «библиотека
  находится на втором этаже», not «книги из фонда библиотеки занимают…»;
- `action_of_subject`: an action is the subject's genitive right after it: «задачи
  школьной библиотеки», «цели работы ИБЦ», not «задачи, которые решает библиотека»;
- `not_with`: words that make the sentence about another thing: «выставка рисунков» is
  no book exhibition;
- `needs_with`: words one of which must stand in the sentence: books given to the library
  («подарили библиотеке 48 книг») are new arrivals, books given to a contest's winners are not;
- `not_by`: words that must not be the sentence's subject: books the library gives away
  («библиотека подарила первоклассникам книги») are no arrivals;
- `not_listed_with`: words that, in one list with the subject, make it one kind among
  others: «28 000 экземпляров книг и учебников» is the whole fund, not the textbooks';
- `not_among`: forms of work of which NOT_AMONG_MIN or more, named with the subject in a
  sentence that reports nothing past, make it a list of methods: «Библиотека предлагает
  беседы, викторины, конкурсы, а также оформление выставок».

What does not count, whatever the words (the `[prose]` table): an action in the future
tense (in its own clause: «помогут книги, которые представлены на выставках» still reports
the exhibitions), a sentence with the rulebook's announcement words
(`freshness.future_words`: «состоится») or with a plan's or a method's words («формы
работы: книжные выставки…», «в течение года»), a statute's clause («1.2. Цели БИЦ: …»,
«(далее – БИЦ)»), and a line without a verb or a figure (a document title such as
«Положение о порядке обеспечения учебниками» is not prose; a dash standing for «is» makes
a statement: «Главная задача библиотеки — обеспечение учебного процесса»).

Such evidence is weaker than a heading: it is kind `sentence`, and the review queue shows
these verdicts first.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from checks.rulebook import ProseRule, Rulebook
from checks.text import normalise
from checks.tuning import (
    MAX_SENTENCE_CHARS,
    MIN_COUNT,
    NOT_AMONG_MIN,
    OF_SUBJECT_GAP,
    SCHOOL_AFTER_LIBRARY,
    TABLE_ROW_CELLS,
    VERBLESS_WORDS,
)
from common import words
from common.lemmas import PhraseMatch, PhraseSet, Token, sentences, tokens_of

EVIDENCE_CHARS = 300
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)(?:-?х|г\.?)?$")
_TIME = re.compile(r"^\d{1,2}[:.\-]\d{2}$")
_DATE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}\.?$")
# a quoted title names a thing («Подари книгу библиотеке»): its words are not the sentence's
_QUOTED = re.compile(r"«[^»]{0,200}»|\"[^\"]{0,200}\"|„[^“]{0,200}“")
# a legal text's definition of a short name: «Библиотечно-информационный центр (далее – БИЦ)»
_LEGAL_DEFINITION = re.compile(r"\(\s*далее\b", re.IGNORECASE)
# a statute's numbered clause: «1.2. Цели БИЦ: …»
_CLAUSE_NUMBER = re.compile(r"\d{1,2}\.\d{1,2}\.?\s")
# punctuation that closes a clause: a noun before it does not govern the words after it
_CLAUSE_MARKS = frozenset({",", ";", ":", "—", "–", "("})
# a finite verb, a short participle («оформлена»), a gerund, a predicative («можно», «нельзя»),
# a short adjective as the predicate («для записи нужен паспорт»)
_VERB_TAGS = ("VERB", "PRTS", "GRND", "PRED", "ADJS")
# what joins the items of one list: «книг и учебников», «литература, учебники»
_LIST_JOINS = frozenset({",", "и", "или"})
_PURPOSE_WORDS = frozenset({"чтобы", "чтоб"})  # «…, чтобы ученики познакомились»: a purpose, not a report
# a dash that stands for «is» before a lower-case word: «Основная задача библиотеки —
# обеспечение учебного процесса» is a statement with no verb; a title's dash stands between
# capitals or quotes («Книга — лучший друг» is quoted)
_COPULA = re.compile(r"[^\W\d_]\s+[—–]\s+(?:это\s+)?[а-яё]")


@dataclass(frozen=True)
class ProseHit:
    section: str
    sentence: str
    past: bool = False  # the sentence tells of what has happened (a verb in the past)


def _has_figure(tokens: Sequence[Token]) -> bool:
    """A count: «27352 экземпляров», «13 000», «18.540», «95 %», «15 тысяч»; never a year, a time, a
    number after «№» or a span («500 лет»)."""
    for i, t in enumerate(tokens):
        if not t.is_number or _YEAR.match(t.text) or _TIME.match(t.text) or _DATE.match(t.text):
            continue
        if i and tokens[i - 1].text in words.NUMBER_MARKS:
            continue
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if following.lower().startswith(words.NOT_COUNT_STEMS) or following.lower() in words.NOT_COUNT_WORDS:
            continue  # «500 лет назад»: a span of time, not a count; «(1589 г.)»: a year
        if following.lower().startswith(words.THOUSAND_STEMS):
            return True  # «15 тысяч экземпляров»
        digits = t.text.replace(".", "").replace(",", "")
        if following == "%" or (digits.isdigit() and int(digits) >= MIN_COUNT):
            return True
        if following.isdigit() and len(following) == 3:  # «13 000»
            return True
    return False


def _counted(tokens: Sequence[Token], subject: PhraseMatch) -> bool:
    """Does a count stand right before the subject, only adjectives and «тысяч» between
    («3 870 книг», «21 тысяча книг», «более 13000 печатных изданий»)?"""
    i = subject.first_token - 1
    while i >= 0 and (_is_attribute(tokens[i]) or tokens[i].text.lower().startswith(words.THOUSAND_STEMS)):
        i -= 1
    while i > 0 and tokens[i].is_number and tokens[i - 1].is_number:
        i -= 1  # «3 870»: the count's first group
    return i >= 0 and tokens[i].is_number and _has_figure(tokens[i:subject.first_token])


def _has_year(tokens: Sequence[Token]) -> bool:
    return any(_YEAR.match(t.text) for t in tokens)


def _is_future(tokens: Sequence[Token]) -> bool:
    return any("futr" in t.tag for t in tokens if t.tag.startswith("VERB"))


def _clause(tokens: Sequence[Token], first: int, last: int) -> Sequence[Token]:
    """The clause around tokens[first..last]: up to the nearest clause marks either side."""
    start = next((i + 1 for i in range(first - 1, -1, -1) if tokens[i].text in _CLAUSE_MARKS), 0)
    stop = next((i for i in range(last + 1, len(tokens)) if tokens[i].text in _CLAUSE_MARKS), len(tokens))
    return tokens[start:stop]


def _statement(tokens: Sequence[Token], first: int, last: int) -> tuple[int, int]:
    """The first and last index of the statement around tokens[first..last]: a semicolon
    parts two statements of one sentence."""
    start = next((i + 1 for i in range(first - 1, -1, -1) if tokens[i].text == ";"), 0)
    stop = next((i - 1 for i in range(last + 1, len(tokens)) if tokens[i].text == ";"), len(tokens) - 1)
    return start, stop


def _is_past(tokens: Sequence[Token], first: int = 0, last: int | None = None) -> bool:
    """A verb in the past tense among tokens[first..last], by any of its readings («пришли»:
    прийти, not only the imperative of прислать), that reports: a past form after «чтобы» in
    its clause states a purpose («урок проводится, чтобы ученики познакомились с книгами»)."""
    stop = len(tokens) - 1 if last is None else last
    return any("past" in tag and tag.startswith(("VERB", "PRTS")) and not _in_purpose_clause(tokens, i)
               and not _after_preposition(tokens, i)
               for i in range(first, stop + 1) for tag in (tokens[i].tags or {tokens[i].tag}))


def _after_preposition(tokens: Sequence[Token], index: int) -> bool:
    """A preposition governs the word: it is the noun («с начала сентября», «до начала
    уроков»), not the verb it might also read as («начала»: начать)."""
    return index > 0 and tokens[index - 1].tag.startswith("PREP")


def _in_purpose_clause(tokens: Sequence[Token], index: int) -> bool:
    """Does «чтобы» open the clause the token stands in?"""
    for t in reversed(tokens[:index]):
        if t.text in _CLAUSE_MARKS:
            return False
        if t.text.lower() in _PURPOSE_WORDS:
            return True
    return False


def _has_verb(tokens: Sequence[Token]) -> bool:
    """A verb or a predicate (`_VERB_TAGS`) by its first reading, or by any reading in lower
    case: «начала» is first read as the noun «начало», yet «выставка начала работу» is a
    sentence; a title's capital «Правила пользования» or «ПРАВИЛА СДАЧИ» stays a noun."""
    return any(tag.startswith(_VERB_TAGS) for t in tokens
               for tag in ((t.tags or {t.tag}) if t.text.islower() else {t.tag}))


def has_verb(text: str) -> bool:
    """Does the text hold a verb: a sentence («Фонд насчитывает 9 800 книг»), not a label
    and its value («Количество книг 4020»)?"""
    return _has_verb(tokens_of(text))


# subjects, actions, not_with, needs_with, not_by, not_listed_with, not_among
_Compiled = tuple[PhraseSet, PhraseSet | None, PhraseSet | None, PhraseSet | None, PhraseSet | None,
                  PhraseSet | None, PhraseSet | None]


def _optional(phrases: tuple[str, ...]) -> PhraseSet | None:
    return PhraseSet(phrases) if phrases else None


@lru_cache(maxsize=64)
def _compiled(rules: tuple[ProseRule, ...]) -> tuple[_Compiled, ...]:
    return tuple((PhraseSet(r.subjects), _optional(r.actions), _optional(r.not_with), _optional(r.needs_with),
                  _optional(r.not_by), _optional(r.not_listed_with), _optional(r.not_among)) for r in rules)


@lru_cache(maxsize=8)
def _phrase_set(words: tuple[str, ...]) -> PhraseSet:
    """One phrase set per rulebook-wide word list (`[prose] not_with`, the library's names)."""
    return PhraseSet(words)


def _announces(sentence: str, future_words: tuple[str, ...]) -> bool:
    """«состоится», «приглашаем»: the rulebook's announcement words, as written (a lemma
    would make «прошла» of «пройдет»)."""
    padded = f" {normalise(sentence)} "
    return any(f" {normalise(word)} " in padded for word in future_words)


def _sentences(text: str) -> Iterator[str]:
    lines = _unwrapped([ln.strip() for ln in text.split("\n") if ln.strip()])
    led = False  # the line is what a colon before it opened, read with its lead-in
    for i, line in enumerate(lines):
        if line.count(" | ") >= TABLE_ROW_CELLS - 1:
            led = False
            continue  # a table's row run together («Сентябрь | Выдача учебников | 1-11 | библиотекарь»)
        own = [line[start:stop].strip() for start, stop in sentences(line)]
        was_led, led = led, False
        if line.endswith(":") and i + 1 < len(lines) and own and len(lines[i + 1]) <= MAX_SENTENCE_CHARS:
            # «Школьная библиотека:» over «поддерживает учебный процесс…»: one statement, made
            # of the line's last sentence only, not of the paragraph the colon closes; the
            # line after it is not read alone («Читатель имеет право:» over «пользоваться
            # услугами библиотеки…» is a reader's right, not a service described)
            yield f"{own[-1]} {lines[i + 1]}"[: 2 * MAX_SENTENCE_CHARS]
            led = True
        if was_led and len(own) == 1:
            continue
        for sentence in own:
            if sentence and len(sentence) <= MAX_SENTENCE_CHARS:
                yield sentence


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines of hard-wrapped text joined back: a line that begins in lower case continues
    the line before it where that one broke off mid-sentence, on a word or a comma («Дети
    приносили книги» / «и дарили их школьной библиотеке.»): a page laid out with line
    breaks, or a PDF's text. A list's item («…;», «…:») stays its own."""
    joined: list[str] = []
    for line in lines:
        if joined and line[0].islower() and (joined[-1][-1].isalnum() or joined[-1].endswith(",")):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


_ATTRIBUTE_TAGS = ("ADJF", "PRTF", "NUMR")  # «школьной», «нашей», «созданной»: words that go with a noun


_ATTRIBUTE_JOINS = frozenset({"и", ","})  # «школьная и районная библиотеки»


def _is_attribute(token: Token) -> bool:
    return token.is_word and token.tag.startswith(_ATTRIBUTE_TAGS)


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2")


def _can_be(token: Token, case: str) -> bool:
    """Can the word stand in this case? A word the dictionary gives no case («ИБЦ») can."""
    tags = token.tags or {token.tag}
    return any(case in tag for tag in tags) or not any(c in tag for tag in tags for c in _CASES)


def _nominative(tokens: Sequence[Token], match: PhraseMatch) -> bool:
    """Is the subject the sentence's own: its head word (the last) is only nominative, or can
    be and no preposition governs it, nor a noun where it can be a genitive («фонда школьной
    библиотеки», «в библиотеке»: «библиотеки» reads as a plural nominative too)? Libraries
    nominative only in the plural are libraries in general, not this school's one."""
    head = tokens[match.last_token]
    if not _can_be(head, "nomn"):
        return False
    cased = [tag for tag in (head.tags or {head.tag}) if any(c in tag for c in _CASES)]
    if cased and all("plur" in tag for tag in cased if "nomn" in tag) and LIBRARY_OR_ITS_ADJECTIVE.match(head.text):
        return False  # «Библиотеки имеются повсеместно», «библиотеки … создают»: libraries in general
    if cased and all("nomn" in tag for tag in cased):
        return True  # «В конце года библиотека подарила…»: «библиотека» is nothing but nominative
    for t in reversed(tokens[: match.first_token]):
        if t.text in _CLAUSE_MARKS:
            return True  # «Записываясь в библиотеку, читатель …»: the noun before is another clause's
        if t.is_word and not _is_attribute(t):
            if t.tag.startswith("NOUN"):
                # a noun governs the genitive only: «фонд» after «Осенью» is no one's
                return not _can_be(head, "gent")
            return not t.tag.startswith("PREP")
    return True


def _of_subject(tokens: Sequence[Token], subject: PhraseMatch, action: PhraseMatch) -> bool:
    """Is the action the subject's genitive right after it: only adjectives, or at most
    OF_SUBJECT_GAP other words, between («задачи школьной библиотеки», «цели работы ИБЦ»)?"""
    head = tokens[action.last_token]
    if action.first_token <= subject.last_token or not _can_be(head, "gent"):
        return False
    tags = head.tags or {head.tag}
    if any("plur" in tag for tag in tags) and not any("sing" in tag for tag in tags):
        return False  # «роль библиотек», «задачи школьных библиотек»: libraries in general
    between = [t for t in tokens[subject.last_token + 1 : action.first_token] if t.is_word and not _is_attribute(t)]
    return len(between) <= OF_SUBJECT_GAP and all(t.tag.startswith("NOUN") and _can_be(t, "gent") for t in between)


def _listed_beside(tokens: Sequence[Token], subject: PhraseMatch, others: Sequence[PhraseMatch]) -> bool:
    """Does one of `others` stand in one list with the subject, only a comma or «и» and
    adjectives between («книг и учебников», «литература, учебники, периодические издания»)?"""
    for other in others:
        if other.last_token < subject.first_token:
            between = tokens[other.last_token + 1 : subject.first_token]
        elif other.first_token > subject.last_token:
            between = tokens[subject.last_token + 1 : other.first_token]
        else:
            continue  # the subject's own word («учебная литература»)
        if any(t.lemma in _LIST_JOINS for t in between) and all(
                t.lemma in _LIST_JOINS or _is_attribute(t) for t in between):
            return True
    return False


def _as_topic(tokens: Sequence[Token], subject: PhraseMatch) -> bool:
    """Is the subject what is spoken of, after «о» or «про» with only its attributes and the
    other items of its list between («узнать о будущих конкурсах, выставках и мероприятиях»)?"""
    i = subject.first_token - 1
    while i >= 0:
        token = tokens[i]
        if token.lemma in words.TOPIC_PREPOSITIONS:
            return True
        if not (token.lemma in _LIST_JOINS or _is_attribute(token) or (token.is_word and _can_be(token, "loct")
                                                                    and token.tag.startswith("NOUN"))):
            return False
        i -= 1
    return False


def _among_methods(tokens: Sequence[Token], subjects: Sequence[PhraseMatch], among: PhraseSet) -> bool:
    """Is the subject one form of work among NOT_AMONG_MIN or more others, in a sentence that
    reports nothing past («Библиотека предлагает беседы, викторины, конкурсы, а также
    оформление выставок»)? A report («провели беседу, викторину, конкурс и оформили
    выставку») tells of an event, however many forms it names."""
    own = {i for m in subjects for i in range(m.first_token, m.last_token + 1)}
    others = {tokens[m.first_token].lemma for m in among.find(tokens, overlapping=True)
              if not own & set(range(m.first_token, m.last_token + 1))}
    return len(others) >= NOT_AMONG_MIN and not _is_past(tokens)


def _rule_holds(rule: ProseRule, sets: _Compiled, tokens: Sequence[Token], library_page: bool = False) -> bool:
    subjects, actions, unless, needed, not_by, listed_with, among = sets
    if unless is not None and unless.find(tokens):
        return False
    if needed is not None and not (rule.on_library_page and library_page) and not needed.find(tokens):
        return False
    if not_by is not None and any(_nominative(tokens, m) for m in not_by.find(tokens)):
        return False
    subject_matches = subjects.find(tokens)
    if rule.subject_nominative:
        subject_matches = [m for m in subject_matches if _nominative(tokens, m)]
    if listed_with is not None:
        others = listed_with.find(tokens, overlapping=True)
        subject_matches = [m for m in subject_matches if not _listed_beside(tokens, m, others)]
    subject_matches = [m for m in subject_matches if not _as_topic(tokens, m)]
    if not subject_matches:
        return False
    if among is not None and _among_methods(tokens, subject_matches, among):
        return False
    action_matches = actions.find(tokens) if actions is not None else []
    # «будет оформлена выставка» is an announcement; «помогут книги, которые представлены на
    # выставках» reports one: the future counts in the action's own clause only
    shown = action_matches or subject_matches
    if all(_is_future(_clause(tokens, m.first_token, m.last_token)) for m in shown):
        return False
    if actions is not None and not action_matches:
        return False
    if action_matches and all(_in_purpose_clause(tokens, m.first_token) for m in action_matches):
        return False  # a purpose, not a fact: «…, чтобы учащиеся были обеспечены учебниками»
    if rule.action_of_subject and not any(_of_subject(tokens, s, a) for s in subject_matches for a in action_matches):
        return False
    if rule.needs_number and not _has_figure(tokens):
        return False
    if rule.count_of_subject and not any(_counted(tokens, m) for m in subject_matches):
        return False
    if rule.needs_year and not _has_year(tokens):
        return False
    if rule.tense == "present":
        return not _is_past(tokens)
    if rule.tense != "past":
        return True
    if actions is None:
        # the past in the subject's own statement: «библиотека оснащена компьютером; её
        # используют на уроках» tells of no lesson held
        return any(_is_past(tokens, *_statement(tokens, m.first_token, m.last_token)) for m in subject_matches)
    # the action itself is in the past («провели», «была оформлена»), not any verb nearby
    return any(_is_past(tokens, m.first_token, m.last_token) for m in action_matches)


def reports_past(sentence: str) -> bool:
    """Does the sentence tell of what has happened (a verb in the past: «поступило 271
    учебник»), not of what is planned or what always holds?"""
    return _is_past(tokens_of(sentence))


def reports_event(sentence: str, any_reading: bool = False) -> bool:
    """Does the sentence tell of an event that happened or will happen: a finite verb in the
    past or the future tense («прошла», «были», «пройдёт»)? A timetable has none; a short
    participle states a state («Мы открыты: пн – пт 8:30–16:30»). `any_reading`: a word's
    other readings count too («пришли» is first read as the imperative of «прислать»), in
    lower case only: a title's capital «Правила» is the noun, not «править»."""
    tokens = tokens_of(sentence)
    return any(tag.startswith("VERB") and ("past" in tag or "futr" in tag) and not _after_preposition(tokens, i)
               for i, t in enumerate(tokens)
               for tag in ((t.tags or {t.tag}) if any_reading and t.text.islower() else (t.tag,)))


def _unquoted(sentence: str, keep: tuple[str, ...]) -> str:
    """The sentence with its quoted titles blanked out («провели акцию «Подари книгу
    библиотеке»»: no gift), but for quoted names of the thing itself (`keep`, normalised:
    «ЛитРес: Школа» is the platform the readers use); each of a name's words is the beginning
    of a quoted word in turn."""
    def blank(m: re.Match[str]) -> str:
        inner = normalise(m.group(0)[1:-1]).split()
        kept = any(len(inner) >= len(name.split())
                   and all(w.startswith(b) for w, b in zip(inner, name.split(), strict=False)) for name in keep)
        return m.group(0) if kept else " " * len(m.group(0))
    return _QUOTED.sub(blank, sentence)


def _sentence_words(sentence: str, words: int) -> int:
    """How long a sentence with a verb counts as: its words, a quoted title as one more
    («Оформлена выставка «Осенний листопад».» names a thing), and one more again for a closing
    full stop (a caption or a heading has none). A line of figures gets neither («Учебная
    литература – 12 530 экз.» is a table's row)."""
    return words + (1 if _QUOTED.search(sentence) else 0) + (1 if sentence.rstrip().endswith((".", "!")) else 0)


def _stopped(stops: Sequence[PhraseMatch], frames: Sequence[PhraseMatch], tokens: Sequence[Token]) -> bool:
    """Is the sentence a plan's, a method's or a wish's? A stop word inside a phrase that
    cites the plan («согласно плану работы») does not count where the sentence tells of the
    past: «Согласно плану в октябре прошла неделя книги» reports what the plan brought."""
    if not stops:
        return False
    cited = [s for s in stops if any(f.first_token <= s.first_token <= f.last_token for f in frames)]
    return len(cited) < len(stops) or not _is_past(tokens)


def _only_other_libraries(tokens: Sequence[Token], library: PhraseSet, rulebook: Rulebook) -> bool:
    """Does the sentence name libraries, each of them another one: a public library's word
    among the adjectives right before it («в районной библиотеке», «городская детская
    библиотека»)? Then what it reports is that library's, not the school's. «Школьная и
    районная библиотеки» names the school's too, and so does an online one («Национальная
    электронная библиотека»): the school's readers use it from the school."""
    if not rulebook.prose_other_libraries:
        return False
    mentions = library.find(tokens)
    return bool(mentions) and all(_another_library(tokens, m.first_token, rulebook) for m in mentions)


def names_only_other_libraries(text: str, rulebook: Rulebook) -> bool:
    """Does the text name libraries, each of them another one («Часы работы Центральной
    городской библиотеки: вт–сб 10–19»)? Its hours or phone are that library's."""
    return _only_other_libraries(tokens_of(text), _phrase_set(rulebook.prose_library), rulebook)


def _another_library(tokens: Sequence[Token], start: int, rulebook: Rulebook) -> bool:
    adjectives = []
    i = start - 1
    while i >= 0 and (_is_attribute(tokens[i]) or tokens[i].text.lower() in _ATTRIBUTE_JOINS):
        if tokens[i].is_word:
            adjectives.append(tokens[i])
        i -= 1
    if any(t.lemma.startswith(words.SCHOOL_STEMS) for t in adjectives):
        return False
    online, others = rulebook.prose_online_libraries, rulebook.prose_other_libraries
    if any(t.lemma in online or t.lemmas & online for t in adjectives):
        return False
    return any(t.lemma in others or t.lemmas & others for t in adjectives)


# a word that names the library, its librarian, or says a thing is the library's
# («библиотечный урок»)
LIBRARY_OR_ITS_ADJECTIVE = re.compile(words.library_or_its_adjective_pattern(), re.IGNORECASE)
# the library as what is spoken of, not where or by whom: «стихи о школьной библиотеке»
_TOPIC_BEFORE = re.compile(rf"(?:^|\s){words.alternation(words.TOPIC_PREPOSITIONS)}\s+(?:[\w-]+\s+){{0,2}}$",
                           re.IGNORECASE)


def library_report(text: str, rulebook: Rulebook, own: bool = False) -> str | None:
    """The first sentence that tells, in the past tense, of the school's library («Лучших
    читателей библиотеки наградили значками»), neither a plan's nor an announcement nor
    another library's: a post that has one is about the library even where its title and
    opening do not name it. `own`: the sentence must say the library is a school's
    («школьная библиотека составила филворд»), not any library («Белинский назвал хорошую
    библиотеку сокровищем»)."""
    library = _phrase_set(rulebook.prose_library)
    stop = _phrase_set(rulebook.prose_not_with)
    frames = _phrase_set(rulebook.prose_plan_frames)
    for sentence in _sentences(text):
        if not any(not _TOPIC_BEFORE.search(sentence, 0, m.start())
                   for m in LIBRARY_OR_ITS_ADJECTIVE.finditer(sentence)):
            continue  # not named, or named only as a topic («читали стихи о школьной библиотеке»)
        tokens = tokens_of(_unquoted(sentence, rulebook.prose_quoted_names))
        if (_is_past(tokens)
                and not _stopped(stop.find(tokens), frames.find(tokens), tokens)
                and not _announces(sentence, rulebook.freshness.future_words)
                and not _only_other_libraries(tokens, library, rulebook)
                and (not own or _names_school_library(tokens, library))):
            return sentence[:EVIDENCE_CHARS]
    return None


def _names_school_library(tokens: Sequence[Token], library: PhraseSet) -> bool:
    """Does the sentence name a school's library: a centre's own name («ИБЦ»), a school's or
    «наш» among the words right before it («школьная библиотека», «нашей библиотеке»), or the
    school right after it («библиотека МБОУ школы № 11», «библиотеку гимназии»)?"""
    for mention in library.find(tokens):
        if tokens[mention.first_token].lemma in words.LIBRARY_WORDS:
            return True  # ИБЦ, ШИБЦ, БИЦ
        before = range(max(0, mention.first_token - 2), mention.first_token)
        after = range(mention.last_token + 1, min(len(tokens), mention.last_token + 1 + SCHOOL_AFTER_LIBRARY))
        if any(tokens[i].lemma.startswith((*words.SCHOOL_STEMS, *words.LIBRARY_OWN_STEMS)) for i in before):
            return True
        if any(tokens[i].lemma.startswith(words.SCHOOL_STEMS) or tokens[i].text in words.SCHOOL_LEGAL_FORMS
               for i in after):
            return True
    return False


# the year a sentence is set in: «в 1950 году», «с 1966 года», «в ноябре 2007 года», «в 1983 г.»
_SET_IN_YEAR = re.compile(r"(?:^|[\s(])(?:в|с|со|к)\s+(?:[а-яё]+\s+)?((?:1[89]|20)\d\d)\s*(?:год[ау]|г\.)",
                          re.IGNORECASE)


def _set_in_past_year(sentence: str, before: int) -> bool:
    """Is the sentence set in a year, each such year up to `before` («В 1950 году …»)? A year
    spoken of otherwise («о событиях 1941 года») sets nothing."""
    years = [int(m.group(1)) for m in _SET_IN_YEAR.finditer(sentence)]
    return bool(years) and max(years) <= before


def prose_hits(text: str, rulebook: Rulebook, library_page: bool = False,
               history_before: int | None = None) -> list[ProseHit]:
    """Every (section, sentence) the text's running prose shows, first sentence per section.
    `library_page`: the text is the library's own page, which names the library for rules
    that allow it (`on_library_page`). `history_before`: a sentence set in a year up to this
    one («С 1966 года библиотеку вела…», «В 1950 году книги передали в библиотеку») tells the
    library's history: it shows no section of events (`dated_feed`, `library_event`: news,
    arrivals, exhibitions, projects, textbooks), though the description still."""
    # each section's rules with their phrase sets, looked up once per text, not per sentence
    rules = [(sid, tuple(zip(rule.prose, _compiled(rule.prose), strict=True)))
             for sid, rule in rulebook.sections.items() if rule.prose]
    if not rules:
        return []
    stop = _phrase_set(rulebook.prose_not_with)
    frames = _phrase_set(rulebook.prose_plan_frames)
    library = _phrase_set(rulebook.prose_library)
    template_text = frozenset().union(*(template.own_text for template in rulebook.templates))
    any_invited = any(r.invited for _, section_rules in rules for r, _ in section_rules)
    found: dict[str, ProseHit] = {}
    for sentence in _sentences(text):
        if len(found) == len(rules):
            break
        if normalise(sentence) in template_text:
            continue  # a platform template's own words («Списки необходимых учебников и наличие их в библиотеке»)
        tokens = tokens_of(_unquoted(sentence, rulebook.prose_quoted_names))
        words = sum(1 for t in tokens if t.is_word)
        has_verb = _has_verb(tokens)
        if (_sentence_words(sentence, words) if has_verb else words) < rulebook.prose_min_words:
            continue
        if words < VERBLESS_WORDS and not (has_verb or _has_figure(tokens) or _COPULA.search(sentence)):
            continue  # a title or a caption, not a sentence
        if _stopped(stop.find(tokens), frames.find(tokens), tokens):
            continue
        # an announcement shows nothing yet, but an invitation to what is there does
        # («приглашаем познакомиться с новыми книгами»), where the rule says so
        announced = _announces(sentence, rulebook.freshness.future_words)
        if announced and (_is_future(tokens) or not any_invited):
            continue
        if (_LEGAL_DEFINITION.search(sentence) and not _is_past(tokens)) or _CLAUSE_NUMBER.match(sentence):
            # a statute's clause («1.2. Цели БИЦ: …», «БИЦ (далее – Центр) — …»); a report
            # that names its thing short tells of the past («стали участниками проекта «…»
            # (далее Премия)»)
            continue
        if _only_other_libraries(tokens, library, rulebook):
            continue  # «районная библиотека насчитывает 50 000 книг»: not this school's library
        history = history_before is not None and _set_in_past_year(sentence, history_before)
        for sid, section_rules in rules:
            if sid in found:
                continue
            if history and (rulebook.sections[sid].dated_feed or rulebook.sections[sid].library_event):
                continue
            if any(_rule_holds(r, s, tokens, library_page) for r, s in section_rules if r.invited or not announced):
                found[sid] = ProseHit(sid, sentence[:EVIDENCE_CHARS], _is_past(tokens))
    return list(found.values())
