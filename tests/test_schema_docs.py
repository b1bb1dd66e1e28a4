"""docs/schema.md is generated from the code and describes every public column."""
from pathlib import Path

import click
from click.testing import CliRunner

from archive import commands_data, views
from archive.schema_docs import fresh_db, missing_descriptions, render

SCHEMA_MD = Path(__file__).parent.parent / "docs" / "schema.md"


def test_docs_schema_md_is_up_to_date():
    assert SCHEMA_MD.read_text(encoding="utf-8") == render(fresh_db()), (
        "docs/schema.md is out of date: python -m archive.schema_docs > docs/schema.md")


def test_every_public_view_and_column_is_described():
    assert missing_descriptions(fresh_db()) == []


def test_an_undescribed_column_is_caught(monkeypatch):
    monkeypatch.setitem(views.COLUMNS, "sites_v1", {k: v for k, v in views.COLUMNS["sites_v1"].items() if k != "url"})
    assert missing_descriptions(fresh_db()) == ["sites_v1.url: no description"]


def test_every_column_is_documented_with_its_type():
    db = fresh_db()
    text = render(db)
    for view in views.public_views(db):
        assert f"### `{view}`" in text
        for i, (name, kind) in enumerate(views.columns(db, view), 1):
            assert f"| {i} | `{name}` | {kind} | " in text


def test_the_command_prints_the_same():
    group = click.Group(commands=list(commands_data.COMMANDS))
    result = CliRunner().invoke(group, ["schema-docs"])
    assert result.exit_code == 0 and result.output == render(fresh_db())
