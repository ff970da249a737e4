from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_KNOWLEDGE_DIR, Settings, SettingsError

TOKEN = "123456:AAEhBP0av28cUG9Kj6ydN-secret_part"


def test_defaults() -> None:
    settings = Settings.from_environ({}, env_file=None)
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.log_level == "INFO"
    assert settings.knowledge_dir == DEFAULT_KNOWLEDGE_DIR
    assert (DEFAULT_KNOWLEDGE_DIR / "intents.yaml").is_file()


def test_environ_then_env_file_then_default(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=1:from-file\nLOG_LEVEL=DEBUG\n", encoding="utf-8")
    settings = Settings.from_environ({"TELEGRAM_BOT_TOKEN": "2:from-environ"}, env_file=env_file)
    assert settings.telegram_bot_token == "2:from-environ"
    assert settings.log_level == "DEBUG"
    assert settings.telegram_api_url == "https://api.telegram.org"


def test_a_missing_env_file_is_fine(tmp_path: Path) -> None:
    settings = Settings.from_environ({}, env_file=tmp_path / "nothing-here")
    assert settings.telegram_bot_token is None


def test_env_file_none_ignores_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=ERROR\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Settings.from_environ({}).log_level == "ERROR"  # .env of the working directory
    assert Settings.from_environ({}, env_file=None).log_level == "INFO"


@pytest.mark.parametrize("value", ["", "   "], ids=["empty", "blank"])
def test_an_empty_value_counts_as_unset(value: str) -> None:
    settings = Settings.from_environ({"TELEGRAM_BOT_TOKEN": value, "LOG_LEVEL": value}, None)
    assert settings.telegram_bot_token is None
    assert settings.log_level == "INFO"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("https://api.telegram.org", "https://api.telegram.org", id="default"),
        pytest.param("http://127.0.0.1:8081/", "http://127.0.0.1:8081", id="trailing-slash"),
        pytest.param("https://tg.example.com/api//", "https://tg.example.com/api", id="with-path"),
    ],
)
def test_api_url(value: str, expected: str) -> None:
    assert Settings.from_environ({"TELEGRAM_API_URL": value}, None).telegram_api_url == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("api.telegram.org", id="no-scheme"),
        pytest.param("ftp://api.telegram.org", id="ftp"),
        pytest.param("https://", id="no-host"),
        pytest.param("https://api.telegram.org?x=1", id="query"),
        pytest.param("https://api.telegram.org/bot", id="ends-in-bot"),
    ],
)
def test_bad_api_url(value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ({"TELEGRAM_API_URL": value}, None)
    assert caught.value.key == "TELEGRAM_API_URL"
    assert str(caught.value).startswith("TELEGRAM_API_URL ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("debug", "DEBUG"), ("Warning", "WARNING"), ("ERROR", "ERROR")],
    ids=["lower", "mixed", "upper"],
)
def test_log_level(value: str, expected: str) -> None:
    assert Settings.from_environ({"LOG_LEVEL": value}, None).log_level == expected


def test_bad_log_level_names_the_key_and_the_choices() -> None:
    with pytest.raises(SettingsError, match=r"^LOG_LEVEL must be one of DEBUG, .*'LOUD'"):
        Settings.from_environ({"LOG_LEVEL": "LOUD"}, None)


def test_knowledge_dir(tmp_path: Path) -> None:
    settings = Settings.from_environ({"KNOWLEDGE_DIR": str(tmp_path)}, None)
    assert settings.knowledge_dir == tmp_path


def test_require_token_returns_it_stripped() -> None:
    settings = Settings.from_environ({"TELEGRAM_BOT_TOKEN": f" {TOKEN} "}, None)
    assert settings.require_token() == TOKEN


def test_require_token_says_how_to_get_one() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ({}, None).require_token()
    message = str(caught.value)
    assert caught.value.key == "TELEGRAM_BOT_TOKEN"
    for hint in ("@BotFather", "/newbot", ".env", "TELEGRAM_BOT_TOKEN=", ".env.example"):
        assert hint in message
    assert "\n" not in message


def test_a_malformed_token_is_refused_without_echoing_it() -> None:
    settings = Settings.from_environ({"TELEGRAM_BOT_TOKEN": "paste my secret here"}, None)
    with pytest.raises(SettingsError) as caught:
        settings.require_token()
    assert "secret" not in str(caught.value)
    assert "@BotFather" in str(caught.value)


def test_the_token_stays_out_of_repr() -> None:
    settings = Settings.from_environ({"TELEGRAM_BOT_TOKEN": TOKEN}, None)
    assert "secret_part" not in repr(settings)
