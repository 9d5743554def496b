"""What does an analyst get when the API was started with a wrong Neo4j password, and does the API keep
Neo4j's account locked by logging in again and again?"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app

USER = "analyst-with-a-typo"
RIGHT = "the-right-password-1"
WRONG = "a-wrong-password-42"


@pytest.fixture
def account(db: Driver) -> Iterator[str]:
    """An account of its own, so a lock of it (Neo4j's rate limit) cannot touch the other tests' logins."""
    with db.session(database="system") as s:
        s.run(f"CREATE OR REPLACE USER `{USER}` SET PLAINTEXT PASSWORD $p CHANGE NOT REQUIRED", p=RIGHT).consume()
    yield USER
    with db.session(database="system") as s:
        s.run(f"DROP USER `{USER}` IF EXISTS").consume()


def _refused_once(client: TestClient, within: float) -> None:
    """The start-up warm-up's one login is refused (no request sent meanwhile)."""
    deadline = time.monotonic() + within
    while not client.app.state.outage.refused:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "the start-up warm-up did not report the refused login"
        time.sleep(0.05)


def test_a_wrong_password_answers_503_and_leaves_the_account_usable(
    account: str, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = settings.model_copy(update={"neo4j_user": account, "neo4j_password": SecretStr(WRONG)})
    caplog.set_level(logging.ERROR, logger="app.api")
    with TestClient(create_app(wrong), raise_server_exceptions=False) as client:
        _refused_once(client, within=30)
        answers = [client.get("/relationships?during=2014-08") for _ in range(12)]
        answers += [client.get("/actors/islamic-state"), client.get("/health/ready"), client.get("/health/ready")]
    for response in answers:
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == str(settings.api_auth_retry_after)
        body = response.json()
        assert body["title"] == "Database refused the credentials"
        assert "NEO4J_PASSWORD" in body["detail"]
        assert WRONG not in response.text

    # Neo4j locks an account after 3 failed logins in a row (dbms.security.auth_max_failed_attempts): had the
    # API tried once per request, the right password would now be refused with AuthenticationRateLimit.
    with GraphDatabase.driver(settings.neo4j_uri, auth=(account, RIGHT)) as driver:
        driver.verify_connectivity()

    logged = [r.getMessage() for r in caplog.records if r.name == "app.api" and r.levelno == logging.ERROR]
    assert len(logged) == 1, logged
    assert "NEO4J_PASSWORD" in logged[0] and f"user '{account}'" in logged[0]
    assert WRONG not in logged[0]
