"""Settings: the engine and the Ray cluster address."""

from __future__ import annotations

import pytest

from framing.config import Settings, load_settings
from framing.errors import ConfigError


def test_config_engine_defaults_to_local_and_reads_file_and_environment(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.delenv("FRAMING_ENGINE", raising=False)
    monkeypatch.delenv("FRAMING_RAY_ADDRESS", raising=False)
    monkeypatch.delenv("FRAMING_CONFIG", raising=False)
    assert Settings().engine == "local" and Settings().ray_address is None
    toml = tmp_path / "framing.toml"
    toml.write_text('engine = "ray"\nray_address = "ray://head:10001"\n', encoding="utf-8")
    settings = load_settings(toml)
    assert (settings.engine, settings.ray_address) == ("ray", "ray://head:10001")
    monkeypatch.setenv("FRAMING_ENGINE", "local")
    monkeypatch.setenv("FRAMING_RAY_ADDRESS", "auto")
    settings = load_settings(toml)
    assert (settings.engine, settings.ray_address) == ("local", "auto")


def test_config_unknown_engine_is_a_located_error(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("FRAMING_ENGINE", raising=False)
    toml = tmp_path / "framing.toml"
    toml.write_text('engine = "spark"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(toml)
    assert err.value.code == "FRM-R903"
    assert str(toml) in str(err.value) and "'spark'" in str(err.value)
