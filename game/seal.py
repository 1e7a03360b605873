"""Sealing logs: a facilitator's key signs a class's logs (HMAC-SHA256, standard library),
so that any later edit of a log, header included, is detected.

    python main.py seal --new-key class.key            # once: a random key, readable by you only
    python main.py seal saves/*.jsonl --key-file class.key
    python main.py replay group1.jsonl --verify --key-file class.key

A seal is the log's last line, ``{"seal": {"alg": "hmac-sha256", "key_id": ..., "mac": ...}}``:
the MAC of every byte before it, under the key. The reader (`game.events.read_log_file`)
sets it aside, so a sealed log replays, verifies, debriefs and resumes like any other
(a resumed session saves a new, unsealed log). The key comes from a file (``--key-file``)
or from the environment variable ``PENHOLDER_SEAL_KEY``; it is never printed: messages
show only its id, an HMAC of a fixed text under the key. See docs/sealing.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from game.events import LogFile, WriteError, atomic_file, dumps

KEY_ENV = "PENHOLDER_SEAL_KEY"
ALG = "hmac-sha256"
MIN_KEY_BYTES = 16
MAX_KEY_BYTES = 4096
_DOMAIN = b"penholder-seal-v1\n"


class SealError(Exception):
    """A key or a seal that cannot be used (the message never shows the key)."""


def read_key(key_file: str | os.PathLike | None) -> bytes:
    """The key from `key_file`, or from $PENHOLDER_SEAL_KEY when no file is given. Leading
    and trailing white space (a final newline) is not part of the key."""
    if key_file is not None:
        try:
            with open(key_file, "rb") as fh:
                raw = fh.read(MAX_KEY_BYTES + 1)
        except OSError as exc:
            raise SealError(f"the key file cannot be read ({exc.strerror or exc})") from None
        where = "the key file"
    else:
        env = os.environ.get(KEY_ENV)
        if env is None:
            raise SealError(f"no key: give --key-file FILE, or set {KEY_ENV}")
        raw = env.encode("utf-8", "surrogateescape")
        where = f"${KEY_ENV}"
    key = raw.strip()
    if len(raw) > MAX_KEY_BYTES:
        raise SealError(f"{where} is longer than {MAX_KEY_BYTES} bytes: not a key")
    if len(key) < MIN_KEY_BYTES:
        raise SealError(f"{where} holds {len(key)} bytes; a key has at least {MIN_KEY_BYTES} "
                        "(make one with: python main.py seal --new-key FILE)")
    return key


def key_id(key: bytes) -> str:
    """A short name for a key, safe to show: it does not reveal the key."""
    return hmac.new(key, b"penholder-seal-key-id", hashlib.sha256).hexdigest()[:12]


def mac(key: bytes, content: bytes) -> str:
    return hmac.new(key, _DOMAIN + content, hashlib.sha256).hexdigest()


def new_key(path: str | os.PathLike) -> str:
    """Write a new random key (32 bytes, hex) to `path`, readable by its owner only.
    Refuses to replace an existing file. Returns its id."""
    path = Path(path)
    key = secrets.token_hex(32)
    if path.exists() or path.is_symlink():
        raise SealError(f"{path} exists: a new key never replaces a key (logs sealed with it "
                        "could no longer be checked)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".penholder-tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w") as fh:  # mkstemp: mode 0600
            fh.write(key + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)  # whole, and never over an existing file
    except FileExistsError:
        raise SealError(f"{path} exists: a new key never replaces a key") from None
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return key_id(key.encode())


def _content(path: str | os.PathLike, log: LogFile) -> bytes:
    if log.seal is not None:
        return log.sealed_bytes
    with open(path, "rb") as fh:
        raw = fh.read()
    return raw if raw.endswith(b"\n") else raw + b"\n"


def seal_log(path: str | os.PathLike, key: bytes) -> LogFile:
    """Seal one log in place (a log already sealed is sealed again under `key`). The log
    must load (`game.replay.load_log`): a damaged log is refused, not sealed."""
    from game.replay import load_log

    loaded = load_log(path)
    content = _content(path, loaded.log)
    line = dumps({"seal": {"alg": ALG, "key_id": key_id(key), "mac": mac(key, content)}}) + "\n"
    with atomic_file(path, newline="") as fh:
        fh.write(content.decode("utf-8") + line)  # newline="": the bytes as they were
    return loaded.log


def check_seal(log: LogFile, key: bytes) -> tuple[bool, str]:
    """(ok, message): does `log`'s seal match its bytes under `key`?"""
    seal = log.seal
    if seal is None:
        return False, "the log is not sealed"
    if seal.get("alg") != ALG or not isinstance(seal.get("mac"), str):
        return False, f"the seal is not an {ALG} seal"
    ours = key_id(key)
    if seal.get("key_id") != ours:
        return False, (f"the log was sealed with another key (id {str(seal.get('key_id'))[:12]}; "
                       f"yours is {ours}), or its seal was replaced")
    if not hmac.compare_digest(seal["mac"], mac(key, log.sealed_bytes)):
        return False, f"the log was changed after it was sealed (key id {ours})"
    return True, f"sealed with key {ours}; not a byte changed since"


def seal_note(log: LogFile) -> str | None:
    """A line for a sealed log read without a key."""
    if log.seal is None:
        return None
    return (f"sealed (key id {str(log.seal.get('key_id'))[:12]}); the seal is not checked: "
            "give --key-file to check it")
