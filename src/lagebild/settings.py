"""Settings: one validated object, built from defaults, a config file, the environment and the command line.

Precedence, lowest first (like git config, pip or ruff):

1. the defaults below;
2. ``lagebild.toml`` in the working directory, or else ``[tool.lagebild]`` in ``pyproject.toml``
   (or the file named by ``--config`` / ``$LAGEBILD_CONFIG``);
3. ``LAGEBILD_*`` environment variables (``LAGEBILD_NER_MODEL=fast``);
4. explicit overrides (command-line flags, keyword arguments).

Every value is validated when the settings are built, so a bad value is a coded
:class:`SettingsError` with a hint before any article is read, never a traceback
deep inside a component.  :class:`Settings` is frozen and picklable: it is what a
worker process or a Spark executor receives to build the same pipeline.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import LagebildError

DEFAULT_PIPELINE: tuple[str, ...] = (
    "clean", "sentences", "tagger", "ner", "entities", "geo", "quotes", "timex", "events",
)
NER_MODELS = ("accurate", "fast")
DEFAULT_MAX_BYTES = 10_000_000
CONFIG_FILE = "lagebild.toml"
ENV_PREFIX = "LAGEBILD_"


class SettingsError(LagebildError):
    """A setting has a value lagebild cannot use (``--workers -3``, ``LAGEBILD_NER_MODEL=foo``)."""

    code = "E500"


class UnknownSettingError(SettingsError):
    """A config file names a setting that does not exist (a typo would otherwise be ignored silently)."""

    code = "E501"


class ConfigFileError(SettingsError):
    """The config file cannot be read or is not valid TOML."""

    code = "E502"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes what or how lagebild analyses.  See ``docs/settings.md``."""

    #: Where articles are stored: an SQLite file path or a ``postgresql://`` URL.
    db: str = "lagebild.db"
    #: The components to run, in order (``lagebild components``).
    pipeline: tuple[str, ...] = DEFAULT_PIPELINE
    #: ``accurate`` (e5 + LoRA, default) or ``fast`` (CRF, ~60x faster).
    ner_model: str = "accurate"
    #: A quote model trained with ``training/quotes`` (non-commercial licence); empty: the rules.
    quote_model: str = ""
    #: Worker processes for batches; 0 means one per CPU core.
    workers: int = 0
    #: Largest single article accepted, in bytes.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Use the knowledge-base records imported into the store and its latest learned-roles layer.
    use_store_kb: bool = True
    #: Days around an article's date in which learned roles resolve descriptions ("der US-Präsident").
    role_window_days: int = 30
    #: Seconds one article may take in the pipeline; an overrun is a recorded error (E203), never a hang. 0: no limit.
    time_budget: int = 300
    #: Skip inputs this pipeline has already analysed into the store (a run resumed after a crash); their
    #: stored analyses are reported instead.  ``--reanalyse`` turns it off.
    resume: bool = True
    #: Where each value came from (``lagebild config`` shows it); not a setting itself.
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with ``values`` validated and applied (origin: ``override``)."""
        return _build(self, {k: (v, "override") for k, v in values.items() if v is not None})

    def effective_workers(self) -> int:
        return self.workers or max(1, os.cpu_count() or 1)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "origins"}


# --- validation --------------------------------------------------------------------------


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"setting {name!r} must be text, not {type(value).__name__}", hint=_HINTS[name])
    return value.strip()


def _db(value: Any) -> str:
    text = _text("db", value)
    if not text:
        raise SettingsError("setting 'db' is empty", hint=_HINTS["db"])
    return text


def _pipeline(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        names = tuple(n.strip() for n in value.split(",") if n.strip())
    elif isinstance(value, list | tuple) and all(isinstance(n, str) for n in value):
        names = tuple(n.strip() for n in value if n.strip())
    else:
        raise SettingsError("setting 'pipeline' must be a list of component names", hint=_HINTS["pipeline"])
    if not names:
        raise SettingsError("setting 'pipeline' names no component", hint=_HINTS["pipeline"])
    return names


def _ner_model(value: Any) -> str:
    text = _text("ner_model", value).lower()
    if text not in NER_MODELS:
        raise SettingsError(f"unknown NER model {value!r}", hint=_HINTS["ner_model"])
    return text


def _quote_model(value: Any) -> str:
    text = _text("quote_model", value)
    if text and not Path(text).expanduser().is_file():
        raise SettingsError(f"quote model {text!r} is not a file", hint=_HINTS["quote_model"])
    return text


def _integer(name: str, low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                number = None
        if number is None or not low <= number <= high:
            raise SettingsError(f"setting {name!r} must be a whole number from {low} to {high}, not {value!r}",
                                hint=_HINTS[name])
        return number

    return check


def _flag(name: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"setting {name!r} must be true or false, not {value!r}", hint=_HINTS[name])

    return check


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "db": _db,
    "pipeline": _pipeline,
    "ner_model": _ner_model,
    "quote_model": _quote_model,
    "workers": _integer("workers", 0, 512),
    "max_bytes": _integer("max_bytes", 1, 2**40),
    "use_store_kb": _flag("use_store_kb"),
    "role_window_days": _integer("role_window_days", 0, 3650),
    "time_budget": _integer("time_budget", 0, 86_400),
    "resume": _flag("resume"),
}

_HINTS: dict[str, str] = {
    "db": "give an SQLite file path (corpus.db) or a PostgreSQL URL (postgresql://user@host/dbname)",
    "pipeline": "a comma-separated list of names from `lagebild components`",
    "ner_model": f"choose one of {', '.join(NER_MODELS)} (--ner-model, LAGEBILD_NER_MODEL, ner_model in "
                 f"{CONFIG_FILE})",
    "quote_model": "train one with `python -m training.quotes.train_model --out PATH`, or leave it empty "
                   "for the rules",
    "workers": "0 uses every core; 1 runs in this process",
    "max_bytes": "the largest article in bytes, e.g. 10000000",
    "use_store_kb": "true or false",
    "role_window_days": "days, e.g. 30",
    "time_budget": "seconds per article, e.g. 300; 0 turns the limit off",
    "resume": "true or false",
}


def _build(base: Settings, values: Mapping[str, tuple[Any, str]]) -> Settings:
    checked: dict[str, Any] = {}
    origins = dict(base.origins)
    for name, (value, origin) in values.items():
        validator = _VALIDATORS.get(name)
        if validator is None:
            raise UnknownSettingError(f"unknown setting {name!r} (from {origin})",
                                      hint=f"known settings: {', '.join(sorted(_VALIDATORS))}")
        try:
            checked[name] = validator(value)
        except SettingsError as exc:
            raise type(exc)(f"{exc.message} (from {origin})", hint=exc.hint) from None
        origins[name] = origin
    return replace(base, **checked, origins=origins)


# --- sources -----------------------------------------------------------------------------


def find_config(cwd: Path) -> tuple[Path, dict[str, Any]] | None:
    """The config in ``cwd``: ``lagebild.toml``, else ``pyproject.toml`` with a ``[tool.lagebild]`` table."""
    own = cwd / CONFIG_FILE
    if own.is_file():
        return own, read_config(own)
    project = cwd / "pyproject.toml"
    if project.is_file():
        table = _read_toml(project).get("tool", {}).get("lagebild")
        if isinstance(table, dict):
            return project, table
    return None


def read_config(path: Path) -> dict[str, Any]:
    """The settings table of a config file (``[tool.lagebild]`` of a pyproject.toml, else the top level)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("lagebild", {})
        return table if isinstance(table, dict) else {}
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigFileError(f"cannot read config file {path}: {exc.strerror or exc}",
                              hint="check the path given with --config or $LAGEBILD_CONFIG") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"config file {path} is not valid TOML: {exc}",
                              hint="see docs/settings.md for an example") from None


