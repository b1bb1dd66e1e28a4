"""The ``articles.body_html`` column as the extraction adds it (to the table and, at the
end, to ``articles_v1``), for site tests on an archive whose schema predates it."""
from archive import views


def set_body_html(db, article_id: str, body_html: str) -> None:
    columns = {c.name for c in db["articles"].columns}
    if "body_html" not in columns:
        db.execute("alter table articles add column body_html text")
    view_columns = {row[1] for row in db.execute("pragma table_info(articles_v1)").fetchall()}
    if "body_html" not in view_columns:
        view = views.VIEWS["articles_v1"].replace(
            "a.gone_at AS gone_at", "a.gone_at AS gone_at, a.body_html AS body_html"
        )
        db.execute("drop view articles_v1")
        db.execute(f"create view articles_v1 as {view}")
    db.execute("update articles set body_html = ? where id = ?", [body_html, article_id])
