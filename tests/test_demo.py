"""``novadi demo``: the sample sites keep answering while the archive is served."""
import subprocess
import urllib.request

from archive import demo


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def test_sample_sites_serve_while_the_archive_is_up_and_stop_after(tmp_path, monkeypatch):
    seen = {}

    def crawl_world(world, db_path, extra_settings=None):
        seen["urls"] = [world.base_url(site_id) for site_id in world.site_ids]
        return subprocess.CompletedProcess([], 0, stdout="crawled", stderr="")

    def serve(db_path, host, port):
        # The archive's server runs here until Ctrl-C; the original pages must answer meanwhile.
        seen["while_serving"] = [answers(url) for url in seen["urls"]]
        seen["served"] = (db_path, host, port)

    monkeypatch.setattr(demo, "crawl_world", crawl_world)
    monkeypatch.setattr("archive.site.serve.serve", serve)
    lines = []
    demo.run_demo(tmp_path / "demo.db", port=8123, echo=lines.append)

    assert seen["urls"] and all(seen["while_serving"])
    assert seen["served"] == (tmp_path / "demo.db", "127.0.0.1", 8123)
    assert not any(answers(url) for url in seen["urls"])  # stopped with the archive
    text = "\n".join(lines)
    assert all(url in text for url in seen["urls"])  # where the sample sites are
    assert "keep serving" in text and "http://127.0.0.1:8123/" in text