def environment_values(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    """``LAGEBILD_<NAME>`` variables that name a setting (others, e.g. ``LAGEBILD_CONFIG``, are left)."""
    found: dict[str, tuple[Any, str]] = {}
    for name in _VALIDATORS:
        variable = ENV_PREFIX + name.upper()
        if variable in env and env[variable] != "":
            found[name] = (env[variable], f"${variable}")
    return found


def load_settings(overrides: Mapping[str, Any] | None = None, *, config: str | os.PathLike[str] | None = None,
                  env: Mapping[str, str] | None = None, cwd: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from every source (see the module docstring); ``None`` overrides are ignored."""
    env = os.environ if env is None else env
    settings = Settings(origins={f.name: "default" for f in fields(Settings) if f.name != "origins"})
    config = config or env.get(ENV_PREFIX + "CONFIG") or None
    found: tuple[Path, dict[str, Any]] | None
    if config:
        path = Path(config)
        found = (path, read_config(path))
    else:
        found = find_config(Path(cwd) if cwd else Path.cwd())
    if found is not None:
        path, table = found
        settings = _build(settings, {k: (v, str(path)) for k, v in table.items()})
    settings = _build(settings, environment_values(env))
    if overrides:
        settings = _build(settings, {k: (v, "command line") for k, v in overrides.items() if v is not None})
    return settings


__all__ = [
    "CONFIG_FILE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PIPELINE",
    "NER_MODELS",
    "ConfigFileError",
    "Settings",
    "SettingsError",
    "UnknownSettingError",
    "load_settings",
]
