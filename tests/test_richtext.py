"""The structured body's second sanitizing, on the way out to the reader."""
import pytest

from archive.site.richtext import capture_stamp, clean_html, resource_url

BASE = "https://www.jelgava.lv/lv/jaunumi/raksts"


@pytest.mark.parametrize("stored, shown", [
    ("<p>Teksts</p>", "<p>Teksts</p>"),
    ("<h1>A</h1><h5>B</h5>", "<h2>A</h2><h4>B</h4>"),  # the page's h1 is the title
    ('<p onclick="x()" style="color:red" class="c">a</p>', "<p>a</p>"),
    ("<script>alert(1)</script><p>a</p>", "<p>a</p>"),
    ("<style>p{}</style><iframe src=x>b</iframe><p>a</p>", "<p>a</p>"),
    ("<p>a<svg><script>alert(1)</script></svg></p>", "<p>a</p>"),
    ("<div><span>a</span></div>", "a"),  # unknown tags go, their text stays
    ("<p>1 &lt; 2 &amp; <b>3</b></p>", "<p>1 &lt; 2 &amp; <b>3</b></p>"),
    ('<a href="javascript:alert(1)">x</a>', "x"),
    ('<a href="data:text/html,x">x</a>', "x"),
    ('<a href="/lv/cits">x</a>', '<a href="https://www.jelgava.lv/lv/cits" rel="nofollow noopener noreferrer">x</a>'),
    ('<a href="https://a.lv/?q=&quot;x&quot;" target="_blank">x</a>',
     '<a href="https://a.lv/?q=&#34;x&#34;" rel="nofollow noopener noreferrer">x</a>'),
    ("<p>a<p>b", "<p>a</p><p>b</p>"),
    ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
    ("<table><tr><td>1<td>2<tr><td>3</table>",
     '<div class="novadi-table-wrap"><table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table></div>'),
    ("<strong>a</em>b", "<strong>ab</strong>"),  # stray closing tag ignored, open one closed
    ('<img src="javascript:x" alt="a">', ""),
    ("<br/>a<br>", "<br>a<br>"),
    ("", ""),
])
def test_clean_html(stored, shown):
    assert str(clean_html(stored, base=BASE)) == shown


def test_images_come_from_the_archive_never_from_their_host():
    shown = str(clean_html('<img src="/foto/1.jpg?w=2&h=3" alt="Skola" width="9999">', base=BASE,
                           captured="20240501080000", prefix="/arhivs-prefix/"))
    assert shown == ('<img src="/arhivs-prefix/arhivs/resurss?url=https%3A%2F%2Fwww.jelgava.lv%2Ffoto%2F1.jpg'
                     '%3Fw%3D2%26h%3D3&amp;t=20240501080000" alt="Skola" loading="lazy">')


def test_resource_url_and_capture_stamp():
    assert resource_url("https://a.lv/b c.png", None) == "/arhivs/resurss?url=https%3A%2F%2Fa.lv%2Fb%20c.png"
    assert capture_stamp("2024-05-01T11:00:00+03:00") == "20240501080000"
    assert capture_stamp("2024-05-01T08:00:00Z") == "20240501080000"
    assert capture_stamp(None) is None and capture_stamp("vakar") is None
