"""Articles over time: the periods counted and the SVG drawn on the server."""
import xml.etree.ElementTree as ET

from archive.site.charts import bar_chart, periods

SVG = "{http://www.w3.org/2000/svg}"


def test_periods_are_years_with_gaps_filled():
    assert periods({"2019-08": 1, "2021-11": 2, "2021-05": 1, "2024-04": 1}) == [
        ("2019", "2019", 1), ("2020", "2020", 0), ("2021", "2021", 3),
        ("2022", "2022", 0), ("2023", "2023", 0), ("2024", "2024", 1),
    ]


def test_periods_within_one_year_are_months():
    assert periods({"2023-03": 2, "2023-05": 1}) == [
        ("2023-03", "marts 2023", 2), ("2023-04", "apr. 2023", 0), ("2023-05", "maijs 2023", 1),
    ]


def test_periods_ignore_what_is_not_a_date():
    assert periods({None: 4, "": 1, "bez datuma": 3}) == []
    assert bar_chart([], "x") == ""


def test_bar_chart_is_accessible_svg_with_one_bar_per_period():
    svg = str(bar_chart(periods({"2019-08": 1, "2021-11": 2}), "Jelgava <un> raksti"))
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(SVG + "title").get("id") == title_id
    assert root.find(SVG + "title").text == "Jelgava <un> raksti"  # escaped in the markup, text here
    assert root.find(SVG + "desc").text == "Kopā 3 raksti, 2019 – 2021; visvairāk: 2021 (2)."
    bars = root.findall(SVG + "rect")
    assert [bar.find(SVG + "title").text for bar in bars] == ["2019: 1 raksts", "2020: 0 raksti", "2021: 2 raksti"]
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[1] == 0 and heights[2] == 2 * heights[0]
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing from another host
