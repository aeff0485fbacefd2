"""The command line, the exported page and the presentation in Chinese: `--lang zh`."""

from __future__ import annotations

import argparse
import io
import json
import re
import socket
import subprocess
import sys

import pytest

from nnlesson import language, present
from nnlesson.cli import _parser, main
from nnlesson.errors import ParameterError
from nnlesson.example.params import CLASSIC, DEFAULT
from nnlesson.export import run_html, standalone_page
from nnlesson.language import set_language

CJK = re.compile(r"[\u3400-\u9fff]")
#: A number as the sheets write it (0.593269992, -1.8, 3.54255e-15), not a digit of a name
#: such as w5 or net_h1.
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("sheet", ["markdown", "latex", "text"])
def test_a_chinese_sheet_has_every_number_of_the_english_one(capsys, sheet):
    _, english, _ = run(capsys, "trace", "--format", sheet)
    code, chinese, _ = run(capsys, "trace", "--format", sheet, "--lang", "zh")
    assert code == 0 and CJK.search(chinese) and not CJK.search(english)
    assert NUMBER.findall(chinese) == NUMBER.findall(english)
    assert len(NUMBER.findall(english)) > 100


def test_the_markdown_sheet_in_chinese(capsys):
    _, out, _ = run(capsys, "trace", "--lang=zh", "--format", "markdown")
    assert out.startswith("# 2-2-2 网络的反向传播示例")
    assert "## 前向传播" in out and "**第 1 步**" in out and "Step" not in out
    assert "$$net_{h1} = " in out and "= 0.3775$$" in out


def test_training_in_chinese_has_the_same_numbers(capsys):
    _, english, _ = run(capsys, "train", "--steps", "100")
    _, chinese, _ = run(capsys, "train", "--steps", "100", "--lang", "zh")
    assert "训练 2-2-2 网络" in chinese and "目标值" in chinese
    assert NUMBER.findall(chinese) == NUMBER.findall(english)


@pytest.mark.parametrize("argv", [("trace",), ("train", "--steps", "20")])
def test_json_is_the_same_in_every_language(capsys, argv):
    _, english, _ = run(capsys, *argv, "--format", "json")
    _, chinese, _ = run(capsys, *argv, "--format", "json", "--lang", "zh")
    assert chinese == english and json.loads(chinese)


def test_the_language_before_the_command_and_from_the_environment(capsys, monkeypatch):
    _, before, _ = run(capsys, "--lang", "zh", "trace")
    _, after, _ = run(capsys, "trace", "--lang", "zh")
    assert before == after and before.startswith("2-2-2 网络的反向传播示例")
    monkeypatch.setenv("NNLESSON_LANG", "zh_CN.UTF-8")
    language._chosen.clear()
    _, chosen, _ = run(capsys, "trace")
    assert chosen == before
    _, english, _ = run(capsys, "trace", "--lang", "en")
    assert english.startswith("The 2-2-2 backpropagation example")


def test_main_leaves_the_language_as_it_found_it(capsys):
    set_language("en")
    run(capsys, "trace", "--lang", "zh")
    assert language.current_language() == "en"


def test_help_of_every_command_is_chinese_and_offers_the_languages(capsys):
    for argv in ([], ["trace"], ["train"], ["sheet"], ["grade"]):
        with pytest.raises(SystemExit) as done:
            main([*argv, "--help", "--lang", "zh"])
        out = capsys.readouterr().out
        assert done.value.code == 0
        assert out.startswith("用法：python -m nnlesson") and "选项：" in out, argv
        assert "--lang {en,zh}" in out and "显示这条帮助信息并退出" in out
        assert "show this help" not in out and "usage:" not in out


def test_a_chinese_refusal_still_names_the_value_and_what_is_allowed(capsys, tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"w5": "abc"}')
    code, out, err = run(capsys, "trace", "--params", str(path), "--lang", "zh")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("nnlesson：错误：w5 = 'abc'：") and "允许的值" in err
    assert "-1000" in err and "1000" in err
    code, _, err = run(capsys, "trace", "--params", str(tmp_path / "none.json"), "--lang", "zh")
    assert code == 2 and "无法读取文件" in err and "none.json" in err


def test_argparse_refuses_in_chinese(capsys):
    with pytest.raises(SystemExit) as done:
        main(["trace", "--lang", "zh", "--format", "pdf"])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert "错误：参数 --format：无效的选择：'pdf'" in err and "'markdown'" in err
    # The English refusal is argparse's own, untouched.
    with pytest.raises(SystemExit):
        main(["trace", "--format", "pdf"])
    assert "error: argument --format: invalid choice: 'pdf'" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["trace", "--lang", "fr"], ["--lang=klingon", "trace"],
                                  ["sheet", "--lang", "ZH"]])
def test_an_unknown_language_is_refused_in_one_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    value = argv[[k for k, a in enumerate(argv) if a.startswith("--lang")][0]]
    value = value.partition("=")[2] or argv[argv.index("--lang") + 1]
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"--lang = {value!r}: not a known language" in err and "en, zh" in err
    set_language("zh")
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"--lang = {value!r}：不是支持的语言" in err and "en、zh" in err


