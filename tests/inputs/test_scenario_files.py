"""One scenario-file lister (hamopt.inputs.loading.scenario_files_in) with one dotfile rule:
`hamopt batch` (a folder or a glob) and `hamopt compare` (a folder) list the same files."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamopt.batch.run import open_input
from hamopt.inputs.loading import is_scenario_file, scenario_files_in
from hamopt.io.errors import InputError
from hamopt.study.compare import scenario_files


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("b.yml", "a.yaml", "c.json", ".hidden.yaml", ".c.json.tmp", "notes.txt",
                 "a.yaml.swp", ".#lock.yaml"):
        (tmp_path / name).write_text("name: x\n")
    (tmp_path / "dir.yaml").mkdir()  # a folder with a scenario's name is not a file
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "d.yaml").write_text("name: x\n")
    return tmp_path


def test_the_one_lister_skips_dotfiles_folders_and_other_suffixes(folder: Path) -> None:
    assert [p.name for p in scenario_files_in(folder)] == ["a.yaml", "b.yml", "c.json"]
    assert not is_scenario_file(folder / ".hidden.yaml")
    assert not is_scenario_file(folder / "dir.yaml")
    assert is_scenario_file(folder / "c.json")


def test_batch_and_compare_list_a_folder_alike(folder: Path) -> None:
    batch = [task.client_id for task in open_input(str(folder)).tasks()]
    compare = [p.name for p in scenario_files([str(folder)])]
    assert batch == ["a", "b", "c"]
    assert compare == ["a.yaml", "b.yml", "c.json"]


def test_a_glob_keeps_the_dotfile_rule(folder: Path) -> None:
    """Even a glob that names dotfiles does not read them (an editor's lock, a temp file)."""
    found = [task.client_id for task in open_input(str(folder / ".*.yaml")).tasks()]
    assert found == []
    deep = [task.client_id for task in open_input(str(folder / "**" / "*.yaml")).tasks()]
    assert deep == ["a", "nested/d"]


def test_an_empty_folder_is_an_error_for_compare(tmp_path: Path) -> None:
    (tmp_path / ".only.yaml").write_text("name: x\n")
    with pytest.raises(InputError, match="no scenario files"):
        scenario_files([str(tmp_path)])
