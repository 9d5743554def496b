"""Settings come from the environment; routing URIs are accepted."""

from __future__ import annotations

import pytest

from app.config import Settings


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
        driver = open_driver(Settings(neo4j_uri="neo4j+s://abcd1234.databases.neo4j.io"))
        await driver.close()
        return driver

    assert isinstance(asyncio.run(make()), AsyncNeo4jDriver)
