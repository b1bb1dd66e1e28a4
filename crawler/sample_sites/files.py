"""Small but valid binary files for the links sample pages carry (PDF attachments, images)."""
from __future__ import annotations

import base64
import unicodedata

# A 1x1 grey GIF and PNG: enough for a browser, a crawler and an image check.
GIF = base64.b64decode("R0lGODlhAQABAIAAAMzMzAAAACwAAAAAAQABAAACAkQBADs=")
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)
# The smallest baseline JPEG most decoders accept (1x1, grey).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5"
    "PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
)

# Photos for article bodies: 240x150 landscapes in three colours (made once with Pillow),
# so a screenshot shows whether the right one is there.
PHOTOS = [base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYV"
    "pQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCACW"
    "APADASIAAhEBAxEB/8QAGgABAAIDAQAAAAAAAAAAAAAAAAUGAgMEAf/EADEQAAICAQIDBgUDBQEAAAAAAAABAgMEBREhMUESEyJRYXEGMpHB4U"
    "KS0SRSgaGx8f/EABkBAQEBAQEBAAAAAAAAAAAAAAABAgMEBf/EAB4RAQEBAQACAgMAAAAAAAAAAAABEQIDEgQxISJR/9oADAMBAAIRAxEAPwDc"
    "AD4z7QAAAAAAAAAAAAAAAAAAAAAAAAAAABnVTddv3NU7NufZi3sEYA2zxciuDnZRbCK5uUGkjUDdAAFAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAR"
    "i5SUYpuTeyS5sEx8P4attlk2RTjW9ob/3ef+Pv6Bnrr1munT9EhWlZmbTnsn3fSL9fP/nuS8YqMVGKSilskuSPQR4eur1docGdpOPlpyilVa3v"
    "24rn7rqd4CTqy7FLyce3FudV0dpLr0a80aiza5hq/Ed0Yrvalvv1ceq+/wD6Vkr2+Pv3mgADoAAAAAAAAAAAAAAAAAAACI1HVIqLqxJbyfCU10"
    "9v5NWm6n3UVTkt92l4Zc+z6exr1uInAeRalFSi001umup6ZUAAAtWiRS0qppJNuTe3Xiyqlk+H71Zgup7dqqXJLo+P/dw4+efqlQAR4wAAeSip"
    "RcZJOLWzT5Mo5c8y9Y2Jbdw3hHhuuG/T/ZTCx6fjz8UAAekAAAAAAAAAAAAAADyTUYuUmkkt230A9ITVNS7zejHl4OUpr9XovQ1ajqUsiTrok4"
    "1LhuuDn+PQjzpOf6gADQ79N1B40lVa26W/2/gsEWpRUotNNbprqVA7MDPsxJpSblV1jvy9UZvOiyAwrshbXGyuSlGS3TRmc1Do0/Llh5UbV8vK"
    "a233j1OcBLNmVdqrYXVRsqkpQkt00ZlNxMu/Dsc6J7b/ADJ8VL3Jin4grcf6iiSkkuMHun58+X+w8nXh6n0mgRE/iDHUG66bZS6KWyX13ZFZ2q"
    "ZGYnCTUKt/kj931Cc+Hq/bfreesm1UUyUqoPdtLnL38iLAD188zmZAABoAAAAAAAAAAAAwttrpg52zUY+bZQsshVXKyySjGK3bZAZ+ozy13cE4"
    "VJ8t+Mvf+DDPzp5lmy3jVF+GP3fqchucoAA0AAAAADqwc6zDk9l265c4N7cfMsOPfXk1Kyp7xf1T8mVQ34eXZiW9uHGL+aPSSM3nRaQacfIqya"
    "1OqSfDiuq9zcYUABAAAAAAAAAAAAAAAAAAOfMy68Srtz4yfyx6yZRnkX141Tste0V9W/JFbzMuzLt7c+EV8sekUeZOVdlT7V0t9uSXJGk3JiAA"
    "NAAAAAAAAAAANmPfZjWqyp7SX0a8mWTDy68urtw4SXzR6xZVzOm6yizvKZuMtttyWaLaDjwM6GZXs9o2xXij916HYc1AAQAAAAAAAAAAAAOPPz"
    "oYdey2lbJeGP3foUZZudVhxXb3lNrhFffyRXci+zJtdlr3k/ol5IxssnbZKyyTlKT3bZidJMQABQAAAAAAAAAAAAAAABlXZOqyNlcnGUXumiwY"
    "Go15W1cl2LduK6P2K6ItxkpRbTT3TXQlmi4Aj9N1BZMVVa0rkv3fkkDnZigAIAAAAAAAReo6p3MnTj7Oa4Sk+Kj+SyaNmpagsaLqqadzX7fyV+"
    "TcpOUm229231Em5ScpNtt7tvqDpJiAAKAAAAAAAAAAAAAAAAAAAAAATel6l3m1GRLx8ozf6vR+pCAlmi4AhtP1V9qNOU1ttsrH9/5Jk52YoACA"
    "AQmqal3m9GPLwcpTX6vRehZNGzUdUiourElvJ8JTXT2/khgDpJiAAKAAAAAAAAAAAAAAAAAAAAAAAAAAAEppup91FU5LfdpeGXPs+nsRYFmi3x"
    "alFSi001umup6V7TdQeNJVWtulv9v4LBFqUVKLTTW6a6nKzFQWqZ9lls6K24VwbjLZ8ZPk/wDBGgHSfSAAKAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAB2YGfZiTSk3KrrHfl6oAUf/2Q=="
), base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYV"
    "pQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCACW"
    "APADASIAAhEBAxEB/8QAGwABAAIDAQEAAAAAAAAAAAAAAAUGAQMEAgf/xAAxEAACAgECBAMGBgMBAAAAAAAAAQIDBAUREiExQTJRYQYTcZHB4S"
    "JCgaGi0SQzsVL/xAAaAQEAAwEBAQAAAAAAAAAAAAAAAQIDBQQG/8QAIhEBAQADAAAHAQEBAAAAAAAAAAECAxEEBRIhIjFBE1GB/9oADAMBAAIR"
    "AxEAPwDQADsOQAAAAAAAAAAAAAAAAAAAAAAAAAAAAbKce+/f3FNlnD14It7fIi2SdqZO/TWDdZh5VUHO3GuhBdZSraSNImUv1Syz7AASgAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAADMYynJRhFylJ7JJbtswTvsxgxuunl2xUo1Phgn/wCuu/6fX0Mt+6addzrTXhdmUxjr0v2erqUbc7aybSar/LF+"
    "vn/zr1J2MYwiowioxitkktkkZB8xu357su512NevHXOYwIzUdFxc1OUUqbm9/eRXXz3Xfr16kmCuvZnrvqwvKnLDHOcyj5/mYt2HkSovjtJdH2"
    "kvNehpLf7RYMcnBlfCK99SuLfu4919f09SoH0nhPEf31+r9/XI36v55c/AAHqYgAAAAAAAAAAAAAAAAAAAidQ1OKi6sWW7fKU12+H9mrTtS91F"
    "U5DfAvDLrt6fAjq3pvE2DCalFSi00+aa7mSVQAAC5+zsYx0alqKTk5NtLq+Jr6FMLb7L5Ct050Nripltsl2fNfvv8jneaS3R2flevwdk2f8AEy"
    "AD551AAAYlGM4uM4qUZLZprdNHzov2fkLEwbr21vCLcd1um+377FBO35TL6cr+ezn+Os7jAAHXeAAAAAAAAAAAAAAADDajFyk0kubb7AZIXU9R"
    "95vRjy/B0lJfm9F6GvUNRlfJ10ycaly3XJy+3oR5Fq8x/wBAAQu79O1B40lXa26X/H7E8mpRUotNPmmu5Ujrwc6zFmlJuVXeO/T4Eyq3Hqxg8V"
    "2QtrU65KUZc00eyWYdemZssDNjdHnF/hmtt949/wBTkBXPGZ43HL6qccrjex9CpurvpjbTNThNbpo2FBws7IwbXPHntvtxRa3UviT2P7T1OP8A"
    "k484ySXOtppvv122/c4G/wAt24X4e8dPX4vDKfL2qwAgrPafFUG6qLpT7KW0V892Q2o6xlZ6dcmq6W/9ce/lu+//ADl0K6vLt2d+U5Fs/Fa8Z7"
    "e7p9odTjl3LHompUVvdtLxS9H5ff0IYA7+nVjqwmGLmbM7nl6qAA0UAAAAAAAAAAAAPFttdMOO2ajHzYCyyFVbnZJRjHm2yCz9RnlLggnCry35"
    "y+P9HjPzZ5dmy3jVHwx+r9TkItaTEABCwAAAAA6sLNsxJPZcUH1i3tz8yfx768ipWVPdP5p+TKsb8TKsxLeOHNPxR7NCVW49WcGrHyKsitTqkn"
    "5ruvibSzMAAAAAAAAAAAAAAAAAAAA58vKrxKuOfNvwx7tge8i+vHqdlr2S+bfkiu5eVZl28c+SXhj2SMZOTbkz4rZb7dEuiNJW1pJwAAWAAAAA"
    "AAAAABsx77Me1WVPZr5NeTLFiZVeXVxw5NeKPdMrJspusos46puMum4lVs6tQOTAzYZdez2jbHxR+q9DrLMwAAAAAAAAAAAAAAOTPzYYley2lb"
    "Lwx+r9AM5mbViRXHvKb6RX19Cv5F9mRa7LXu38kvJHmyydtjnZJylLm2zyV61k4AAJAAAAAAAAAAAAAAAAeq7J1WKdcnGUeaaJ/B1CvK2hJcFu"
    "3Ndn8CvGU3GSlFtNc012CLOraDg07UFkxVdrSuX8vud5ZnZwAAQAAAAAABGahqfuZOrH2c14pPmo/cJk62ajqCxouupp3P8Aj9yBbcpOUm23zb"
    "fcNuUnKTbb5tvuYKtJOAACQAAAAAAAAAAAAAAAAAAAAAJrTNR95tRkS/H0jJ/m9H6kKAizq3Ah8DVHxRqymtuis/v+yYLM7OAACAAhdT1H3m9G"
    "PL8HSUl+b0XoEydbNQ1OKi6sWW7fKU12+H9kOAVaScAAEgAAAAAAAAAAAAAAAAAAAAAAAAAAEnp2pe6iqchvgXhl129PgRgCLOrampRUotNPmm"
    "u5kgNO1B40lXa26X/H7E8mpRUotNPmmu5ZnZxB6nnWWWyorbhCDcXs+cn0f6EcAVaT6AAEgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB14OdZiz"
    "Sk3KrvHfp8AAiv/Z"
), base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYV"
    "pQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCACW"
    "APADASIAAhEBAxEB/8QAGgABAAIDAQAAAAAAAAAAAAAAAAUGAgMEAf/EADEQAAICAQIDBgUEAgMAAAAAAAABAgMEBREhMUESEyJRYXEykZLB4U"
    "KB0fAjsVKh8f/EABkBAQADAQEAAAAAAAAAAAAAAAABAgMEBf/EAB0RAQEBAQACAwEAAAAAAAAAAAABAhEEIQMSMSL/2gAMAwEAAhEDEQA/AOkA"
    "HluIAAAAAAAAAAAAAAAAAAAAAAAAAAAAzrptu37qqc9ufZi3sBgDbPGyK4OdlFsYrm5QaSNQLOAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAjFy"
    "koxTbb2SXUEtoOIrLJZNkU41vaG/8Ay8/2+5FvFsZutcjpwNGhWlZl7Tnsn2OkX6+f+vcloxUYqMUkktkl0PQZ29ejnEzOQODN0vHyk5RSqtb3"
    "7cVz911O8DqdZmpyqdk49mLc6ro7SXya80aiya1iK/Fd0YrvKlvv5x6r7/8ApWzSXrz/AJcfTXAAEswAAAAAAAAAAAAAAAAAAARGo6rFRdWJPe"
    "T4Smunt/Jp0zU+5iqclvu0vDLn2fT2AnQeRalFSi001umup6AAAAs+ixS0uppJNuTfrxZWCxaBerMJ1PbeqXLbo+P+9yuvxv49/tKAAzdwAAPJ"
    "RUouMkmmtmn1KUXDLvWPi23cN4x4brr0/wCynl8OTyb7kAAXcoAAAAAAAAAAAAAAHkmoxcpNJJbtvoB6Qeqal3m+Pjy8HKU1+r0Xp/ffVqOpSy"
    "JOuiTjSuG64Of49COAAACR0zUXjSVVrbpb+n8Fgi1KKlFpprdNdSnHbgahZiTSk3Onk478vVAWUGFdkLa42VyUoyW6aMwB0YGVLDyo2r4eU1tv"
    "vHqc4CZbL2LnVZC6uNlUlKElumjMp+Ll3YlnbpltvzT4pkvTr1bj/npknsuMHvv58+Rnc1248jN/fSZBEz17HUG66rZS6KWyXz4kXm6nkZicJN"
    "Qq3+CP3fUTNTr58T89t+tZ6ybFTTJSqg920ucvfyIwAvJxxa1dXtAASqAAAAAAAAAAAAYW210wc7ZqEfNsBZZCquVlklGMVu2yv6hqU8td3BOF"
    "SfLfjL3/AIMNQzp5lmy3jVF+GP3fqcYAAAAAAAAHXg59mHJ7Lt1y5wb24+ZYse+vJpVtT3i/mn5MqR0YeXZiXduHGL+KL5SQFqBpx8mrJrU6pp"
    "8OK6r3RuAAAAAAAAAAAAAAAAAAAAAc+Zl14lPbnxk/hiucmBnkX141Ltte0V82/JFazMuzLu7c+EV8MVyijzJyrsqfaulvtyS4JGgAAAAAAAAA"
    "AAAAA2499mNcrantJfJryZZcPLry6e3DhJfFF84sqpsovtx7O8pm4y223AtwOPT86GZXs9o2xXij916HYAAAAAAAAAAAAAAADj1DOhh17LaVsl"
    "4Y/d+gGWbnVYcV295Ta4RX38kVzIvsybnba95P5JeSMbLJ22Sssk5Sk922YAAAAAAAAAAAAAAAAAAABnXZOqyNlcnGUXumiw4GpV5e1cl2LtuK"
    "6P2K2exbjJSi2mnumugFxBHaZqKyYqq1pXJfV+SRAAAAAAAAAAEXqOqdxJ04+zmuEpPio/kDPU9RWNF1VNO5r6fyV+TcpOUm229231Em5ScpNt"
    "t7tvqeAAAAAAAAAAAAAAAAAAAAAAAAACc0vUu82x8iXj5Rm/1ej9f77wYAuQIXTtWfajTlNbbbKx/f+SaAAAAAQeqal3m+Pjy8HKU1+r0Xp/fc"
    "Nuo6rFRdWJPeT4Smunt/JCAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAldM1PuYqnJb7tLwy59n09iKAFxi1KKlFpprdNdT0r2mai8aSqtbdLf0/"
    "gsEWpRUotNNbprqBA6pqFll06K24VwbjLZ8ZPk/wBiMAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAduBqFmJNKTc6eTjvy9UAB//9k="
)]

TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "css": "text/css",
    "js": "application/javascript",
    "ico": "image/x-icon",
    "svg": "image/svg+xml",
    "woff2": "font/woff2",
}


def ascii_text(text: str) -> str:
    """Base-14 PDF fonts have no Latvian letters; strip the diacritics."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def pdf(title: str, lines: list[str] | tuple = ()) -> bytes:
    """A one-page PDF whose text layer says ``title`` and ``lines`` (ASCII)."""
    rows = [title, *lines]
    stream_lines = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for row in rows:
        safe = ascii_text(row).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream_lines.append(f"({safe}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A ``width`` x ``height`` PNG of one colour with a darker diagonal band, so that a
    missing or stretched image shows in a screenshot."""
    import struct
    import zlib

    dark = bytes(max(0, c - 70) for c in rgb)
    light = bytes(rgb)
    band = max(2, height // 4)
    rows = b"".join(b"\x00" + b"".join(dark if abs(x * height // max(1, width) - y) < band else light
                                          for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def _image_size(name: str) -> tuple[int, int]:
    stem = name.rsplit("/", 1)[-1].lower()
    if "logo" in stem:
        return 48, 48
    if stem.startswith(("hdr", "fons", "header")):
        return 64, 32
    if "eu-" in stem or "interreg" in stem:
        return 90, 40
    return 240, 150


def _colour(name: str) -> tuple[int, int, int]:
    import hashlib

    digest = hashlib.sha1(name.rsplit("/", 1)[-1].encode("utf-8")).digest()
    return tuple(90 + b % 140 for b in digest[:3])


# A real theme for each platform's stylesheet, so that an archived copy without it
# looks visibly different: colours, a header background image named by url(), a
# web font (@font-face) and, for one platform, a second stylesheet by @import.
STYLESHEETS = {
    "tvp-theme.css": """@import url("tvp-print.css") print;
@font-face { font-family: "TVP Sans"; src: url("../fonts/tvp-sans.woff2") format("woff2"); }
body { margin: 0; font-family: "TVP Sans", Georgia, serif; background: #f4f1ea; color: #1d2a3a; }
.tvp-header { background: #12405f url("../hdr-tvp.png") repeat-x; color: #fff; padding: 12px 24px; }
.tvp-header a { color: #ffe28a; }
.site-logo img { width: 48px; height: 48px; vertical-align: middle; }
h1 { color: #8a1c1c; font-size: 30px; border-bottom: 4px solid #c9a400; }
.eu-cookie-compliance-banner { background: #222; color: #eee; padding: 8px 24px; }
""",
    "tvp-print.css": "body { background: #fff; color: #000; }\n",
    "app.css": """body { margin: 0; font-family: Verdana, sans-serif; background: #eef6ee; color: #203020; }
.topbar { background: #2e6b3a; padding: 4px 16px; } .topbar a { color: #fff; margin-right: 8px; }
.site-header { background: url(hdr-region.png) #3f8f4f; padding: 16px; } .site-header a { color: #fff; }
.brand img { width: 48px; height: 48px; vertical-align: middle; }
.page { display: flex; gap: 24px; padding: 16px; } .page__aside { flex: 0 0 220px; }
.card { background: #fff; border: 2px solid #2e6b3a; padding: 8px; margin-bottom: 12px; }
h1 { color: #2e6b3a; text-transform: uppercase; }
figure img { width: 240px; height: 150px; }
""",
    "style.css": """body { margin: 0; font-family: "Trebuchet MS", sans-serif; background: #fbf3f8; color: #331a2a; }
.site-header { background: #7b2d5b url("images/header-bg.png") repeat; color: #fff; padding: 20px; }
.site-header a { color: #fff; }
.archive-notice { background: #ffd; color: #333; padding: 6px; border: 1px dashed #7b2d5b; }
.site-content { display: flex; gap: 20px; padding: 20px; } .content-area { flex: 1; } .widget-area { width: 260px; }
.entry-title { color: #7b2d5b; font-size: 28px; }
.post-thumbnail img { width: 240px; height: 150px; }
""",
    "stils.css": """body { background: #dfe7ef url(../bildes/fons.png); font-family: Tahoma, sans-serif; color: #102030; }
.galva { background: #0b3d6b; color: #fff; } .nosaukums { font-size: 24px; font-weight: bold; color: #fff; }
.virsraksts, h1 { color: #0b3d6b; font-size: 22px; }
td.bilde img { border: 3px solid #0b3d6b; }
""",
}
FONT = b"wOF2 sample font: a browser falls back from it, a crawler keeps it\n"


def stylesheet(name: str) -> bytes:
    return STYLESHEETS.get(name.rsplit("/", 1)[-1], "body{font-family:sans-serif}\n").encode("utf-8")


def content(name: str, title: str = "") -> tuple[bytes, str] | None:
    """Bytes and media type for a file name by its extension, or None if we serve no such type."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        return None
    if ext == "pdf":
        data = pdf(title or name, ["Sample document served by the novadi test sites."])
    elif ext in ("jpg", "jpeg"):
        data = PHOTOS[sum(name.encode("utf-8")) % len(PHOTOS)]
    elif ext == "png":
        data = png(*_image_size(name), _colour(name))
    elif ext in ("gif", "ico"):
        data = GIF
    elif ext == "svg":
        data = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
    elif ext == "css":
        data = stylesheet(name)
    elif ext == "woff2":
        data = FONT
    elif ext == "js":
        data = b"/* site script */\n"
    else:
        data = b"PK\x03\x04 sample office document\n"
    return data, TYPES[ext]


def kind(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
