"""Document loaders: Markdown (with front matter), text, PDF, DOCX, HTML -> text + metadata.

Every loader returns Markdown-flavoured text (headings as ``#`` lines) so that chunking can
respect sections whatever the source format was.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from assistant.yamltext import load_yaml

TEXT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text"}
BINARY_FORMATS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
MAX_UNPACKED = 100_000_000  # bytes a DOCX may unpack to (ingestion.max_unpacked_mb)


class LoadError(ValueError):
    """A file that cannot be indexed; the message says why and what to do."""


@dataclass
class LoadedFile:
    text: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    format: str = "text"
    version: str = ""


def load_file(path: Path, max_bytes: int, max_unpacked: int = MAX_UNPACKED) -> LoadedFile:
    """Read one file; raise LoadError with a reason a user can act on."""
    suffix = path.suffix.lower()
    fmt = TEXT_FORMATS.get(suffix) or BINARY_FORMATS.get(suffix)
    if fmt is None:
        raise LoadError(f"unsupported file type {suffix or '(none)'}")
    raw = _read(path, max_bytes)
    loaded = load_bytes(raw, fmt, max_unpacked)
    loaded.version = _digest(raw)
    return loaded


def file_version(path: Path, max_bytes: int) -> str:
    """Content hash of a file: cheap enough to tell unchanged files without parsing them."""
    return _digest(_read(path, max_bytes))


def _read(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise LoadError(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
            "(raise ingestion.max_file_mb or split the file)"
        )
    return path.read_bytes()


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def load_bytes(raw: bytes, fmt: str, max_unpacked: int = MAX_UNPACKED) -> LoadedFile:
    """Parse one file's bytes. Whatever a parser raises on a malformed file becomes a
    LoadError, so one bad file is a per-file error and never aborts a batch."""
    if not raw.strip():
        raise LoadError("file is empty")
    try:
        loaded = _parse(raw, fmt, max_unpacked)
    except (LoadError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on bad input
        raise LoadError(f"corrupt or unreadable {fmt} file ({type(exc).__name__})") from None
    if not loaded.text.strip():
        raise LoadError("no text found in the file (empty, or a scanned image without text)")
    return loaded


def _parse(raw: bytes, fmt: str, max_unpacked: int) -> LoadedFile:
    match fmt:
        case "markdown":
            return _markdown(_decode(raw))
        case "text":
            return LoadedFile(_decode(raw), format="text")
        case "pdf":
            return LoadedFile(_pdf(raw), format="pdf")
        case "docx":
            return LoadedFile(_docx(raw, max_unpacked), format="docx")
        case "html":
            return _html(_decode(raw))
    raise LoadError(f"unsupported format {fmt}")


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise LoadError("binary content in a text file (NUL bytes); is the extension wrong?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"not valid UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192):
        raise LoadError("binary junk in a text file (control characters)")
    return text


def _markdown(text: str) -> LoadedFile:
    handler = YAMLHandler()
    if not handler.detect(text):
        return LoadedFile(text, {}, "markdown")
    try:
        header, body = handler.split(text)
        metadata = load_yaml(header) or {}
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoadError(f"bad front matter{where}: not valid YAML") from None
    if not isinstance(metadata, dict):
        raise LoadError("bad front matter: expected `key: value` lines")
    return LoadedFile(body, metadata, "markdown")


def _pdf(raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise LoadError("PDF is encrypted; upload an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"corrupt or unreadable PDF ({type(exc).__name__})") from None
    return "\n\n".join(p.strip() for p in pages if p.strip())


def _docx(raw: bytes, max_unpacked: int) -> str:
    import zipfile

    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise LoadError("corrupt or unreadable DOCX (not a zip archive)") from None
    if unpacked > max_unpacked:  # zipfile stops reading a part at its declared size
        raise LoadError(
            f"DOCX unpacks to {unpacked / 1e6:.0f} MB, over the {max_unpacked / 1e6:.0f} MB "
            "limit (ingestion.max_unpacked_mb); is it a decompression bomb?"
        )
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"corrupt or unreadable DOCX ({type(exc).__name__})") from None
    lines: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = _heading_level(style)
        lines.append(f"{'#' * level} {text}" if level else text)
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(lines)


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    if style.startswith("Heading "):
        tail = style.removeprefix("Heading ")
        return min(int(tail), 6) if tail.isdigit() else 0
    return 0


def _html(text: str) -> LoadedFile:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "footer"]):
        tag.decompose()
    meta: dict[str, Any] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    body = soup.body or soup
    blocks: list[str] = []
    for node in body.find_all(["h1", "h2", "h3", "h4", "p", "li", "pre", "td"]):
        content = node.get_text(" ", strip=True)
        if not content:
            continue
        if node.name in {"h1", "h2", "h3", "h4"}:
            blocks.append(f"{'#' * int(node.name[1])} {content}")
        else:
            blocks.append(content)
    if not blocks:
        blocks = [body.get_text("\n", strip=True)]
    return LoadedFile("\n\n".join(blocks), meta, "html")
