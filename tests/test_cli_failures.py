"""The command line when something goes wrong: one Chinese line and a hint, never a traceback (unless --debug);
output paths checked before any work; the other files on a command line still checked."""

from __future__ import annotations

import os

import pytest

import app.checking
from app import cli
from tests.conftest import SEED
from tests.test_cli import nianbao


def _fails(path, *args, **kwargs):
    if "broken" in str(path):
        raise ValueError("a reader defect")
    return real_check_path(path, *args, **kwargs)


real_check_path = app.checking.check_path


def test_an_unforeseen_error_in_one_file_is_its_row_and_the_others_are_checked(monkeypatch, tmp_path, capsys):
    broken = tmp_path / "broken.txt"
    broken.write_text("x", encoding="utf-8")
    monkeypatch.setattr(app.checking, "check_path", _fails)
    code = cli.main(["check", str(broken), str(SEED)])
    out = capsys.readouterr()
    assert code == 2
    assert "程序出错（ValueError），该文件未检查" in out.out and "--debug" in out.out
    assert "七户乡" in out.out  # the good file after it is still reported
    assert "Traceback" not in out.out + out.err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_error_itself(monkeypatch, tmp_path, where):
    broken = tmp_path / "broken.txt"
    broken.write_text("x", encoding="utf-8")
    monkeypatch.setattr(app.checking, "check_path", _fails)
    argv = ["--debug", "check", str(broken)] if where == "before" else ["check", str(broken), "--debug"]
    with pytest.raises(ValueError, match="a reader defect"):
        cli.main(argv)


def test_an_unforeseen_error_of_a_command_is_one_line(monkeypatch, capsys):
    def boom(*a, **k):
        raise KeyError("x")

    monkeypatch.setattr(app.checking, "check_path", boom)
    code = cli.main(["import", str(SEED), "-o", os.devnull + ".json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "程序出错（KeyError），命令未完成" in err and "--debug" in err


@pytest.mark.parametrize("command", ["import", "draft", "export"])
def test_an_output_in_a_missing_folder_or_a_folder_is_refused_before_any_work(tmp_path, command):
    ext = ".md" if command == "export" else ".json"
    for output, said in ((tmp_path / "missing" / f"out{ext}", "不存在"), (tmp_path, "是一个文件夹")):
        p = nianbao(command, SEED, "-o", output)
        assert p.returncode == 2, p.stdout + p.stderr
        assert said in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "missing").exists()
    assert [x.name for x in tmp_path.iterdir()] == []  # nothing written anywhere


def test_import_still_writes_into_an_existing_folder(tmp_path):
    out = tmp_path / "r.json"
    p = nianbao("import", SEED, "-o", out)
    assert p.returncode == 0 and out.is_file()


def test_a_custom_provider_without_an_address_is_a_settings_message(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_LLM_PROVIDER", "custom")
    p = nianbao("draft", SEED, "-o", tmp_path / "d.json", cwd=tmp_path)
    assert p.returncode == 2
    assert "模型设置有误" in p.stderr and "NIANBAO_LLM_BASE_URL" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "d.json").exists()


def test_an_output_that_is_a_dangling_link_is_refused_before_any_work(tmp_path):
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "nowhere" / "x.md")
    p = nianbao("export", SEED, "-o", link)
    assert p.returncode == 2 and "指向不存在位置" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("url", ["http://[::1", "ftp://x", "notaurl", "http://"])
def test_a_model_address_that_is_no_web_address_is_a_settings_message(tmp_path, url):
    p = nianbao("draft", SEED, "--provider", "vllm", "--base-url", url, "--model", "m", "-o", tmp_path / "d.json")
    assert p.returncode == 2
    assert "应为 http:// 或 https:// 开头的网址" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "d.json").exists()


def test_the_app_on_a_taken_port_or_a_wrong_port_says_so_in_chinese():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        p = nianbao("app", "--port", port)
        assert p.returncode == 2 and f"端口 {port} 已被占用" in p.stderr and "Traceback" not in p.stderr
    p = nianbao("app", "--port", "99999")
    assert p.returncode == 2 and "端口应为 1 到 65535 之间的整数" in p.stderr
