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
    r"^(advertisement|sponsored( content)?)$",
    r"^(subscribe|sign up|log in|sign in)\b.{0,60}$",
    r"^\d* ?comments?$",
    r"^(posted|filed) (in|under)\b",
    r"^tags?:",
    r"^(previous|next) (post|article|story)\b",
    r"^(skip to (main )?content|back to top|menu)$",
    r"^(copyright|©)",
)]
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
    r"\b\d{1,2} (" + "|".join(MONTHS) + r")[a-z]* \d{4}\b)", re.IGNORECASE)


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


class ArticleError(ValueError):
    """The input has no article in it that we can use."""


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def is_furniture(block: str) -> bool:
    return any(pattern.search(block) for pattern in FURNITURE)


def _looks_like_title(block: str) -> bool:
    return len(block.split()) <= 25 and not block.endswith((".", "?", "!", ":", ";", ",")) \
        or len(block.split()) <= 25 and block.endswith("?")


def _is_byline(block: str) -> bool:
    return len(block.split()) <= 16 and bool(BYLINE.match(block) or DATE.search(block))


def assemble(blocks: list[str], title: str = "", byline: str = "") -> CleanArticle:
    """From text blocks in reading order: drop furniture and empties, take the title and a
    byline or date line from the top when they were not found otherwise, split the rest."""
    blocks = [b for b in (_normalise(b) for b in blocks) if b and not is_furniture(b)]
    if not title and blocks and _looks_like_title(blocks[0]):
        title = blocks.pop(0)
    bylines = [byline] if byline else []
    while blocks[:1] and _is_byline(blocks[0]) and len(bylines) < 2:
        bylines.append(blocks.pop(0))
    if not blocks:
        raise ArticleError("No article text was found in what was sent.")
    text = "\n\n".join(blocks)
    if not title:
        first = blocks[0].split(". ")[0]
        title = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
    return CleanArticle(title=title[:300], byline=" · ".join(bylines)[:300], text=text,
                        sentences=tuple(sentence_spans(text)))


def clean_text(raw: str) -> CleanArticle:
    """Plain text: paragraphs are separated by blank lines; single line breaks are folded."""
    return assemble(re.split(r"\n\s*\n", raw.replace("\r\n", "\n")))


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
    for br in root.find_all("br"):
        br.replace_with(" ")
    blocks = [tag.get_text() for tag in root.find_all(BLOCKS) if not tag.find_parent(BLOCKS)]
    if not blocks:
        blocks = root.get_text("\n\n", strip=True).split("\n\n")
    return assemble(blocks, _normalise(title), byline)


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
          "etc", "fig", "approx"}
STARTERS = {"the", "a", "an", "but", "and", "or", "so", "yet", "it", "he", "she", "they", "we",
            "i", "this", "that", "these", "those", "in", "on", "at", "by", "for", "as", "if",
            "when", "while", "still", "however", "some", "many", "most", "there", "its", "his",
            "her", "their", "our", "what", "why", "how", "since", "after", "before", "even"}
END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+)")


def _token_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_boundary(text: str, stop: int, after: int) -> bool:
    """Whether the punctuation ending at `stop` ends a sentence, given the next word."""
    following = text[after:after + 40].lstrip("\"'“‘([")
    if not following:
        return True
    next_word = re.match(r"[\w’']+", following)
    word = next_word.group(0).lower() if next_word else ""
    if not (following[0].isupper() or following[0].isdigit() or text[after] in "\"“‘"):
        return False
    token = _token_before(text, stop).rstrip(".!?\"'”’)]").lstrip("\"'“‘([")
    if token.lower() in TITLES:
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token) and "." in text[stop - 1:stop]:
        # an initial or an acronym such as U.S. or A.I.: a boundary only before a word that
        # usually opens a sentence
        return word in STARTERS
    return True


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph."""
    spans, start = [], 0
    for match in END.finditer(paragraph):
        after = match.end()
        while after < len(paragraph) and paragraph[after].isspace():
            after += 1
        if _is_boundary(paragraph, match.start() + 1, after):
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
    wanted = re.sub(r"\s+", " ", fragment).strip().casefold()
    if not wanted:
        return None
    found = [s for s in spans if wanted in re.sub(r"\s+", " ", text[s.start:s.end]).casefold()]
    return found[0] if len(found) == 1 else None
