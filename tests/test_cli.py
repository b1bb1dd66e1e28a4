"""The command-line tool: every command documented, bad input one clear line."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from archive.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "example" in result.output.lower(), f"`novadi {name} --help` shows no example"


def test_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"novadi {name}" not in readme and f"`{name}`" not in readme]
    assert not missing


@pytest.mark.parametrize("args,message", [
    (["crawl", "no-such-site"], "unknown site 'no-such-site'"),
    (["crawl"], "name site ids"),
    (["crawl", "--url", "ftp://example.lv/"], "not an http(s) URL"),
    (["crawl", "riga", "-s", "DOWNLOAD_DELAY"], "expected NAME=VALUE"),
    (["status", "--db", "/nonexistent/novadi.db"], "no archive at"),
    (["serve", "--db", "/nonexistent/novadi.db"], "no archive at"),
    (["probe", "not a url"], "neither a site id nor an http(s) URL"),
])
def test_bad_arguments_give_one_clear_line(args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_sites_lists_the_registry_by_region():
    result = CliRunner().invoke(cli, ["sites", "--region", "zemgale"])
    assert result.exit_code == 0
    assert "jelgavas-novads" in result.output and "riga " not in result.output
    everything = CliRunner().invoke(cli, ["sites"])
    assert int(everything.output.strip().splitlines()[-1].split()[0]) > 45
