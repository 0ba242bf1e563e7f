"""Settings: one frozen dataclass, read from defaults, a TOML file and the environment.

Precedence (later wins): built-in defaults, the TOML file named by
``FRAMING_CONFIG`` (or passed explicitly), then ``FRAMING_*`` environment
variables for the most common keys.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import platformdirs

from framing.errors import ConfigError

Representation = Literal["chunks", "title_lead"]

# The bundled MiniLM quantised to int8 on this machine (framing.embed.int8):
# measured as good as fp32 and several times faster (docs/performance.md).
# "bundled:all-MiniLM-L6-v2" names the fp32 torch model.
DEFAULT_MODEL = "bundled:all-MiniLM-L6-v2-int8"


def default_data_dir() -> Path:
    """Per-user data folder (e.g. ``~/.local/share/framing-dashboard`` on Linux)."""
    return Path(platformdirs.user_data_dir("framing-dashboard", appauthor=False))


@dataclass(frozen=True)
class IngestLimits:
    """Bounds that keep a bad or hostile upload from exhausting the machine."""

    max_file_bytes: int = 50_000_000
    max_rows: int = 200_000
    max_text_chars: int = 200_000
    max_zip_files: int = 10_000
    max_zip_uncompressed_bytes: int = 500_000_000


@dataclass(frozen=True)
class Settings:
    """Everything a run can be tuned with.

    Attributes:
        db_path: SQLite store; ``None`` means ``<data dir>/framing.sqlite3``.
        model: ``bundled:all-MiniLM-L6-v2-int8`` (offline default: the bundled
            MiniLM quantised on this machine), ``bundled:all-MiniLM-L6-v2``
            (the same model in fp32 with torch), ``fast`` (a
            static model distilled from it, see docs/performance.md), ``auto``
            (``fast`` from 5,000 articles on), a local folder
            holding a sentence-transformers model, or a hub name (downloads).
        device: torch device for the embedder; ``None`` picks CUDA when present.
        batch_size: texts per forward pass; ``None`` = 32 on a CPU, sized to
            free memory on a GPU.
        representation: how a whole article becomes one vector (see docs).
        chunk_words: target words per chunk for the ``chunks`` representation.
        event_threshold: minimum average similarity for two groups of articles
            to be merged into one event.
        event_window_days: articles further apart than this never share an
            event; ``"auto"`` reads it from how fast the stream reports a story.
        event_neighbors: candidate neighbours per article in the grouping graph.
        event_absolute_threshold: plain average similarity at which groups
            always merge (a corpus about one single event).
        event_lexical_weight: share of TF-IDF similarity in the grouping similarity.
        event_date_penalty: grouping similarity lost per day between two groups.
        group_block_days: events are grouped in date-window blocks whose
            cores span at most this many days (``framing.events.blocks``);
            ``None``: no limit by days.
        group_block_max: ... and hold at most this many articles; a corpus
            within both limits is grouped whole. ``None``: no limit by count.
        batch_articles: articles per batch of cue scoring; each batch is stored
            when done, so a stopped run resumes after the last one.
        workers: processes scoring batches at once; ``None`` = one per core
            (up to 4) with the fast static model, 1 with a torch model.
        lexicon_path: a user lexicon TOML file extending the built-in one.
        engine: ``local`` (default: this process and its worker processes) or
            ``ray`` (a Ray cluster, see docs/scale-out.md; needs the ``ray`` extra).
        ray_address: the cluster the Ray engine joins: ``auto`` (the one
            ``ray start`` runs on this machine), ``ray://HOST:10001``, or
            ``None`` to start a private one on this machine.
        limits: ingest bounds.
    """

    db_path: Path | None = None
    model: str = DEFAULT_MODEL
    device: str | None = None
    batch_size: int | None = None
    representation: Representation = "title_lead"
    chunk_words: int = 150
    event_threshold: float = 0.25
    event_window_days: float | str = "auto"
    event_neighbors: int = 30
    event_lexical_weight: float = 0.15
    event_absolute_threshold: float = 0.60
    event_date_penalty: float = 0.03
    group_block_days: float | None = None
    group_block_max: int | None = 50_000
    batch_articles: int = 2000
    workers: int | None = None
    lexicon_path: Path | None = None
    engine: str = "local"
    ray_address: str | None = None
    limits: IngestLimits = field(default_factory=IngestLimits)

    @property
    def resolved_db_path(self) -> Path:
        """The store path, with the per-user default filled in."""
        return self.db_path if self.db_path is not None else default_data_dir() / "framing.sqlite3"

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed (``None`` values are ignored)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **changes)


_ENV = {
    "FRAMING_DB": ("db_path", Path),
    "FRAMING_MODEL": ("model", str),
    "FRAMING_DEVICE": ("device", str),
    "FRAMING_BATCH_SIZE": ("batch_size", int),
    "FRAMING_WORKERS": ("workers", int),
    "FRAMING_LEXICON": ("lexicon_path", Path),
    "FRAMING_ENGINE": ("engine", str),
    "FRAMING_RAY_ADDRESS": ("ray_address", str),
}


def load_settings(path: str | Path | None = None) -> Settings:
    """Build settings from the TOML file (if any) and ``FRAMING_*`` variables.

    Args:
        path: a TOML file; defaults to ``$FRAMING_CONFIG`` when set.

    Raises:
        ConfigError: the file is unreadable or names an unknown key or bad value.
    """
    values: dict[str, Any] = {}
    path = path or os.environ.get("FRAMING_CONFIG")
    if path:
        values.update(_read_toml(Path(path)))
    for var, (key, cast) in _ENV.items():
        raw = os.environ.get(var)
        if raw:
            try:
                values[key] = cast(raw)
            except ValueError as exc:
                raise ConfigError(
                    f"{var}={raw!r} is not a valid {cast.__name__}: {exc}", code="FRM-C201"
                ) from exc
    return _build(values, source=str(path) if path else "environment")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{path}: settings file not found. Check FRAMING_CONFIG.", code="FRM-C202"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc}). Fix the syntax.", code="FRM-C203"
        ) from exc
    # Allow either a flat file or one with a [framing] table.
    return dict(data.get("framing", data))


def _build(values: dict[str, Any], source: str) -> Settings:
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(
            f"{source}: unknown setting(s) {', '.join(unknown)}. "
            f"Known: {', '.join(sorted(known))}.",
            code="FRM-C204",
        )
    if isinstance(values.get("limits"), dict):
        lim_known = {f.name for f in dataclasses.fields(IngestLimits)}
        bad = sorted(set(values["limits"]) - lim_known)
        if bad:
            raise ConfigError(
                f"{source}: unknown [limits] key(s) {', '.join(bad)}. "
                f"Known: {', '.join(sorted(lim_known))}.",
                code="FRM-C205",
            )
        values["limits"] = IngestLimits(**values["limits"])
    if values.get("lexicon_path"):
        values["lexicon_path"] = Path(values["lexicon_path"]).expanduser()
    if "db_path" in values and values["db_path"] is not None:
        values["db_path"] = Path(values["db_path"]).expanduser()
    if values.get("representation", "title_lead") not in ("chunks", "title_lead"):
        raise ConfigError(
            f"{source}: representation must be 'chunks' or 'title_lead', "
            f"not {values['representation']!r}.",
            code="FRM-C206",
        )
    check_engine(values.get("engine", "local"), source)
    window = values.get("event_window_days", "auto")
    if window != "auto" and (
        isinstance(window, bool) or not isinstance(window, int | float) or window <= 0
    ):
        raise ConfigError(
            f"{source}: event_window_days must be a positive number of days or 'auto', "
            f"not {window!r}.",
            code="FRM-C207",
        )
    for name in ("group_block_days", "group_block_max"):
        bound = values.get(name)
        if bound is not None and (
            isinstance(bound, bool) or not isinstance(bound, int | float) or bound <= 0
        ):
            raise ConfigError(
                f"{source}: {name} must be a positive number, not {bound!r}.", code="FRM-C251"
            )
    return Settings(**values)


ENGINES = ("local", "ray")


def check_engine(engine: object, source: str = "settings") -> None:
    """Raise ``ConfigError`` (FRM-R903) unless ``engine`` names a known engine."""
    if engine not in ENGINES:
        raise ConfigError(
            f"{source}: engine must be one of {', '.join(ENGINES)}, not {engine!r}.",
            code="FRM-R903",
        )
