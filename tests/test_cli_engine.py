"""``framing analyze --engine ... --ray-address ...`` reach the settings."""

from __future__ import annotations

import pytest

from framing.cli import _settings, build_parser


def test_cli_engine_options_reach_the_settings(monkeypatch) -> None:
    monkeypatch.delenv("FRAMING_ENGINE", raising=False)
    monkeypatch.delenv("FRAMING_CONFIG", raising=False)
    parser = build_parser()
    args = parser.parse_args(
        ["analyze", "in", "--out", "o", "--engine", "ray", "--ray-address", "ray://h:10001"]
    )
    settings = _settings(args)
    assert (settings.engine, settings.ray_address) == ("ray", "ray://h:10001")
    plain = _settings(parser.parse_args(["analyze", "in", "--out", "o"]))
    assert (plain.engine, plain.ray_address) == ("local", None)


def test_cli_engine_rejects_an_unknown_engine(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["analyze", "in", "--out", "o", "--engine", "spark"])
    assert "invalid choice: 'spark'" in capsys.readouterr().err
