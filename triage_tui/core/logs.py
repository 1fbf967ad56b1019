"""The log file: off unless `--debug` or MENTION_TRIAGE_LOG; a crash is always written.

MENTION_TRIAGE_LOG=1 (or true/yes/on) writes `mention-triage.log` in the state directory;
any other value but 0/false/no/off is the file to write. Records come from the
`mention_triage` loggers (HTTP requests, stream reconnects, skipped lines); the token,
headers and bodies are never logged. The file is created private (mode 600).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from triage_tui.api.log import ROOT

ENV = "MENTION_TRIAGE_LOG"
FILE_NAME = "mention-triage.log"
_ON = ("1", "true", "yes", "on")
_OFF = ("", "0", "false", "no", "off")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LogFileError(Exception):
    """The log file cannot be written (a usage problem: the path is the user's)."""


@dataclass(frozen=True)
class LogSetting:
    path: Path  # where the log goes (and a crash's traceback, even when off)
    enabled: bool


_current: LogSetting | None = None


def log_setting(state_dir: Path, *, debug: bool, env: Mapping[str, str]) -> LogSetting:
    """What `--debug` and MENTION_TRIAGE_LOG ask for, the log living in `state_dir`."""
    value = env.get(ENV, "").strip()
    default = state_dir / FILE_NAME
    if value.lower() in _ON:
        return LogSetting(default, True)
    if value.lower() in _OFF:
        return LogSetting(default, debug)
    return LogSetting(Path(value).expanduser(), True)


def current() -> LogSetting | None:
    """The setting of the command running now (None outside the command line)."""
    return _current


def _handler(path: Path) -> logging.Handler:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise LogFileError(f"cannot write the log {path}: {error.strerror or error}") from None
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


@contextmanager
def logging_to(setting: LogSetting) -> Iterator[None]:
    """While the command runs: the file handler when logging is on; the path kept for a
    crash either way."""
    global _current
    logger = logging.getLogger(ROOT)
    handler = _handler(setting.path) if setting.enabled else None
    level = logger.level
    if handler is not None:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    _current = setting
    try:
        yield
    finally:
        _current = None
        if handler is not None:
            logger.removeHandler(handler)
            logger.setLevel(level)
            handler.close()


def write_crash(error: BaseException) -> Path | None:
    """The traceback (no local variables: they may hold the token) into the log file,
    opening it for this record if logging is off. None outside the command line, or when
    the file cannot be written."""
    setting = _current
    if setting is None:
        return None
    logger = logging.getLogger(f"{ROOT}.crash")
    extra: logging.Handler | None = None
    try:
        if not setting.enabled:
            extra = _handler(setting.path)
            logger.addHandler(extra)
        logger.error(
            "crash: %s", type(error).__name__, exc_info=(type(error), error, error.__traceback__)
        )
    except LogFileError:
        return None
    finally:
        if extra is not None:
            logger.removeHandler(extra)
            extra.close()
    return setting.path


def crash_line(error: BaseException, path: Path | None) -> str:
    """The one line a user sees for a crash: what, and where the details are."""
    from triage_tui.core.sanitize import one_line

    what = type(error).__name__
    detail = one_line(str(error))[:160]
    where = f"the details are in {path}" if path else "no log file could be written"
    return f"unexpected error ({what}{': ' + detail if detail else ''}); {where}"


def print_crash(error: BaseException) -> None:
    print(f"mention-triage: {crash_line(error, write_crash(error))}", file=sys.stderr)
