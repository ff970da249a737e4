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


# --- running as a service ----------------------------------------------------------------


def test_service_defaults(tmp_path: Path) -> None:
    settings = Settings.from_environ({"HOME": str(tmp_path)}, None)
    assert settings.state_db == tmp_path / ".local/share/careerbot/state.sqlite3"
    assert settings.redis_url is None
    assert settings.admin_ids == frozenset()
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8080)
    assert (settings.concurrent_updates, settings.send_rate_limit, settings.send_retries) == (
        64,
        30,
        5,
    )


def test_state_db_follows_xdg_data_home(tmp_path: Path) -> None:
    settings = Settings.from_environ({"XDG_DATA_HOME": str(tmp_path)}, None)
    assert settings.state_db == tmp_path / "careerbot" / "state.sqlite3"
    explicit = Settings.from_environ({"STATE_DB": str(tmp_path / "x.db")}, None)
    assert explicit.state_db == tmp_path / "x.db"


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        pytest.param("42", {42}, id="one"),
        pytest.param("42, 7,,9", {42, 7, 9}, id="several"),
    ],
)
def test_admin_ids(value: str, ids: set[int]) -> None:
    assert Settings.from_environ({"ADMIN_IDS": value}, None).admin_ids == ids


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        pytest.param("ADMIN_IDS", "42,@boss", "user ids", id="admin-name"),
        pytest.param("WEBHOOK_PORT", "http", "whole number", id="port-word"),
        pytest.param("WEBHOOK_PORT", "70000", "between 1 and 65535", id="port-range"),
        pytest.param("WEBHOOK_PATH", "telegram", "starting with /", id="path"),
        pytest.param("WEBHOOK_URL", "bot.example.com/tg", "https://", id="url-no-scheme"),
        pytest.param("REDIS_URL", "localhost:6379", "redis://", id="redis-no-scheme"),
        pytest.param("CONCURRENT_UPDATES", "0", "between 1", id="no-concurrency"),
        pytest.param("SEND_RATE_LIMIT", "-1", "between 0", id="negative-rate"),
    ],
)
def test_bad_service_settings_name_the_key(key: str, value: str, problem: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ({key: value}, None)
    assert caught.value.key == key
    assert problem in str(caught.value)


def test_a_bad_webhook_secret_is_refused_without_echoing_it() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ({"WEBHOOK_SECRET": "my secret!"}, None)
    assert caught.value.key == "WEBHOOK_SECRET"
    assert "my secret" not in str(caught.value)


WEBHOOK = {"WEBHOOK_URL": "https://bot.example.com/tg/hook", "WEBHOOK_SECRET": "s3cret_-x"}


def test_require_webhook() -> None:
    webhook = Settings.from_environ({**WEBHOOK, "WEBHOOK_PORT": "8443"}, None).require_webhook()
    assert webhook.url == "https://bot.example.com/tg/hook"
    assert webhook.secret == "s3cret_-x"
    assert (webhook.listen, webhook.port, webhook.path) == ("127.0.0.1", 8443, "/tg/hook")
    assert "s3cret" not in repr(webhook)


def test_webhook_path_can_differ_from_the_public_url() -> None:
    settings = Settings.from_environ({**WEBHOOK, "WEBHOOK_PATH": "/hook"}, None)
    assert settings.require_webhook().path == "/hook"
    bare = Settings.from_environ({**WEBHOOK, "WEBHOOK_URL": "https://bot.example.com"}, None)
    assert bare.require_webhook().path == "/"


@pytest.mark.parametrize("missing", ["WEBHOOK_URL", "WEBHOOK_SECRET"])
def test_require_webhook_names_what_is_missing(missing: str) -> None:
    environ = {k: v for k, v in WEBHOOK.items() if k != missing}
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ(environ, None).require_webhook()
    assert caught.value.key == missing
    assert "\n" not in str(caught.value)


def test_secrets_stay_out_of_repr() -> None:
    environ = {**WEBHOOK, "REDIS_URL": "redis://:hunter2@db:6379/0"}
    text = repr(Settings.from_environ(environ, None))
    assert "s3cret" not in text and "hunter2" not in text
