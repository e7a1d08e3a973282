"""The package file: format constants, the manifest, JSON Schemas, and safe zip writing and reading.

A package is a zip with `manifest.json` and one JSON Lines member per entity. Reading is defensive:
member names are checked against a fixed list (no `../`, no absolute paths), every member's size
must match the manifest (read with a hard cap, so a zip bomb stops at the declared size), and its
SHA-256 must match before anything is parsed.

Since format 3 a package is signed: `signature.json` holds the sender's Ed25519 public key and its signature
of the exact bytes of `manifest.json` (which lists every member's SHA-256), so a member changed with its
checksum recomputed breaks the signature. Whether the key is the sender's is the receiver's question
(services/exchange.py); here the signature is only checked to be valid for the key it carries.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from assist_desktop import __version__
from assist_desktop.domain.errors import DomainError
from assist_desktop.exchange import crypto
from assist_desktop.exchange.entities import (
    DATETIME_PATTERN,
    ENTITIES,
    ID_NUMBER_PATTERN,
    fill_optional,
    row_schema,
)
from assist_desktop.exchange.masking import MASK_NAMES

FORMAT_NAME = "assist-desktop-exchange"
FORMAT_VERSION = 4  # a reader accepts exactly the versions it knows
#: 1: no change sequences (merged by stamps); 2: `sender_seq`, rows' `change_seq`; 3: signed (signature.json);
#: 4: the manifest's `sender_enc_key`, `audit_head` and `masked`, the member `roster_value_map.jsonl`
SUPPORTED_VERSIONS = (1, 2, 3, 4)
SIGNED_SINCE = 3
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
MAX_SIGNATURE_BYTES = 4096
FINGERPRINT_PATTERN = "^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$"
REVIEW_MEMBER = "review.jsonl"
#: format 4: the sender's own roster mappings (services/roster_map.py), in a files package
VALUE_MAP = "roster_value_map"
VALUE_MAP_MEMBER = f"{VALUE_MAP}.jsonl"
KINDS = ("files", "review")

MAX_MEMBERS = 64
MAX_MANIFEST_BYTES = 1 << 20
MAX_MEMBER_BYTES = 4 << 30
MAX_RATIO = 400  # uncompressed / compressed, above which a large member is refused as a bomb
_CHUNK = 1 << 20


#: what a damaged zip raises while being read
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class PackageError(DomainError):
    """The package cannot be used: damaged, tampered with, of an unknown version, or not ours."""


@dataclass
class Package:
    """A package opened and checked: its manifest and (unless opened with keep_rows=False) the parsed rows.

    A package opened without its rows gives them again, member by member, through `iter_rows`, which reads
    the member once more and checks it against the manifest's SHA-256 as it goes.
    """

    path: Path
    manifest: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    kept_rows: bool = True
    signer: bytes | None = None  # the public key whose valid signature the manifest carries (None: unsigned)

    @property
    def signer_fingerprint(self) -> str | None:
        return crypto.fingerprint(self.signer) if self.signer is not None else None

    def iter_rows(self, entity: str) -> Iterator[dict[str, Any]]:
        """The rows of one member, in package order (from memory, or read and checked again)."""
        if self.kept_rows:
            yield from self.rows.get(entity, ())
            return
        name = f"{entity}.jsonl"
        entry = next((m for m in self.manifest["members"] if m["name"] == name), None)
        if entry is None:
            return
        try:
            with zipfile.ZipFile(self.path) as zf:
                reader = _MemberReader(zf, zf.getinfo(name), entry)
                for _lineno, line in reader.lines():
                    if line.strip():
                        yield fill_optional(entity, json.loads(line))
                reader.finish()
        except PackageError:
            raise
        except (*_ZIP_ERRORS, KeyError) as exc:
            raise _fail(f"数据包成员 {name} 已损坏（{exc}）", f"member {name} is damaged ({exc})") from None

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def sha256(self) -> str:
        return file_sha256(self.path)


# --- schemas ------------------------------------------------------------------------------------------


def review_row_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "file_id": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
            "file_no": {"type": "string", "maxLength": 48},
            "id_number": {"type": "string", "pattern": ID_NUMBER_PATTERN},
            "review_state": {"enum": ["approved", "returned"]},
            "review_note": {"type": ["string", "null"], "maxLength": 500},
            "reviewer_code": {"type": "string", "maxLength": 32},
        },
        "required": ["file_id", "file_no", "review_state", "review_note", "reviewer_code"],
        "additionalProperties": False,
    }


def value_map_row_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "field_name": {"type": "string", "maxLength": 64},
            "raw_value": {"type": "string", "maxLength": 200},
            "target": {"type": "string", "maxLength": 64},
        },
        "required": ["field_name", "raw_value", "target"],
        "additionalProperties": False,
    }


def manifest_schema() -> dict[str, Any]:
    names = [MANIFEST.replace(".json", ""), *[e.name for e in ENTITIES], "review", VALUE_MAP]
    union = {
        "type": "object",
        "properties": {
            "code": {"type": "string", "pattern": "^[0-9A-Za-z]{2,32}$"},
            "name": {"type": "string", "maxLength": 100},
            "level": {"enum": ["grassroots", "county", "city", "province"]},
            "parent_code": {"type": ["string", "null"], "maxLength": 32},
        },
        "required": ["code", "name", "level"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://assist-desktop.invalid/schema/manifest.schema.json",
        "title": "assist-desktop exchange package manifest",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_NAME},
            "format_version": {"type": "integer", "minimum": 1},
            "package_id": {"type": "string", "pattern": "^[0-9a-f-]{36}$"},
            "kind": {"enum": list(KINDS)},
            "created_at": {"type": "string", "pattern": DATETIME_PATTERN},
            "program_version": {"type": "string", "maxLength": 32},
            "sender": union,
            "receiver": {"type": ["string", "null"], "maxLength": 32},
            "full": {"type": "boolean"},
            "since": {"type": ["string", "null"], "pattern": DATETIME_PATTERN},
            "sender_seq": {"type": ["integer", "null"], "minimum": 0},
            "sender_key": {"type": "string", "pattern": FINGERPRINT_PATTERN},
            "since_seq": {"type": ["integer", "null"], "minimum": 0},
            "sender_enc_key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "audit_head": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "minimum": 0},
                    "hash": {"type": "string", "pattern": "^([0-9a-f]{64})?$"},
                },
                "required": ["id", "hash"],
                "additionalProperties": False,
            },
            "masked": {"type": "array", "items": {"enum": list(MASK_NAMES)}, "uniqueItems": True},
            "counts": {
                "type": "object",
                "propertyNames": {"enum": names[1:]},
                "additionalProperties": {"type": "integer", "minimum": 0},
            },
            "members": {
                "type": "array",
                "maxItems": MAX_MEMBERS,
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "maxLength": 64},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "size": {"type": "integer", "minimum": 0, "maximum": MAX_MEMBER_BYTES},
                        "rows": {"type": "integer", "minimum": 0},
                    },
                    "required": ["name", "sha256", "size", "rows"],
                    "additionalProperties": False,
                },
            },
        },
        "required": [
            "format",
            "format_version",
            "package_id",
            "kind",
            "created_at",
            "program_version",
            "sender",
            "receiver",
            "full",
            "since",
            "counts",
            "members",
        ],
        "additionalProperties": False,
    }


def rows_schema() -> dict[str, Any]:
    defs = {e.name: row_schema(e) for e in ENTITIES}
    defs["review"] = review_row_schema()
    defs[VALUE_MAP] = value_map_row_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://assist-desktop.invalid/schema/rows.schema.json",
        "title": "assist-desktop exchange package rows (one JSON object per line, one member per entity)",
        "$defs": defs,
    }


def build_schemas() -> dict[str, dict[str, Any]]:
    """The schema files as they should be (schema/*.json are generated from this; a test checks)."""
    return {"manifest.schema.json": manifest_schema(), "rows.schema.json": rows_schema()}


def write_schemas(folder: Path | None = None) -> None:
    folder = folder or Path(__file__).with_name("schema")
    for name, schema in build_schemas().items():
        (folder / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("assist_desktop.exchange").joinpath("schema", name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def manifest_validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema("manifest.schema.json"))


@cache
def row_validator(entity: str) -> Draft202012Validator:
    schema = load_schema("rows.schema.json")
    return Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{entity}"})


class FastRowCheck:
    """A quick yes/no check of one row against its schema, for the keywords the row schemas use.

    jsonschema walks every property of every row through its full machinery (≈ 0.3 ms a row); this check
    reads the same schema and answers in a few microseconds. A row it rejects is handed to jsonschema,
    which stays the judge and writes the message; `tests/exchange` checks both agree on generated rows.
    """

    _TYPES: dict[str, tuple[type, ...]] = {
        "string": (str,),
        "integer": (int,),
        "number": (int, float),
        "boolean": (bool,),
        "null": (type(None),),
        "object": (dict,),
    }

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.required = frozenset(schema.get("required", ()))
        self.closed = schema.get("additionalProperties") is False
        self.fields: dict[str, tuple[Any, ...]] = {}
        for name, prop in schema.get("properties", {}).items():
            known = {"type", "maxLength", "pattern", "enum", "minimum", "maximum"}
            if set(prop) - known:
                raise ValueError(f"unsupported keywords in {name}: {set(prop) - known}")
            kinds = prop.get("type")
            kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
            types = tuple(t for k in kinds for t in self._TYPES[k]) or None
            pattern = re.compile(prop["pattern"]) if "pattern" in prop else None
            enum = frozenset(prop["enum"]) if "enum" in prop else None
            self.fields[name] = (
                types,
                "boolean" in kinds,
                prop.get("maxLength"),
                pattern,
                enum,
                prop.get("minimum"),
                prop.get("maximum"),
            )

    _ANY = (None, True, None, None, None, None, None)

    def ok(self, row: Any) -> bool:
        if type(row) is not dict:
            return False
        keys = row.keys()
        if not self.required <= keys or (self.closed and not keys <= self.fields.keys()):
            return False
        fields = self.fields
        for name, value in row.items():
            types, bools, max_len, pattern, enum, minimum, maximum = fields.get(name, self._ANY)
            if enum is not None:
                if value.__class__ in (bool, list, dict) or value not in enum:
                    return False
                continue
            if types is not None and (
                not isinstance(value, types) or (value.__class__ is bool and not bools)
            ):
                return False
            cls = value.__class__
            if cls is str:
                if max_len is not None and len(value) > max_len:
                    return False
                if pattern is not None and not pattern.search(value):
                    return False
            elif (cls is int or cls is float) and (
                (minimum is not None and value < minimum) or (maximum is not None and value > maximum)
            ):
                return False
        return True


@cache
def fast_row_check(entity: str) -> FastRowCheck:
    return FastRowCheck(load_schema("rows.schema.json")["$defs"][entity])


# --- writing -------------------------------------------------------------------------------------------


def dumps_row(row: Mapping[str, Any]) -> bytes:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8") + b"\n"


def new_manifest(
    *,
    kind: str,
    sender: Mapping[str, Any],
    receiver: str | None,
    created_at: str,
    full: bool = True,
    since: str | None = None,
) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "package_id": str(uuid.uuid4()),
        "kind": kind,
        "created_at": created_at,
        "program_version": __version__,
        "sender": dict(sender),
        "receiver": receiver,
        "full": full,
        "since": since,
        "counts": {},
        "members": [],
    }


def write_package(
    out: Path,
    manifest: dict[str, Any],
    members: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
    *,
    private_key: bytes | None = None,
) -> str:
    """Write the zip next to `out` and move it into place (never a half-written package). Returns its SHA-256.

    With `private_key` (raw Ed25519) the manifest names the key's fingerprint (`sender_key`) and the package
    gets `signature.json`: the public key and its signature of the manifest's bytes."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, rows in members:
                digest, size, count = hashlib.sha256(), 0, 0
                with zf.open(name, "w", force_zip64=True) as fh:
                    buf: list[bytes] = []
                    for row in rows:
                        line = dumps_row(row)
                        buf.append(line)
                        count += 1
                        if len(buf) >= 2000:
                            block = b"".join(buf)
                            digest.update(block)
                            size += len(block)
                            fh.write(block)
                            buf = []
                    block = b"".join(buf)
                    digest.update(block)
                    size += len(block)
                    fh.write(block)
                manifest["members"].append(
                    {"name": name, "sha256": digest.hexdigest(), "size": size, "rows": count}
                )
                manifest["counts"][name.removesuffix(".jsonl")] = count
            if private_key is not None:
                manifest["sender_key"] = crypto.fingerprint(crypto.public_key_of(private_key))
            raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            zf.writestr(MANIFEST, raw)
            if private_key is not None:
                zf.writestr(SIGNATURE, signature_member(private_key, raw))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return file_sha256(out)


def signature_member(private_key: bytes, manifest_bytes: bytes) -> bytes:
    """The bytes of `signature.json` for a manifest."""
    body = {
        "algorithm": crypto.ALGORITHM,
        "public_key": crypto.public_key_of(private_key).hex(),
        "signature": crypto.sign(private_key, manifest_bytes).hex(),
    }
    return json.dumps(body, sort_keys=True).encode("ascii")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


# --- reading -------------------------------------------------------------------------------------------


def _fail(zh: str, en: str) -> PackageError:
    return PackageError(zh, en)


def _check_name(name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or ".." in parts
        or "\\" in name
        or ":" in name
        or len(parts) > 1
        or name != name.strip()
        or not name
    ):
        raise _fail(
            f"数据包含有不安全的成员名“{name}”（路径穿越或绝对路径），已拒绝",
            f"unsafe member name {name!r} (path traversal or absolute path)",
        )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read at most `limit` bytes; one byte more means the member is larger than declared."""
    chunks: list[bytes] = []
    total = 0
    with zf.open(info) as fh:
        while True:
            block = fh.read(min(_CHUNK, limit + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
            if total > limit:
                raise _fail(
                    f"数据包成员 {info.filename} 比清单所记大小（{limit} 字节）更大，疑似压缩炸弹，已拒绝",
                    f"member {info.filename} is larger than the manifest says ({limit} bytes): refused",
                )
    return b"".join(chunks)


class _MemberReader:
    """One member read as a stream: at most its declared size, hashed as it goes, split into lines."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: Mapping[str, Any]) -> None:
        self.zf, self.info, self.entry = zf, info, entry
        self.limit = int(entry["size"])
        self.digest = hashlib.sha256()
        self.total = 0

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """(line number, line) for every line, blank ones included; stops with an error past the size."""
        limit, pending, lineno = self.limit, b"", 0
        with self.zf.open(self.info) as fh:
            while True:
                block = fh.read(min(_CHUNK, limit + 1 - self.total))
                if not block:
                    break
                self.total += len(block)
                if self.total > limit:
                    raise _fail(
                        f"数据包成员 {self.info.filename} 比清单所记大小（{limit} 字节）更大，疑似压缩炸弹，已拒绝",
                        f"member {self.info.filename} is larger than the manifest says ({limit} bytes): refused",
                    )
                self.digest.update(block)
                # split on "\n" only (U+2028 and friends may stand inside JSON strings)
                parts = (pending + block).split(b"\n")
                pending = parts.pop()
                for line in parts:
                    lineno += 1
                    yield lineno, line
        yield lineno + 1, pending

    def finish(self) -> None:
        """The checks that need the whole member: complete, and its SHA-256 as the manifest says."""
        name = self.info.filename
        if self.total != self.limit:
            raise _fail(f"数据包成员 {name} 不完整", f"member {name} is incomplete")
        if self.digest.hexdigest() != self.entry["sha256"]:
            raise _fail(
                f"数据包成员 {name} 的校验值（SHA-256）与清单不符：文件已被改动或损坏",
                f"member {name} fails its SHA-256 check: the file was changed or damaged",
            )


def open_package(
    path: str | os.PathLike[str],
    *,
    kind: str | None = None,
    keep_rows: bool = True,
    on_row: Callable[[str, dict[str, Any]], None] | None = None,
    on_manifest: Callable[[dict[str, Any]], None] | None = None,
) -> Package:
    """Open, check and parse a package; raises PackageError naming the first problem found.

    Checks, in order: a readable zip; safe and expected member names; the manifest (JSON, schema, format
    name and version, kind); each member's size against the manifest (hard cap) and its SHA-256; each
    line's JSON and schema. Nothing is written anywhere.

    Members are read as streams (never a whole member in memory); a line that cannot be parsed is reported
    only once the member's checksum is known to match, so a changed byte is named as such. With
    `keep_rows=False` the rows are not kept (read them again with `Package.iter_rows`); `on_row(entity,
    row)` sees every checked row, in order, and must not keep it if memory matters; `on_manifest(manifest)`
    is called once the manifest is checked, before any member is read.
    """
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise _fail(f"找不到数据包文件 {path}", f"package file not found: {path}") from None
    except _ZIP_ERRORS as exc:
        raise _fail(
            f"{path.name} 不是完整的数据包（zip 文件损坏或被截断：{exc}）",
            f"{path.name} is not a complete package (damaged or truncated zip: {exc})",
        ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _fail(f"数据包成员过多（{len(infos)}）", f"too many members ({len(infos)})")
        names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_name(info.filename)
            if info.filename in names:
                raise _fail(f"数据包成员 {info.filename} 重复", f"duplicate member {info.filename}")
            if info.flag_bits & 0x1:
                raise _fail(
                    f"数据包成员 {info.filename} 已加密，无法读取", f"member {info.filename} is encrypted"
                )
            names[info.filename] = info
        if MANIFEST not in names:
            raise _fail("数据包缺少清单 manifest.json", "the package has no manifest.json")
        manifest, raw_manifest = _load_manifest(zf, names[MANIFEST])
        signer = _check_signature(zf, names.get(SIGNATURE), manifest, raw_manifest)
        if kind is not None and manifest["kind"] != kind:
            want = {"files": "档案数据包", "review": "审核结果包"}
            raise _fail(
                f"这是{want.get(manifest['kind'], manifest['kind'])}，不是{want.get(kind, kind)}",
                f"this is a {manifest['kind']} package, not a {kind} package",
            )
        allowed = (
            {REVIEW_MEMBER} if manifest["kind"] == "review" else {*(e.member for e in ENTITIES), VALUE_MAP_MEMBER}
        )
        declared = {m["name"]: m for m in manifest["members"]}
        if len(declared) != len(manifest["members"]):
            raise _fail("清单中有重复的成员", "the manifest lists a member twice")
        for name in names:
            if name not in (MANIFEST, SIGNATURE) and name not in declared:
                raise _fail(f"数据包含有清单之外的成员 {name}", f"member {name} is not in the manifest")
        pkg = Package(path=path, manifest=manifest, kept_rows=keep_rows, signer=signer)
        if on_manifest is not None:
            on_manifest(manifest)
        for name, entry in declared.items():
            if name not in allowed:
                raise _fail(f"清单列出未知成员 {name}", f"the manifest lists an unknown member {name}")
            found = names.get(name)
            if found is None:
                raise _fail(
                    f"数据包缺少清单所列成员 {name}", f"member {name} listed in the manifest is missing"
                )
            info = found
            if info.file_size != entry["size"]:
                raise _fail(
                    f"数据包成员 {name} 的大小（{info.file_size} 字节）与清单（{entry['size']} 字节）不符",
                    f"member {name} has {info.file_size} bytes, the manifest says {entry['size']}",
                )
            if info.file_size > 10 * _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _fail(
                    f"数据包成员 {name} 压缩比异常，疑似压缩炸弹，已拒绝",
                    f"member {name} has an abnormal compression ratio (zip bomb?)",
                )
            entity = name.removesuffix(".jsonl")
            reader = _MemberReader(zf, info, entry)
            parser = _LineParser(name, entity, keep_rows, on_row)
            try:
                for lineno, line in reader.lines():
                    if parser.problem is None:
                        parser.feed(lineno, line)
            except PackageError:
                raise
            except _ZIP_ERRORS as exc:
                raise _fail(
                    f"数据包成员 {name} 已损坏（{exc}）", f"member {name} is damaged ({exc})"
                ) from None
            reader.finish()
            if parser.problem is not None:
                raise parser.problem
            if parser.count != entry["rows"]:
                raise _fail(
                    f"数据包成员 {name} 有 {parser.count} 行，清单记为 {entry['rows']} 行",
                    f"member {name} has {parser.count} rows, the manifest says {entry['rows']}",
                )
            if keep_rows:
                pkg.rows[entity] = parser.rows
    return pkg


def _check_signature(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo | None, manifest: Mapping[str, Any], raw: bytes
) -> bytes | None:
    """The public key of the manifest's valid signature; None for an unsigned package of an older format.

    Raises:
        PackageError: a signed format without a signature, a malformed or invalid signature, or a manifest
            naming another key than the one that signed it.
    """
    if info is None:
        if manifest["format_version"] >= SIGNED_SINCE or "sender_key" in manifest:
            raise _fail(
                "数据包缺少签名（signature.json）：无法确认发送方，已拒绝",
                "the package has no signature (signature.json): refused",
            )
        return None
    bad = _fail(
        "数据包的签名无效：清单或成员在签名后被改动过，或签名是伪造的，已拒绝",
        "the package signature is invalid: the manifest or a member was changed after signing, or it is forged",
    )
    try:
        body = json.loads(_read_member(zf, info, MAX_SIGNATURE_BYTES).decode("ascii"))
        if not isinstance(body, dict) or body.get("algorithm") != crypto.ALGORITHM:
            raise bad
        public_key = bytes.fromhex(str(body["public_key"]))
        signature = bytes.fromhex(str(body["signature"]))
    except PackageError:
        raise
    except (*_ZIP_ERRORS, KeyError, UnicodeDecodeError) as exc:
        raise bad from exc
    if not crypto.verify(public_key, raw, signature):
        raise bad
    named = manifest.get("sender_key")
    if named is not None and named != crypto.fingerprint(public_key):
        raise bad
    return public_key


def _load_manifest(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[dict[str, Any], bytes]:
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _fail("清单 manifest.json 过大", "manifest.json is too large")
    try:
        raw = _read_member(zf, info, MAX_MANIFEST_BYTES)
        manifest = json.loads(raw.decode("utf-8"))
    except PackageError:
        raise
    except (*_ZIP_ERRORS, UnicodeDecodeError) as exc:
        raise _fail(
            f"清单 manifest.json 无法读取（{exc}）", f"manifest.json cannot be read ({exc})"
        ) from None
    if not isinstance(manifest, dict):
        raise _fail("清单 manifest.json 格式错误", "manifest.json is not an object")
    if manifest.get("format") != FORMAT_NAME:
        raise _fail(
            f"不是本程序的数据包（格式为 {manifest.get('format')!r}）",
            f"not an assist-desktop package (format {manifest.get('format')!r})",
        )
    version = manifest.get("format_version")
    if version not in SUPPORTED_VERSIONS:
        raise _fail(
            f"数据包格式版本 {version} 不受支持（本程序支持版本 {', '.join(map(str, SUPPORTED_VERSIONS))}），"
            "请升级程序",
            f"package format version {version} is not supported: upgrade the program",
        )
    errors = sorted(manifest_validator().iter_errors(manifest), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.path) or "（根）"
        raise _fail(
            f"清单 manifest.json 不符合格式（{where}：{e.message}）",
            f"manifest.json does not match its schema ({where}: {e.message})",
        )
    return manifest, raw


class _LineParser:
    """Parses and checks the lines of one member; the first problem is kept, not raised (see open_package)."""

    def __init__(
        self,
        name: str,
        entity: str,
        keep: bool,
        on_row: Callable[[str, dict[str, Any]], None] | None,
    ) -> None:
        self.name, self.entity, self.keep, self.on_row = name, entity, keep, on_row
        self.validator = row_validator(entity)
        self.quick = fast_row_check(entity)
        self.keys: dict[str, str] = {}  # one key object for all kept rows: a third less memory
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.problem: PackageError | None = None

    def feed(self, lineno: int, line: bytes) -> None:
        if not line.strip():
            return
        name = self.name
        try:
            row = _parse_one(name, lineno, line)
        except PackageError as exc:
            self.problem = exc
            return
        if not isinstance(row, dict):
            self.problem = _fail(
                f"数据包成员 {name} 第{lineno}行应为 JSON 对象",
                f"member {name} line {lineno} is not an object",
            )
            return
        err = None if self.quick.ok(row) else next(iter(self.validator.iter_errors(row)), None)
        if err is not None:
            where = "/".join(str(p) for p in err.path) or "（行）"
            self.problem = _fail(
                f"数据包成员 {name} 第{lineno}行不符合格式（{where}：{err.message}）",
                f"member {name} line {lineno} does not match the schema ({where}: {err.message})",
            )
            return
        self.count += 1
        fill_optional(self.entity, row)
        if self.keep:
            keys = self.keys
            row = {keys.setdefault(k, k): v for k, v in row.items()}
            self.rows.append(row)
        if self.on_row is not None:
            self.on_row(self.entity, row)


def _parse_one(name: str, lineno: int, line: bytes) -> Any:
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        raise _fail(
            f"数据包成员 {name} 第{lineno}行不是 UTF-8 文本", f"member {name} line {lineno} is not UTF-8"
        ) from None
    except ValueError as exc:
        raise _fail(
            f"数据包成员 {name} 第{lineno}行不是有效的 JSON（{exc}）",
            f"member {name} line {lineno} is not valid JSON ({exc})",
        ) from None
