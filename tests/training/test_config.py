import pytest

from toolkit.paths import REPO_ROOT
from training.config import ConfigError, load_config


def _write(tmp_path, body: str):
    path = tmp_path / "c.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_configs_load():
    for name in ("train_themes.yaml", "train_stance.yaml"):
        cfg = load_config(REPO_ROOT / "configs" / name)
        assert cfg.task in name


def test_unknown_key_is_rejected_with_file_and_key(tmp_path):
    path = _write(tmp_path, "task: themes\noutput_dir: m\ntraining:\n  learnig_rate: 0.1\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: training.learnig_rate: unknown key"


def test_bad_value_names_the_key(tmp_path):
    path = _write(tmp_path, "task: topics\noutput_dir: m\n")
    with pytest.raises(ConfigError, match=r"c.yaml: task: Input should be 'themes', 'stance' or 'attribution'"):
        load_config(path)


def test_dotted_overrides_are_parsed_as_yaml(tmp_path):
    path = _write(tmp_path, "task: themes\noutput_dir: m\n")
    cfg = load_config(path, ["training.learning_rate=3e-5", "input.context=statement", "data.limit=10"])
    assert cfg.training.learning_rate == pytest.approx(3e-5)
    assert cfg.input.context == "statement"
    assert cfg.data.limit == 10


def test_override_of_unknown_key_is_rejected(tmp_path):
    path = _write(tmp_path, "task: themes\noutput_dir: m\n")
    with pytest.raises(ConfigError, match="training.lr: unknown key"):
        load_config(path, ["training.lr=1"])
    with pytest.raises(ConfigError, match="not KEY=VALUE"):
        load_config(path, ["training.lr"])
