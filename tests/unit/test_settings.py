"""Settings come from the environment; routing URIs are accepted."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from app.config import DEV_PASSWORD, Settings


@pytest.mark.parametrize(
    "uri", ["bolt://127.0.0.1:7687", "neo4j://db.example.org:7687", "neo4j+s://abcd1234.databases.neo4j.io"]
)
def test_uri_schemes_for_single_servers_clusters_and_aura(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_DATABASE", "alliances")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pass")
    settings = Settings()
    assert settings.neo4j_uri == uri
    assert settings.neo4j_database == "alliances"
    assert settings.neo4j_password.get_secret_value() == "s3cret-pass"
    assert "s3cret-pass" not in repr(settings)


def test_a_routing_driver_is_made_for_neo4j_uris() -> None:
    import asyncio

    from neo4j import AsyncNeo4jDriver

    from app.repository.driver import open_driver

    async def make() -> object:
        aura = Settings(neo4j_uri="neo4j+s://abcd1234.databases.neo4j.io", neo4j_password=SecretStr("s3cret-pass"))
        driver = open_driver(aura)
        await driver.close()
        return driver

    assert isinstance(asyncio.run(make()), AsyncNeo4jDriver)


@pytest.mark.parametrize(
    "uri", ["bolt://db.example.org:7687", "neo4j+s://abcd1234.databases.neo4j.io", "bolt://10.0.0.5"]
)
def test_the_development_password_is_refused_off_this_machine(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setenv("NEO4J_URI", uri)
    with pytest.raises(ValidationError, match="published development password"):
        Settings()
    assert "published development password" not in DEV_PASSWORD
    # said on purpose (docker-compose.yml's private network), it is accepted
    monkeypatch.setenv("NEO4J_ALLOW_DEV_PASSWORD", "true")
    assert Settings().neo4j_uri == uri


@pytest.mark.parametrize(
    "uri", ["bolt://127.0.0.1:7687", "bolt://localhost:7687", "neo4j://[::1]:7687", "bolt://127.0.0.2"]
)
def test_the_development_password_is_accepted_on_loopback(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setenv("NEO4J_URI", uri)
    assert Settings().neo4j_password.get_secret_value() == DEV_PASSWORD
