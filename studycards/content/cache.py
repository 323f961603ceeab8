"""A content cache: the validated Library, saved in `<data dir>/cache/` and reused while no file changed.

Keyed by every content file's path, size and mtime_ns (the YAML under each root, the exam guide
included), the roots, the app version, this format's version, the Python version and the model's
field names: any file added, removed or changed, or a new release, makes a new key and the
library is loaded from the files again. Only a library that loaded with no problems is saved;
`content check` never comes here (it always validates the files).

Format, chosen by the warm-load figure (ten copies of the Lambda deck plus the shipped one,
4,422 cards and 1,496 questions, scripts/bench.py): the model's dataclasses flattened to tuples of
plain values and written with `marshal`, behind a header with the key, the body's length and
its CRC-32. Measured side by side (same run, gc paused): marshal.loads 15 ms + rebuilding the
objects 30 ms; `json.loads` of the same tuples alone took 30 ms (and turns tuples into lists,
more work to undo); `pickle.loads` of the Library 63-110 ms (frozen slots dataclasses are
restored field by field) and it would run code from a tampered file. `marshal` only ever yields
plain values, and length and CRC are checked before it reads a byte, so a truncated or corrupt
file is never parsed. Anything unexpected in the file (wrong version, bad digest, wrong shape) means
a rebuild, never a crash; a data folder we cannot write means running without the cache.
A file modified less than `RACY_SECONDS` before the load is not cached yet (a rewrite within the
same mtime tick would go unseen). `STUDYCARDS_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import marshal
import os
import re
import stat
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from studycards import __version__
from studycards.content import exam as exam_module
from studycards.content import model as model_module
from studycards.content.model import Library
from studycards.content.problems import ContentError, LoadResult

FORMAT_VERSION = 1
MAGIC = b"studycards-library\n"
DIGEST_SIZE = 32
RACY_SECONDS = 2.0
MAX_BYTES = 1 << 30  # a cache file larger than this is not ours
CACHE_SUFFIX = ".marshal"
_YAML_SUFFIXES = (".yaml", ".yml")
_BODY = struct.Struct("<QI")  # body length, CRC-32 of the body

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]


def cache_disabled() -> bool:
    """True when `STUDYCARDS_NO_CACHE` is set to 1 (or true/yes)."""
    return os.environ.get("STUDYCARDS_NO_CACHE", "").strip().lower() in ("1", "true", "yes")


def cache_dir() -> Path:
    """`<data dir>/cache`."""
    from studycards.locations import data_dir

    return data_dir() / "cache"


def load_library(roots: Iterable[Path]) -> LoadResult:
    """The content loader (YAML and the validator), imported only when the cache is rebuilt."""
    from studycards.content.loader import load_library as load

    return load(roots)


def load_cached(roots: Iterable[Path]) -> Library:
    """The library of these roots: from the cache when it is fresh, else from the files (then saved).

    Raises ContentError like `load_or_raise` when the content has problems.
    """
    roots = list(roots)
    if cache_disabled():
        return _load_files(roots)
    try:
        files = content_files(roots)
        path = cache_path(roots)
        key = cache_key(roots, files)
    except OSError:
        return _load_files(roots)
    library = read_cache(path, key)
    if library is not None:
        return library
    library = _load_files(roots)
    if not _racy(files):
        write_cache(path, key, library)
    return library


def _load_files(roots: list[Path]) -> Library:
    result = load_library(roots)
    if result.problems:
        raise ContentError(result.problems)
    return result.library


# -- the key -----------------------------------------------------------------------------------
def content_files(roots: list[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every YAML file the loader may read, the exam guide included."""
    from studycards.locations import shipped_content_dir

    seen: set[str] = set()
    out: list[tuple[str, int, int]] = []
    for root in [*roots, shipped_content_dir() / "exam"]:
        if not root.is_dir():
            continue
        for file in sorted(root.rglob("*")):
            name = str(file)
            if file.suffix not in _YAML_SUFFIXES or name in seen or not file.is_file():
                continue
            seen.add(name)
            st = file.stat()
            out.append((name, st.st_size, st.st_mtime_ns))
    return out


