"""Files and pictures that belong to the article: attachments and captioned images."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .model import Attachment, Image
from .page import fold, is_chrome, norm

# Link addresses that lead to no page: a place on this one, a script, mail, a telephone.
NOT_A_PAGE = ("#", "javascript:", "mailto:", "tel:")
# A link to a document, an archive, a picture or a recording: a file, not another page.
FILE_PATH = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|od[tsp]|rtf|txt|csv|zip|rar|7z|jpe?g|png|gif|webp|mp[34]|avi|mov|"
                       r"edoc|asice)$", re.IGNORECASE)
_FILE_EXT = re.compile(r"\.(pdf|docx?|xlsx?|odt|ods|rtf|pptx?|odp|edoc|asice|zip)(?:$|[?#])", re.IGNORECASE)
_TVP_DOWNLOAD = re.compile(r"/media/\d+/download")
_IMAGE_EXT = re.compile(r"\.(jpe?g|png|gif|webp)(?:$|[?#])", re.IGNORECASE)
_ICON = re.compile(r"(icon|logo|sprite|spacer|pixel|blank|arrow|button|flag|avatar|emoji|banner|lazy|placeholder)",
                   re.IGNORECASE)
_KIND_WORDS = re.compile(r"\b(pdf|docx?|xlsx?|odt|ods|rtf|pptx?)\b", re.IGNORECASE)


def _join(base: str, href: str) -> str | None:
    """``href`` made absolute; None unless it names a web resource (not ``javascript:``,
    ``data:`` or ``mailto:``, which no archive can fetch and no page should carry on)."""
    try:
        url = urljoin(base, href.strip())
    except ValueError:  # a malformed link ("http://[x"): not a file we can name
        return None
    return url if url.lower().startswith(("http://", "https://")) else None


def attachment_kind(url: str, text: str = "") -> str | None:
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _FILE_EXT.search(path)
    if match:
        return match.group(1).lower()
    if _TVP_DOWNLOAD.search(path):
        hint = _KIND_WORDS.search(text)
        return hint.group(1).lower() if hint else "file"
    return None


def container_of(title_el, body_text_len: int, body_hint=None):
    """The element that holds the article: the headline's nearest ancestor holding its text."""
    if body_hint is not None:
        node = body_hint
        if title_el is not None:
            # widen to the common ancestor of headline and body
            ancestors = set(title_el.iterancestors())
            while node is not None and node not in ancestors:
                node = node.getparent()
            return node if node is not None and node.tag not in ("html",) else body_hint
        return body_hint
    if title_el is None:
        return None
    need = max(body_text_len * 0.7, 200)
    found = None
    for depth, ancestor in enumerate(title_el.iterancestors()):
        if depth > 10:
            return found
        if ancestor.tag in ("body", "html"):
            return found if found is not None else ancestor
        length = len(ancestor.text_content())
        if found is None:
            if length >= need:
                found, found_length = ancestor, length
        elif length <= found_length * 1.25 + 150:
            # a wrapper that adds only a credit line or a file list still belongs to the article
            found, found_length = ancestor, length
        else:
            break
    return found


def find_attachments(container, extra, base_url: str) -> list[Attachment]:
    """Links to documents inside the article (``extra``: more elements to search)."""
    seen = set()
    found = []
    for root in [container, *extra]:
        if root is None:
            continue
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            if not (_FILE_EXT.search(href) or _TVP_DOWNLOAD.search(href)):
                continue
            url = _join(base_url, href)
            if url is None:
                continue
            text = norm(link.text_content()) or norm(link.get("title"))
            kind = attachment_kind(url, text)
            if not kind or url in seen:
                continue
            if root is container and is_chrome(link) and not _inside_root(link, container):
                continue
            seen.add(url)
            found.append(Attachment(url=url, text=text, kind=kind))
    return found


def _inside_root(element, root) -> bool:
    return any(a is root for a in element.iterancestors())


def find_images(container, base_url: str, limit: int = 50, teasers: bool = True) -> list[Image]:
    """Pictures in the article with their captions (``<figcaption>``, ``title``, ``alt``);
    with ``teasers=False``, not the thumbnails of teasers for other pages."""
    if container is None:
        return []
    images = []
    seen = set()
    for img in container.iter("img"):
        if len(images) >= limit:
            break
        src = img.get("data-src") or img.get("data-lazy-src") or img.get("src") or ""
        if not src or src.startswith("data:") or _ICON.search(src):
            continue
        try:
            if int(img.get("width") or 999) < 80 or int(img.get("height") or 999) < 60:
                continue
        except ValueError:
            pass
        if not teasers and _in_teaser(img, container):
            continue
        parent = img.getparent()
        parent_link = parent if parent is not None and parent.tag == "a" else None
        url = _join(base_url, src)
        if parent_link is not None and _IMAGE_EXT.search(parent_link.get("href") or ""):
            url = _join(base_url, parent_link.get("href"))
        if url is None:
            continue
        if url in seen or is_chrome(img):
            continue
        caption = ""
        figure = _near_ancestor(img, "figure", 3)
        if figure is not None:
            cap = figure.find(".//figcaption")
            if cap is not None:
                caption = norm(cap.text_content())
        if not caption:
            caption = norm(img.get("title") or (parent_link.get("title") if parent_link is not None else "") or img.get("alt"))
        if caption and _looks_like_filename(caption):
            caption = ""
        seen.add(url)
        images.append(Image(url=url, caption=caption))
    return images


def _in_teaser(img, container) -> bool:
    """Whether the picture, inside ``container``, is a teaser's thumbnail: the block that
    holds it and no other picture also holds a headline linking to another page (a
    heading's link, or a link of three words or more that is not to a picture). A
    gallery's picture linking to its own page, under a caption, is not one."""
    for ancestor in img.iterancestors():
        if ancestor is container or sum(1 for _ in ancestor.iter("img")) > 1:
            return False
        for link in ancestor.iter("a"):
            href = (link.get("href") or "").strip()
            if not href or href.startswith(NOT_A_PAGE) or _IMAGE_EXT.search(href):
                continue
            parent = link.getparent()
            if parent is not None and parent.tag in ("h2", "h3", "h4") or len(link.text_content().split()) >= 3:
                return True
    return False


def _near_ancestor(element, tag: str, levels: int):
    for _ in range(levels):
        element = element.getparent()
        if element is None:
            return None
        if element.tag == tag:
            return element
    return None


def _looks_like_filename(text: str) -> bool:
    return bool(re.fullmatch(r"[\w\-. ]+\.(jpe?g|png|gif|webp)", text, re.IGNORECASE)) or bool(
        re.fullmatch(r"(img|dsc|image|foto|photo)[_\- ]?\d+", fold(text).replace(" ", "_")))
