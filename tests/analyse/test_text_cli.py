"""The CLI contract of analyse-text / train-text / eval-text (on the sub-app itself)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from amends.cli_text import app

runner = CliRunner()
KEYS = {
    "sentiment",
    "sentiment_score",
    "bad_experience",
    "severity",
    "emotions",
    "issues",
    "signals",
}


def rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_csv_in_order_one_object_per_row(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text(
        'id,text\n1,"charged twice, again"\n2,how do I change my address?\n3,\n'
        '4,"line one\nline two is great"\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["analyse-text", str(f)])
    assert res.exit_code == 0, res.output
    out = rows(res.stdout)
    assert len(out) == 4
    assert all(KEYS <= set(r) for r in out)
    assert [r["bad_experience"] for r in out[:3]] == [True, False, False]


def test_lines_mode_and_staff_author(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("I'm so sorry, I'll fix this today\nnot our fault\n", encoding="utf-8")
    res = runner.invoke(app, ["analyse-text", "--lines", "--author", "staff", str(f)])
    assert res.exit_code == 0, res.output
    out = rows(res.stdout)
    assert len(out) == 2
    assert out[0]["tone"]["apology"]["present"]
    assert out[1]["tone"]["blame_shifting"]["present"]


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "in.csv"
    f.write_bytes("\ufefftext\r\nhello\r\nbye\r\n".encode())
    res = runner.invoke(app, ["analyse-text", str(f)])
    assert res.exit_code == 0 and len(rows(res.stdout)) == 2


def test_semicolon_csv_and_a_capitalised_column_are_read(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text('ID;Text\n1;"charged twice; again"\n2;thanks, all sorted\n', encoding="utf-8")
    res = runner.invoke(app, ["analyse-text", str(f)])
    assert res.exit_code == 0, res.output
    out = rows(res.stdout)
    assert [r["bad_experience"] for r in out] == [True, False]


def test_file_not_found(tmp_path):
    res = runner.invoke(app, ["analyse-text", str(tmp_path / "nope.csv")])
    assert res.exit_code == 2
    assert "file not found" in res.output
    assert "Traceback" not in res.output


def test_missing_text_column(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("message,id\nhello,1\n", encoding="utf-8")
    res = runner.invoke(app, ["analyse-text", str(f)])
    assert res.exit_code == 2
    assert "no 'text' column" in res.output and "'message'" in res.output


def test_invalid_utf8_names_the_line(tmp_path):
    f = tmp_path / "in.csv"
    f.write_bytes(b"text\nfine\nalso fine\nbad \xff here\n")
    res = runner.invoke(app, ["analyse-text", str(f)])
    assert res.exit_code == 2
    assert "line 4" in res.output and "UTF-8" in res.output
    assert "--encoding cp1252" in res.output


def test_a_spreadsheets_cp1252_file_reads_with_its_encoding(tmp_path):
    f = tmp_path / "in.csv"
    f.write_bytes("text\ncafé closed and nobody told us\n".encode("cp1252"))
    res = runner.invoke(app, ["analyse-text", str(f), "--encoding", "cp1252"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output.splitlines()[0])["bad_experience"]
    res = runner.invoke(app, ["analyse-text", str(f), "--encoding", "klingon"])
    assert res.exit_code == 2 and "unknown encoding 'klingon'" in res.output


def test_bad_author(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("hi\n", encoding="utf-8")
    res = runner.invoke(app, ["analyse-text", "--lines", "--author", "bot", str(f)])
    assert res.exit_code == 2 and "--author" in res.output


def test_custom_taxonomy_option(tmp_path):
    tax = tmp_path / "t.toml"
    tax.write_text(
        '[categories.parking]\nlabel = "Parking"\nphrases = ["car park * full"]\n', encoding="utf-8"
    )
    f = tmp_path / "in.txt"
    f.write_text("the car park was full again\n", encoding="utf-8")
    res = runner.invoke(app, ["analyse-text", "--lines", "--taxonomy", str(tax), str(f)])
    assert res.exit_code == 0, res.output
    assert "parking" in [i["category"] for i in rows(res.stdout)[0]["issues"]]
    bad = tmp_path / "bad.toml"
    bad.write_text("= =", encoding="utf-8")
    res = runner.invoke(app, ["analyse-text", "--lines", "--taxonomy", str(bad), str(f)])
    assert res.exit_code == 2 and "not valid TOML" in res.output


def test_train_text_rejects_missing_paths(tmp_path):
    res = runner.invoke(app, ["train-text", "--uci", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "not found" in res.output


def test_eval_text_rejects_missing_data(tmp_path):
    res = runner.invoke(app, ["eval-text", "--data", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "not found" in res.output


def test_eval_labelled_measures_your_own_messages(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text(
        "Text,Sentiment,bad_experience\n"
        "charged twice for the same order,negative,yes\n"
        "how do I change my address?,neutral,no\n"
        "\"thanks Sam, brilliant help\",positive,no\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["eval-labelled", str(f), "--misses", "5"])
    assert res.exit_code == 0, res.output
    amends_row = next(line for line in res.stdout.splitlines() if line.startswith("| Amends"))
    # n, sentiment macro-F1 and accuracy, bad_experience recall and precision
    assert amends_row.split(" | ")[1:6] == ["3", "1.000", "1.000", "1.000", "1.000"]
    assert "row " not in res.stdout  # nothing missed


def test_eval_labelled_reads_json_lines_and_lists_misses(tmp_path):
    f = tmp_path / "mine.jsonl"
    rows = [{"text": "my order never arrived", "bad_experience": False}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["eval-labelled", str(f), "--misses", "5"])
    assert res.exit_code == 0, res.output
    assert "row 1: labelled -/False: my order never arrived" in res.stdout


def test_eval_labelled_names_the_bad_row_or_the_missing_columns(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("text,sentiment\nfine,meh\n", encoding="utf-8")
    res = runner.invoke(app, ["eval-labelled", str(f)])
    assert res.exit_code == 2
    assert "row 1: sentiment 'meh'" in res.output
    f.write_text("text,score\nfine,3\n", encoding="utf-8")
    res = runner.invoke(app, ["eval-labelled", str(f)])
    assert res.exit_code == 2
    assert "needs a 'sentiment' or a 'bad_experience' column" in res.output
    f.write_text("text,sentiment\n", encoding="utf-8")
    res = runner.invoke(app, ["eval-labelled", str(f)])
    assert res.exit_code == 2
    assert "no messages to measure" in res.output
