"""The HTML page for extraction records: content, escaping, the script's input
errors, and how a real browser parses the page."""
import json
import shutil
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from agreements.app.html_report import render_page
from conftest import ROOT, load_script

TEXT = "Chile & Peru signed a <mining> pact. Ana Ruiz signed for Chile."


def span(surface, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "label": label, "text": surface}


CHILE, PERU, MINING, ANA = span("Chile", "COUNTRY"), span("Peru", "COUNTRY"), span("mining", "SECTOR"), span("Ana Ruiz", "PERSON")
RECORDS = [
    {
        "id": "chile-peru", "url": "https://example.org/a?x=1&y=2", "text": TEXT,
        "spans": [CHILE, PERU, MINING, ANA, span("Chile", "COUNTRY", nth=1)],
        "relations": [
            {"head_span": CHILE, "child_span": MINING, "label": "IN_SECTOR", "score": 0.5},
            {"head_span": ANA, "child_span": CHILE, "label": "REPRESENTS", "score": 0.777},
            {"head_span": CHILE, "child_span": PERU, "label": "AGREEMENT", "score": 0.9},
            {"head_span": PERU, "child_span": MINING, "label": "IN_SECTOR", "score": 0.8},
        ],
        "agreements": [{"parties": [
            {"name": "Chile", "label": "COUNTRY", "iso": "CHL", "representatives": ["Ana Ruiz"]},
            {"name": "Peru", "label": "COUNTRY", "iso": "PER", "representatives": []},
        ], "sectors": ["mining"], "score": 0.9}],
        "meta": {"id": "chile-peru"},
    },
    {"id": "broken <one>", "text": "", "spans": [], "relations": [], "agreements": [], "error": "empty text & nothing else"},
]


@pytest.fixture(scope="module")
def page():
    return render_page(RECORDS, title="Test <report>")


def test_page_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "src=" not in page and "<link" not in page


def test_entities_are_displacy_marks(page):
    assert page.count('<mark class="entity"') == 5
    for label in ("COUNTRY", "SECTOR", "PERSON"):
        assert f">{label}</span>" in page


def test_text_and_fields_are_escaped(page):
    assert "Chile" in page and " &amp; " in page and "&lt;" in page
    assert "<mining>" not in page and "<report>" not in page and "<one>" not in page
    assert "Test &lt;report&gt;" in page
    assert "x=1&amp;y=2" in page  # extra input fields are shown, escaped


def test_relation_rows_sorted_by_label_then_score(page):
    rows = [
        "<tr><td>Chile</td><td>AGREEMENT</td><td>Peru</td><td class='score'>0.90</td></tr>",
        "<tr><td>Peru</td><td>IN_SECTOR</td><td>mining</td><td class='score'>0.80</td></tr>",
        "<tr><td>Chile</td><td>IN_SECTOR</td><td>mining</td><td class='score'>0.50</td></tr>",
        "<tr><td>Ana Ruiz</td><td>REPRESENTS</td><td>Chile</td><td class='score'>0.78</td></tr>",
    ]
    positions = [page.index(row) for row in rows]
    assert positions == sorted(positions)


def test_agreements_show_iso_codes_and_representatives(page):
    assert "Chile <code>CHL</code> (Ana Ruiz)" in page
    assert "Peru <code>PER</code>" in page
    assert "<td>mining</td><td class='score'>0.90</td>" in page


def test_error_record_shows_error_box(page):
    assert "<div class='error'><strong>Error:</strong> empty text &amp; nothing else</div>" in page
    assert "broken &lt;one&gt;" in page
    # An error record gets no (empty) relation or agreement tables.
    assert page.count("<h3>Relations</h3>") == 1


def test_summary_counts(page):
    assert "2 (1 with an error)" in page
    assert "COUNTRY <b>3</b> · PERSON <b>1</b> · ORG <b>0</b> · SECTOR <b>1</b>" in page
    assert "AGREEMENT <b>1</b> · IN_SECTOR <b>2</b> · REPRESENTS <b>1</b>" in page


@pytest.fixture(scope="module")
def cli():
    render_html = load_script("render_html")

    app = typer.Typer()
    app.command()(render_html.main)
    return app


@pytest.mark.parametrize(
    "content,expected",
    [
        ('{"id": "a", "text": "Chile"}\n{"id": "b", "text": "Peru"\n', ":2: not valid JSON"),
        ('\n["not", "a", "record"]\n', ":2: expected a JSON object, got list"),
        ('{"id": "a", "spans": []}\n', ":1: record has no 'text' string"),
    ],
)
def test_script_names_file_and_line_of_bad_input(tmp_path, cli, content, expected):
    source, output = tmp_path / "records.jsonl", tmp_path / "out" / "page.html"
    source.write_text(content, encoding="utf8")
    result = CliRunner().invoke(cli, [str(source), "--output", str(output)])
    assert result.exit_code == 1
    assert f"{source}{expected}" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert not output.exists()


def test_script_reports_missing_file(tmp_path, cli):
    result = CliRunner().invoke(cli, [str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "page.html")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.jsonl'}: no such file" in result.stderr


def test_script_writes_page_with_limit(tmp_path):
    source, output = tmp_path / "records.jsonl", tmp_path / "page.html"
    # The bad last line is never read: --limit stops before it.
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS) + "not json\n", encoding="utf8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_html.py"), str(source), "--output", str(output), "--limit", "1"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    page = output.read_text(encoding="utf8")
    assert "chile-peru" in page and "broken" not in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "records.jsonl"]  # no temp file left


def test_page_parses_in_headless_browser(tmp_path, page):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); needed only for this browser check")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf8")
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    # The browser's own serialisation: the marks and tables survived HTML parsing.
    assert dom.count('<mark class="entity"') == 5
    assert ">COUNTRY</span>" in dom and ">PERSON</span>" in dom
    assert '<table class="relations">' in dom and "<td>REPRESENTS</td>" in dom
    assert '<div class="error">' in dom