def _model_signature() -> str:
    """Field names and types of every model dataclass: a changed model never reads an old file."""
    parts = [
        f"{cls.__name__}({','.join(f'{f.name}:{_annotation(f)}' for f in dataclasses.fields(cls))})"
        for cls in sorted(_model_classes().values(), key=lambda c: c.__name__)
    ]
    return ";".join(parts)


def cache_key(roots: list[Path], files: list[tuple[str, int, int]]) -> bytes:
    """The digest a cache file must carry to be used for these roots and files."""
    h = hashlib.blake2b(digest_size=DIGEST_SIZE)
    cwd = os.getcwd() if any(not r.is_absolute() for r in roots) else ""  # relative origins
    head = (FORMAT_VERSION, __version__, sys.version, marshal.version, _model_signature(), cwd)
    h.update(repr(head).encode())
    h.update(repr([(str(r), str(r.resolve())) for r in roots]).encode())
    h.update(repr(files).encode())
    return h.digest()


def cache_path(roots: list[Path]) -> Path:
    """One cache file per set of roots (so several content sets do not evict each other)."""
    name = hashlib.blake2b(repr([str(r.resolve()) for r in roots]).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"library-{name}{CACHE_SUFFIX}"


def _racy(files: list[tuple[str, int, int]]) -> bool:
    """True when a file changed so recently that a rewrite might keep its mtime."""
    limit = time.time_ns() - int(RACY_SECONDS * 1e9)
    return any(mtime > limit for _, _, mtime in files)


# -- reading and writing -------------------------------------------------------------------------
def read_cache(path: Path, key: bytes) -> Library | None:
    """The cached library if the file is ours, for this key, and intact; None otherwise."""
    blob = _read_regular_file(path)
    if blob is None:
        return None
    head = len(MAGIC) + DIGEST_SIZE + _BODY.size
    if len(blob) <= head or not blob.startswith(MAGIC):
        return None
    stored_key = blob[len(MAGIC) : len(MAGIC) + DIGEST_SIZE]
    length, crc = _BODY.unpack_from(blob, len(MAGIC) + DIGEST_SIZE)
    body = memoryview(blob)[head:]
    if stored_key != key or len(body) != length or zlib.crc32(body) != crc:
        return None
    gc_was_on = gc.isenabled()
    gc.disable()  # thousands of new objects, no cycles: collecting on the way only costs time
    try:
        return decode(marshal.loads(body))
    except Exception:  # a file we cannot read back is rebuilt, never fatal
        return None
    finally:
        if gc_was_on:
            gc.enable()


def _read_regular_file(path: Path) -> bytes | None:
    """The bytes of a regular file of sane size; None for anything else (a FIFO never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def write_cache(path: Path, key: bytes, library: Library) -> bool:
    """Save the library atomically (temp file + rename); False when it cannot be written."""
    try:
        body = marshal.dumps(encode(library))
    except (ValueError, TypeError):  # a value the format does not know: run without the cache
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + key + _BODY.pack(len(body), zlib.crc32(body)) + body)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


# -- the codec: model dataclasses <-> tuples of plain values ---------------------------------------
def _model_classes() -> dict[str, type]:
    found = {}
    for module in (model_module, exam_module):
        for name, obj in vars(module).items():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                found[name] = obj
    return found


def _annotation(f: dataclasses.Field[Any]) -> str:
    return f.type.__name__ if isinstance(f.type, type) else str(f.type)


def _stored_fields(cls: type) -> tuple[list[str], bool]:
    """The fields saved (public, set by __init__) and whether they lead the __init__ arguments."""
    init = [f.name for f in dataclasses.fields(cls) if f.init]
    names = [n for n in init if not n.startswith("_")]
    return names, init[: len(names)] == names


_CONTAINER_RE = re.compile(r"^(tuple|list)\[(\w+)(?:, \.\.\.)?\]$|^dict\[str, (\w+)\]$|^(\w+) \| None$")


class _Codec:
    """Per-class encoders/decoders built from the dataclass field annotations.

    A field whose annotation names a model class or `Path` is converted; every other field is
    passed as is, and `marshal` refuses (ValueError) any value it cannot store exactly, so a
    new kind of field means "no cache", never a wrong one.
    """

    def __init__(self) -> None:
        self.classes = _model_classes()
        self.paths: list[Path] = []
        self.path_ids: dict[Path, int] = {}
        self._enc: dict[type, Encoder] = {}
        self._dec: dict[type, Decoder] = {}

    def path_in(self, p: Path) -> int:
        index = self.path_ids.get(p)
        if index is None:
            index = self.path_ids[p] = len(self.paths)
            self.paths.append(p)
        return index

    def field_codec(self, annotation: str) -> tuple[Encoder, Decoder] | None:
        if annotation == "Path":
            return self.path_in, self.paths.__getitem__
        if annotation in self.classes:
            cls = self.classes[annotation]
            return self.encoder(cls), self.decoder(cls)
        m = _CONTAINER_RE.match(annotation)
        if not m:
            return None
        seq, seq_item, dict_item, optional = m.groups()
        inner = self.field_codec(seq_item or dict_item or optional)
        if inner is None:
            return None
        enc, dec = inner
        if seq == "tuple":
            return (lambda v: tuple(map(enc, v))), (lambda v: tuple(map(dec, v)))
        if seq == "list":
            return (lambda v: list(map(enc, v))), (lambda v: list(map(dec, v)))
        if dict_item:
            return (
                (lambda v: {k: enc(x) for k, x in v.items()}),
                (lambda v: {k: dec(x) for k, x in v.items()}),
            )
        return (lambda v: None if v is None else enc(v)), (lambda v: None if v is None else dec(v))

    def encoder(self, cls: type) -> Encoder:
        if cls not in self._enc:
            names, _ = _stored_fields(cls)
            types = {f.name: _annotation(f) for f in dataclasses.fields(cls)}
            convs = [(i, c[0]) for i, n in enumerate(names) if (c := self.field_codec(types[n]))]

            def enc(obj: Any) -> tuple[Any, ...]:
                values = [getattr(obj, n) for n in names]
                for i, conv in convs:
                    values[i] = conv(values[i])
                return tuple(values)

            self._enc[cls] = enc
        return self._enc[cls]

    def decoder(self, cls: type) -> Decoder:
        if cls not in self._dec:
            names, positional = _stored_fields(cls)
            types = {f.name: _annotation(f) for f in dataclasses.fields(cls)}
            convs = [(i, c[1]) for i, n in enumerate(names) if (c := self.field_codec(types[n]))]
            width = len(names)

            def dec(values: tuple[Any, ...]) -> Any:
                if len(values) != width:
                    raise ValueError(f"{cls.__name__}: {len(values)} values for {width} fields")
                out = list(values)
                for i, conv in convs:
                    out[i] = conv(out[i])
                return cls(*out) if positional else cls(**dict(zip(names, out, strict=True)))

            self._dec[cls] = dec
        return self._dec[cls]


def encode(library: Library) -> tuple[Any, ...]:
    """The library as plain values: (format version, paths, library fields)."""
    codec = _Codec()
    body = codec.encoder(Library)(library)
    return (FORMAT_VERSION, tuple(str(p) for p in codec.paths), body)


def decode(data: tuple[Any, ...]) -> Library:
    """The library back from `encode`'s plain values (ValueError/TypeError on a wrong shape)."""
    version, paths, body = data
    if version != FORMAT_VERSION:
        raise ValueError(f"cache format {version}, expected {FORMAT_VERSION}")
    codec = _Codec()
    codec.paths.extend(Path(p) for p in paths)
    library = codec.decoder(Library)(body)
    if not isinstance(library, Library):
        raise TypeError("not a library")
    return library
