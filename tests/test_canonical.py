from hypothesis import given, strategies as st

from crawler.canonical import article_id, canonical_url

CASES = [
    ("HTTP://WWW.Example.LV:80/lv/jaunums/domes-sede/?utm_source=fb&fbclid=abc#komentari",
     "http://www.example.lv/lv/jaunums/domes-sede"),
    ("https://example.lv:443/index.php?start=10&id=12&PHPSESSID=0a1b2c", "https://example.lv/index.php?id=12&start=10"),
    ("https://example.lv/jaunumi/12-zinas.html;jsessionid=XYZ?print=1", "https://example.lv/jaunumi/12-zinas.html"),
    ("https://example.lv/jaunumi/12-zinas/print", "https://example.lv/jaunumi/12-zinas"),
    ("https://example.lv/?p=123&format=print", "https://example.lv/?p=123"),
    ("https://example.lv/lv/jaunums/%c5%a1is", "https://example.lv/lv/jaunums/%C5%A1is"),
    ("https://example.lv/", "https://example.lv/"),
    ("https://example.lv//a//b/", "https://example.lv/a/b"),
]


def test_canonical_cases():
    for raw, expected in CASES:
        assert canonical_url(raw) == expected, raw


def test_distinct_pages_stay_distinct():
    urls = ["https://x.lv/?p=1", "https://x.lv/?p=2", "https://x.lv/jaunumi?page=1",
            "https://x.lv/jaunumi?page=2", "https://x.lv/index.php?id=12&start=10",
            "https://x.lv/index.php?id=12&start=20", "https://x.lv/a", "https://x.lv/b"]
    assert len({canonical_url(u) for u in urls}) == len(urls)


def test_host_map_and_dropped_params():
    url = canonical_url("https://example.lv/lv/jaunums/x?view=easy",
                        drop_params=["view"], host_map={"example.lv": "www.example.lv"})
    assert url == "https://www.example.lv/lv/jaunums/x"


def test_article_id_ignores_scheme():
    assert article_id("http://x.lv/a") == article_id("https://x.lv/a")
    assert article_id("https://x.lv/a") != article_id("https://x.lv/b")
    assert len(article_id("https://x.lv/a")) == 16


segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyzāčēģīķļņšūž0123456789-_.%~", min_size=0, max_size=12)
query = st.lists(st.tuples(st.sampled_from(["page", "p", "id", "utm_source", "PHPSESSID", "print", "q", "start"]),
                           st.text(alphabet="abc0123456789", max_size=4)), max_size=4)


@given(st.sampled_from(["http", "https", "HTTP"]), st.sampled_from(["x.lv", "WWW.X.LV", "x.lv:8080"]),
       st.lists(segment, max_size=4), query, st.booleans())
def test_canonical_is_idempotent(scheme, host, segments, params, slash):
    from urllib.parse import urlencode

    url = f"{scheme}://{host}/" + "/".join(segments) + ("/" if slash else "")
    if params:
        url += "?" + urlencode(params)
    once = canonical_url(url)
    assert canonical_url(once) == once