def test_the_entry_point_in_chinese():
    done = subprocess.run([sys.executable, "-m", "nnlesson", "trace", "--lang", "zh",
                           "--format", "markdown"], capture_output=True, text=True, check=True,
                          encoding="utf-8")
    assert done.stdout.startswith("# 2-2-2 网络的反向传播示例")
    refused = subprocess.run([sys.executable, "-m", "nnlesson", "trace", "--lang", "de"],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "Traceback" not in refused.stderr and "'de'" in refused.stderr


def test_the_sheets_say_what_they_wrote_in_chinese(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\ns01,Ada Lovelace\n", encoding="utf-8")
    made = subprocess.run([sys.executable, "-m", "nnlesson", "sheet", "--students", str(roster),
                           "--out", str(tmp_path / "out"), "--seed", "7", "--format", "md,html",
                           "--lang", "zh"], capture_output=True, text=True, check=True,
                          encoding="utf-8")
    assert "写入 1 份题单（md、html）" in made.stdout and "随机种子 7" in made.stdout
    assert CJK.search((tmp_path / "out" / "s01.md").read_text(encoding="utf-8"))


# ---- the exported page ------------------------------------------------------------------

def frames(page: str) -> dict:
    data = re.search(r'<script type="application/json">(.*?)</script>', page, re.S)[1]
    return json.loads(data.replace("<\\/", "</"))


def test_the_page_in_chinese_has_the_same_steps(tmp_path, capsys):
    parser = _parser()
    out = tmp_path / "page.html"
    assert run_html(parser.parse_args(["html", "--out", str(out), "--lang", "zh"])) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<title>经典的 2-2-2 示例：逐步演算</title>" in page
    assert "This page needs JavaScript" not in page and "需要启用 JavaScript" in page
    assert language.current_language() == "en"   # run_html leaves the language as it was
    english = standalone_page(CLASSIC, DEFAULT)
    steps = [frames(text)["card"]["steps"] for text in (english, page)]
    assert [s[1] for s in steps[0]] == [s[1] for s in steps[1]]   # the same steps, by name
    with pytest.raises(SystemExit):
        parser.parse_args(["html", "--help", "--lang", "zh"])
    assert "--lang {en,zh}" in capsys.readouterr().out


def test_the_page_refuses_in_chinese(tmp_path, capsys, chinese):
    args = argparse.Namespace(out=str(tmp_path / "no" / "page.html"), params=None,
                              **{name: getattr(DEFAULT, name)
                                 for name in ("hidden_activation", "output_activation", "loss",
                                              "bias", "order")})
    assert run_html(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("nnlesson：错误：--out ") and "无法写入文件" in err


# ---- the presentation -------------------------------------------------------------------

def test_the_chinese_page_is_served_with_lang_zh():
    assert present.NOTEBOOKS["zh"] == present.NOTEBOOK.parent / "zh" / "presentation.ipynb"
    assert present.notebook_for("en") == present.NOTEBOOK
    expected = present.NOTEBOOKS["zh"] if present.NOTEBOOKS["zh"].is_file() \
        else present.NOTEBOOK
    assert present.notebook_for("zh") == expected


def test_without_the_chinese_page_the_english_one_is_served(monkeypatch, tmp_path):
    monkeypatch.setitem(present.NOTEBOOKS, "zh", tmp_path / "zh" / "presentation.ipynb")
    assert present.notebook_for("zh") == present.NOTEBOOK


class FakeVoila:
    """Listens on the port it was given, as Voila would, and remembers how it was started."""

    started: list = []

    def __init__(self, command, env=None):
        self.command, self.env = command, env
        port = int(next(a for a in command if a.startswith("--port="))[7:])
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen()
        FakeVoila.started.append(self)

    def poll(self):
        return None

    def wait(self, timeout=None):
        self.listener.close()
        return 0

    def terminate(self):
        pass


def test_present_in_chinese_serves_the_chinese_page_and_says_so_in_chinese(monkeypatch,
                                                                           tmp_path):
    page = tmp_path / "zh" / "presentation.ipynb"
    page.parent.mkdir()
    page.write_text("{}")
    monkeypatch.setitem(present.NOTEBOOKS, "zh", page)
    FakeVoila.started.clear()
    out = io.StringIO()
    assert present.main(["--lang", "zh"], popen=FakeVoila, out=out) == 0
    (voila,) = FakeVoila.started
    assert voila.command[-1] == str(page) and voila.env["NNLESSON_LANG"] == "zh"
    text = out.getvalue()
    assert text.startswith("仪表盘的网址：http://127.0.0.1:") and "投影模式（字体更大）" in text
    assert "按 Ctrl-C 停止。" in text and "Press" not in text
    FakeVoila.started.clear()
    english = io.StringIO()
    assert present.main(["--lang", "en"], popen=FakeVoila, out=english) == 0
    assert FakeVoila.started[0].command[-1] == str(present.NOTEBOOK)
    assert FakeVoila.started[0].env["NNLESSON_LANG"] == "en"
    assert english.getvalue().startswith("The dashboard is served at")


def test_present_refuses_in_chinese(capsys):
    with pytest.raises(SystemExit) as done:
        present.main(["--lang", "zh", "--port", "80"], popen=FakeVoila)
    err = capsys.readouterr().err
    assert done.value.code == 2 and "port = 80：超出范围" in err and "1024 到 65535" in err
    assert present.main(["--lang", "it"], popen=FakeVoila) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'it'" in err and "en, zh" in err
    with pytest.raises(SystemExit):
        present.main(["--help", "--lang", "zh"], popen=FakeVoila)
    out = capsys.readouterr().out
    assert "--lang {en,zh}" in out and "仪表盘" in out


def test_a_bad_projector_value_in_chinese_names_it_and_what_is_allowed(chinese):
    with pytest.raises(ParameterError) as caught:
        present.projector_from_query("projector=big")
    said = str(caught.value)
    assert said.startswith("projector = 'big'：不是开/关值") and "projector=1" in said
    assert "projector=0" in said and "允许的值" in said

