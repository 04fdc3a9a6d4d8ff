"""Turning a pasted or uploaded article into clean text: page furniture dropped, the title and
a byline or date line recognised, paragraphs and sentences found as character spans."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import markdown as markdown_lib
from bs4 import BeautifulSoup, Comment

FURNITURE = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^leave a (reply|comment)\b",
    r"^your email address will not be published",
    r"^required fields are marked",
    r"^(cancel reply|post comment|submit comment)$",
    r"^(share|share this|share this (article|story|post)|tweet|print|email)( on \w+)?:?$",
    r"^(related|related (articles|posts|stories)|read more|more from .*|recommended)$",
    r"^(most read|most popular|most viewed|trending|top stories|editor'?s picks|you may also "
    r"like|more stories|popular now)\b",
    r"^share (on|via) \w+\b.{0,60}$",
    r"^(advertisement|sponsored( content)?)$",
    r"^(subscribe|sign up|log in|sign in)\b.{0,60}$",
    r"^\d* ?comments?$",
    r"^(posted|filed) (in|under)\b",
    r"^tags?:",
    r"^(previous|next) (post|article|story)\b",
    r"^(skip to (main )?content|back to top|menu)$",
    r"^(copyright|©)",
    # where the story came from and pictures: "Source: …", "Photo: …", "FILE - …", "(AP Photo/…)"
    r"^(source|sources|photo|photos|image|images|picture|caption|credit|video|listen|watch)"
    r"( credit)?s?\s?:",
    r"^file\s?[-–—]\s",
    r"^\(?(ap|afp|reuters|getty|epa|voa)( images)?\s?(photo|images|/)",
    r"^(photo|picture|image) (by|courtesy of)\s",
    r"^(updated|published|last updated|first published)\b.{0,60}$",
)]
# Sentences that sign a story off or credit its makers: a paragraph made only of these is
# furniture. "I'm Ana Ruiz." "And I'm Tom Lee, Jr." "Ana Ruiz wrote this story for …"
PERSON = r"[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|de|van|von|al|bin|da))*(?:,?\s+Jr\.?)?"
PEOPLE = rf"{PERSON}(?:(?:,\s*|\s+and\s+|,\s+and\s+){PERSON})*"
CREDIT_SENTENCES = [re.compile(pattern) for pattern in (
    rf"^(?:[Aa]nd\s+|[Ff]or\s+[^,]{{2,50}},\s+)?I[’']?m\s+{PERSON}"
    r"(?:\s+(?:in|at|from|reporting from|with|for)\s+[A-Z][\w., ]{0,40})?[.!]?$",
    rf"^(?:And\s+)?I am\s+{PERSON}\.?$",
    rf"^{PEOPLE}\s+(?:wrote|reported|adapted|edited|produced|prepared|narrated|translated)"
    r"\s+(?:this|the)\s+(?:story|report|article|piece|program|programme|script|video)"
    r"(?:\s+(?:for|from|with|in|at)\s+[^,;]{1,60})?(?:,\s*(?:based on|with|using)\s[^;]{1,120})?"
    r"\.?$",
    rf"^{PEOPLE}\s+(?:was|were)\s+the\s+(?:editor|editors|producer|producers|narrator|"
    r"reporter|writer|host)s?\b.*$",
    rf"^{PEOPLE}\s+contributed(?:\s+(?:to\s+)?(?:this|the)\s+(?:story|report|article))?"
    r"(?:\s+(?:reporting|research|analysis))?(?:\s+(?:from|in)\s+[\w ,.]+)?\.?$",
    r"(?i)^\(?(?:additional\s+)?(?:reporting|writing|editing|research|production)\s+by\s+"
    r"[^.]{2,160}\.?\)?\.?$",
    r"(?i)^\(?(?:edited|written|produced|compiled)\s+by\s+[^.]{2,80}\)?\.?$",
    r"(?i)^(?:this|the)\s+(?:story|report|article)\s+(?:was|is)\s+(?:based on|adapted from|"
    r"written|reported|produced)\b.{0,160}$",
    r"^[A-Z][\w ]{0,40} writers?\s+(?:" + PEOPLE + r")\s+contributed\b.*$",
)]
# "Words in This Story", a glossary, or the invitations after it end the article.
END_MARKERS = re.compile(
    r"^(words in (this|the) (story|article|report)|glossary|vocabulary|key words|"
    r"we want to hear from you|what do you think\?? (write|tell|let)|"
    r"how did you like this (story|article))\b", re.IGNORECASE)
# A series or desk name before a headline: "VOA Special English - Education Report: …"
SERIES = re.compile(
    r"^(?:[\w.&’'-]+\s+){0,4}(?:english|report|reports|news|update|briefing|series|special|"
    r"podcast|explainer|edition|analysis|opinion|exclusive|live|feature|magazine|digest|"
    r"roundup|desk)\s*(?:[-–—:|]|\s-)\s+", re.IGNORECASE)
OUTLET = re.compile(r"\s*\((?:ap|afp|voa|reuters|upi|cnn|bbc|xinhua|dpa)\)\s*", re.IGNORECASE)
# "WASHINGTON —", "LONDON (Reuters) -", "BEIJING, March 3 (Xinhua) --": a dateline before
# the first sentence of a wire story.
DATELINE = re.compile(
    r"^[A-Z][A-Z.’' -]{2,40}(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z .]{2,30}\))?\s*(?:[-–—]{1,2}|:)\s+(?=[A-Z“\"‘])")
DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe",
                "svg", "button", "select", "input", "textarea", "footer", "figure", "video",
                "audio", "canvas", "object", "embed")
DROPPED_MARKERS = re.compile(
    r"comment|share|social|related|newsletter|subscribe|sidebar|menu|breadcrumb|cookie|"
    r"advert|promo|footer|masthead|navigation|popup|modal", re.IGNORECASE)
BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt")
BYLINE = re.compile(r"^(by|written by|reporting by)\s+\S", re.IGNORECASE)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE = re.compile(
    r"(\b\d{4}-\d{2}-\d{2}\b|\b(" + "|".join(MONTHS) + r")[a-z]*\.? \d{1,2},? \d{4}\b|"
    r"\b\d{1,2} (" + "|".join(MONTHS) + r")[a-z]*,? \d{4}\b)", re.IGNORECASE)


@dataclass(frozen=True)
class SentenceSpan:
    paragraph: int  # from 1
    position: int   # from 1, within the paragraph
    start: int
    end: int


@dataclass(frozen=True)
class CleanArticle:
    title: str
    byline: str
    text: str
    sentences: tuple[SentenceSpan, ...]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n") if self.text else []


def opening(article: CleanArticle, max_chars: int) -> CleanArticle:
    """The article's first whole paragraphs within `max_chars` (at least its first), with
    their sentences: what questions are drafted from when an article is long (drafting
    takes about 15 s a megabyte, and a request has 30 s)."""
    if len(article.text) <= max_chars:
        return article
    cut = article.text.rfind("\n\n", 0, max_chars + 1)
    if cut <= 0:
        cut = article.text.find("\n\n")
        cut = len(article.text) if cut == -1 else cut
    return CleanArticle(article.title, article.byline, article.text[:cut],
                        tuple(s for s in article.sentences if s.end <= cut))


class ArticleError(ValueError):
    """The input has no article in it that we can use."""


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def is_furniture(block: str) -> bool:
    if any(pattern.search(block) for pattern in FURNITURE):
        return True
    sentences = [block[a:b].strip() for a, b in split_sentences(block)]
    return bool(sentences) and all(
        any(p.match(s) for p in CREDIT_SENTENCES) for s in sentences)


DATE_LINE_REST = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d{1,2}:\d\d|"
                            r"\b[ap]\.?m\b\.?|\b(?:utc|gmt|e[sd]?t|p[sd]?t)\b|[\s,.:|·–—-]",
                            re.IGNORECASE)


def _is_date_line(block: str) -> bool:
    """A block that is only a date: "27 February, 2013", "Tuesday, May 3, 2022 · 10:40 AM"."""
    return len(block.split()) <= 10 and bool(DATE.search(block)) and not DATE_LINE_REST.sub(
        "", DATE.sub("", block))


def _looks_like_title(block: str) -> bool:
    return len(block.split()) <= 25 and not block.endswith((".", "!", ":", ";", ","))


def _is_byline(block: str) -> bool:
    return len(block.split()) <= 16 and bool(BYLINE.match(block) or DATE.search(block))


def clean_title(title: str) -> str:
    """A headline without the series or desk name before it or the outlet after it."""
    title = OUTLET.sub(" ", title).strip()
    while (match := SERIES.match(title)) and len(title) - match.end() >= 12:
        title = title[match.end():]
    return re.sub(r"\s+", " ", title).strip(" -–—:|")


def assemble(blocks: list[str], title: str = "", byline: str = "") -> CleanArticle:
    """From text blocks in reading order: drop furniture, empties and what follows a glossary
    heading, take the title and a byline or date line from the top when they were not found
    otherwise, strip a dateline, give paragraphs to a text that has none, split the rest."""
    blocks = [b for b in (_normalise(b) for b in blocks) if b]
    for index, block in enumerate(blocks):
        if index > 2 and END_MARKERS.match(block):
            blocks = blocks[:index]
            break
    blocks = [b for b in blocks if not is_furniture(b)]
    if not title and blocks and _looks_like_title(blocks[0]):
        title = blocks.pop(0)
    elif title and blocks and _normalise(title).casefold() == blocks[0].casefold():
        blocks.pop(0)  # the headline again, above the story
    bylines = [byline] if byline else []
    while blocks[:1] and _is_byline(blocks[0]) and len(bylines) < 2:
        bylines.append(blocks.pop(0))
    blocks = [b for b in blocks if not _is_date_line(b)]
    if blocks and (dateline := DATELINE.match(blocks[0])):
        blocks[0] = blocks[0][dateline.end():]
    if not blocks:
        raise ArticleError("No article text was found in what was sent.")
    text = "\n\n".join(p for block in blocks for p in _paragraphs(block))
    if not title:
        first = blocks[0].split(". ")[0]
        title = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
    return CleanArticle(title=clean_title(title)[:300], byline=" · ".join(bylines)[:300],
                        text=text, sentences=tuple(sentence_spans(text)))


LONG_PARAGRAPH = 150  # words: a block longer than this, of many sentences, is cut in paragraphs
PARAGRAPH_WORDS = 60  # about how long each cut paragraph is


def _paragraphs(block: str) -> list[str]:
    """A block as it came, or, when it is a long run of sentences with no breaks (a pasted
    story), cut into paragraphs of a few sentences, a new one at each quotation."""
    spans = split_sentences(block)
    if len(block.split()) <= LONG_PARAGRAPH or len(spans) < 6:
        return [block]
    paragraphs, start, words = [], 0, 0
    for a, b in spans:
        opens_quote = block[a:a + 1] in "“\"‘"
        if words and (words >= PARAGRAPH_WORDS or opens_quote and words >= 20):
            paragraphs.append(block[start:a].strip())
            start, words = a, 0
        words += len(block[a:b].split())
    paragraphs.append(block[start:].strip())
    return paragraphs


HEADER_LINE = re.compile(r"^(source|sources|by|written by|reporting by|updated|published)\b|"
                         r"^https?://", re.IGNORECASE)
SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", ')', ':')


def _text_blocks(raw: str) -> list[str]:
    """Blocks separated by blank lines. Inside a block a line break is kept as a break when
    the lines are whole paragraphs (long lines, or a line ending a sentence that is shorter
    than the block's others) or header lines ("Source: …", "By …"); otherwise the text was
    wrapped and the break is folded."""
    blocks = []
    for block in re.split(r"\n\s*\n", raw.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        widest = max(len(line) for line in lines)
        current = [lines[0]]
        for previous, line in zip(lines, lines[1:], strict=False):
            ends = previous.endswith(SENTENCE_END)
            whole = widest > 100 or len(previous) < 0.8 * widest
            header = HEADER_LINE.match(line) or HEADER_LINE.match(previous)
            if header or (ends and whole and (line[:1].isupper() or line[:1] in "“\"‘(")):
                blocks.append(" ".join(current))
                current = [line]
            else:
                current.append(line)
        blocks.append(" ".join(current))
    return blocks


def clean_text(raw: str) -> CleanArticle:
    """Plain text: paragraphs are separated by blank lines or, when lines are whole
    paragraphs, by line breaks; lines wrapped inside a paragraph are folded."""
    return assemble(_text_blocks(raw))


def clean_markdown(raw: str) -> CleanArticle:
    return clean_html(markdown_lib.markdown(raw))


def clean_html(raw: str) -> CleanArticle:
    soup = BeautifulSoup(raw, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    title = _meta(soup, "og:title") or ""
    h1 = soup.find("h1")
    if h1 is not None:
        title = h1.get_text(" ", strip=True)
    elif not title and soup.title is not None:
        title = re.split(r"\s+[|–—-]\s+", soup.title.get_text(" ", strip=True))[0]
    byline = _byline(soup)
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        marker = " ".join([*tag.get("class", []), tag.get("id", ""), tag.get("role", "")])
        if tag.name not in ("html", "body", "article", "main") and DROPPED_MARKERS.search(marker):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for tag in root.find_all(["header", "h1"]):
        tag.decompose()
    for tag in root.find_all(["div", "ul", "ol", "section", "p", "span", "table"]):
        if not tag.decomposed and _mostly_links(tag):
            tag.decompose()  # a menu or a list of links, whatever its class is called
    for br in root.find_all("br"):
        br.replace_with(" ")
    blocks = [tag.get_text() for tag in root.find_all(BLOCKS) if not tag.find_parent(BLOCKS)]
    if not blocks:
        blocks = root.get_text("\n\n", strip=True).split("\n\n")
    return assemble(blocks, _normalise(title), byline)


def _mostly_links(tag) -> bool:
    text = tag.get_text(" ", strip=True)
    linked = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return bool(text) and linked / len(text) > 0.6


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return _normalise(tag.get("content", "")) if tag is not None else None


def _byline(soup: BeautifulSoup) -> str:
    found = []
    author = soup.select_one('[rel="author"], [itemprop="author"], .byline, .author')
    if author is not None:
        found.append(_normalise(author.get_text(" ", strip=True)))
    elif name := _meta(soup, "author"):
        found.append(name)
    when = soup.find("time")
    if when is not None:
        found.append(_normalise(when.get_text(" ", strip=True) or when.get("datetime", "")))
    elif date := _meta(soup, "article:published_time"):
        found.append(date)
    return " · ".join(f for f in found if f)


# --- sentences ------------------------------------------------------------------------------

TITLES = {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "vs", "gen", "gov", "sen",
          "rep", "col", "lt", "capt", "mt", "ft", "inc", "co", "corp", "ltd", "e.g", "i.e",
          "etc", "fig", "approx", "sgt", "maj", "adm", "rev", "pres", "supt", "det", "insp",
          "hon", "messrs", "mme", "mlle", "cf", "ave", "blvd", "rd", "dept", "univ", "assn",
          "bros", "est", "vol", "ch", "sec", "art", "pp", "op", "ed", "eds", "al"}
MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                       "nov", "dec"}
STARTERS = {"the", "a", "an", "but", "and", "or", "so", "yet", "it", "he", "she", "they", "we",
            "i", "this", "that", "these", "those", "in", "on", "at", "by", "for", "as", "if",
            "when", "while", "still", "however", "some", "many", "most", "there", "its", "his",
            "her", "their", "our", "what", "why", "how", "since", "after", "before", "even",
            "later", "then", "now", "also", "officials", "police", "both", "each", "one", "no",
            "not", "last", "next", "earlier", "meanwhile", "instead", "you", "your", "my", "other",
            "another", "such", "until", "though", "although", "because", "during", "about",
            "more", "few", "all", "every", "here", "where", "who", "which", "today", "yesterday",
            "tomorrow", "with", "without", "from", "to", "under", "over", "experts", "critics",
            "scientists", "researchers", "residents", "people", "supporters", "leaders"}
# Places written with stops that usually end a phrase ("in the U.S.", "Washington, D.C."):
# a capitalised word after them opens a new sentence unless it continues a name.
PLACE_ABBREVIATIONS = {"u.s", "u.k", "u.n", "e.u", "d.c", "u.a.e", "u.s.a", "u.s.s.r"}
CONTINUES = {"army", "navy", "air", "senate", "house", "congress", "government", "embassy",
             "department", "state", "secretary", "president", "ambassador", "attorney",
             "treasury", "court", "supreme", "district", "open", "steel", "forces", "marine",
             "marines", "coast", "postal", "census", "capitol", "border", "customs", "military",
             "security", "general", "assembly", "council", "agency", "envoy", "official",
             "officials", "representative", "dollar", "dollars", "citizens", "federal",
             "national", "special", "food", "public", "space", "health", "trade", "human",
             "high", "mission", "peacekeepers", "refugee", "charter", "olympic", "election",
             "intelligence", "defense", "central", "chamber", "geological", "centers",
             "institutes", "surgeon", "patent", "bureau", "mint", "bank", "citizenship",
             "immigration"}
TIME_FOLLOWERS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                  "et", "est", "edt", "pt", "pst", "pdt", "ct", "cst", "gmt", "utc", "bst",
                  "cet", "local", "eastern", "pacific", "central", "mountain"}
END = re.compile(r"(?:[.!?]+|…)[\"'”’)\]]*(?=\s+)")


def _token_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_boundary(text: str, start: int, stop: int, after: int) -> bool:
    """Whether the punctuation ending at `stop` ends the sentence begun at `start`, given the
    next word."""
    following = text[after:after + 40].lstrip("\"'“‘([")
    if not following:
        return True
    next_word = re.match(r"[\w’']+", following)
    word = next_word.group(0).lower() if next_word else ""
    if not (following[0].isupper() or following[0].isdigit() or text[after] in "\"“‘"):
        return False
    raw = _token_before(text, stop)
    token = raw.rstrip(".!?\"'”’)]").lstrip("\"'“‘([")
    closed = raw[-1:] in "\"'”’)]"  # a quotation or bracket closed after the stop
    lower = token.lower()
    if closed or text[stop - 1:stop] in "!?…":
        return True
    if lower in TITLES:
        return False
    if lower in MONTH_ABBREVIATIONS:
        return not following[0].isdigit()
    if lower in ("a.m", "p.m"):
        return word not in TIME_FOLLOWERS
    if lower in PLACE_ABBREVIATIONS:
        # "The U.S. Surgeon General": a sentence does not end on its second word
        return word not in CONTINUES and len(text[start:stop].split()) > 2
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token) and "." in text[stop - 1:stop]:
        # an initial or an acronym such as A.I.: a boundary only before a word that usually
        # opens a sentence
        return word in STARTERS
    return True


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph."""
    spans, start = [], 0
    for match in END.finditer(paragraph):
        after = match.end()
        while after < len(paragraph) and paragraph[after].isspace():
            after += 1
        if _is_boundary(paragraph, start, match.start() + 1, after):
            spans.append((start, match.end()))
            start = after
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return [(a, b) for a, b in spans if paragraph[a:b].strip()]


def sentence_spans(text: str) -> list[SentenceSpan]:
    spans, offset = [], 0
    for number, paragraph in enumerate(text.split("\n\n"), start=1):
        for position, (a, b) in enumerate(split_sentences(paragraph), start=1):
            spans.append(SentenceSpan(number, position, offset + a, offset + b))
        offset += len(paragraph) + 2
    return spans


def find_sentence(text: str, spans: tuple[SentenceSpan, ...], fragment: str) -> SentenceSpan | None:
    """The sentence holding `fragment` (compared without case or runs of space), if exactly one
    does: questions are linked to sentences by content, not by position."""
    return sentence_finder(text, spans)(fragment)


def sentence_finder(text: str, spans: tuple[SentenceSpan, ...]):
    """`find_sentence` for many fragments of one article: each sentence is folded once (a
    2 MB article's 22,000 sentences folded again for each of 50 anchors took 20 s)."""
    folded = [(s, re.sub(r"\s+", " ", text[s.start:s.end]).casefold()) for s in spans]

    def find(fragment: str) -> SentenceSpan | None:
        wanted = re.sub(r"\s+", " ", fragment).strip().casefold()
        if not wanted:
            return None
        found = [s for s, sentence in folded if wanted in sentence]
        return found[0] if len(found) == 1 else None

    return find
