"""Settings, read from the environment (and nothing else) with pydantic-settings."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_PASSWORD = "alliance-dev-password"  # noqa: S105 - the documented default of the local development database


class Settings(BaseSettings):
    """Every setting has an environment variable of the same name in upper case (NEO4J_URI, ...)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    neo4j_uri: str = Field(
        default="bolt://127.0.0.1:7687",
        description="bolt://, bolt+s://, neo4j:// or neo4j+s:// (routing: clusters and Aura, reads go to readers)",
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_PASSWORD)
    neo4j_database: str = Field(default="neo4j", description="always named, never the server's default")
    neo4j_query_timeout: float = Field(default=10.0, gt=0, description="seconds a read transaction may run")
    neo4j_write_timeout: float = Field(
        default=300.0, gt=0, description="seconds a write transaction may run (seed loads, imports)"
    )
    neo4j_connection_timeout: float = Field(default=3.0, gt=0, description="seconds to open a connection")
    neo4j_max_retry_time: float = Field(
        default=5.0, ge=0, description="seconds the driver retries a write transaction (imports, seed loads)"
    )
    neo4j_read_retry_time: float = Field(
        default=0.5,
        ge=0,
        description="seconds the driver retries an API read: short, so an outage answers 503 within about a second",
    )
    neo4j_liveness_check: float = Field(
        default=30.0,
        ge=0,
        description="seconds a pooled connection may sit idle before it is checked (one round trip) before use; "
        "0 checks on every use. A connection that died in between (Neo4j restarted) fails its read, which "
        "the driver retries on a new one",
    )
    neo4j_allow_dev_password: bool = Field(
        default=False,
        description="accept the published development password for a Neo4j that is not on a loopback address "
        "(docker-compose.yml's private network); otherwise refused",
    )
    api_max_limit: int = Field(default=500, ge=1, description="largest page a client may ask for")
    api_keys_file: Path = Field(
        default=Path(".local/api-keys.json"),
        description="the API keys (names, roles, sha256 of each key; never a key itself): `alliance keys create`",
    )
    api_keys: SecretStr | None = Field(
        default=None,
        description="more keys, from the environment: `name:role:sha256hex` entries separated by commas",
    )
    api_reads_need_key: bool = Field(default=False, description="reads too need a key (any role)")
    api_max_in_flight: int = Field(
        default=32, ge=1, description="requests one API worker serves at once; beyond, they wait (API_QUEUE_WAIT)"
    )
    api_queue_wait: float = Field(
        default=2.0,
        ge=0,
        description="seconds a request beyond API_MAX_IN_FLIGHT waits for a slot (in arrival order) before a"
        " 503 with Retry-After; 0: refused at once",
    )
    api_retry_after: int = Field(
        default=2, ge=1, description="seconds a 503 asks the client to wait (Retry-After), and the outage breaker's"
    )
    api_auth_retry_after: int = Field(
        default=30,
        ge=1,
        description="after Neo4j refused the API's credentials, seconds before the API tries to log in again"
        " (one try per period, so a wrong NEO4J_PASSWORD does not keep Neo4j's authentication rate limit tripped)",
    )
    api_trusted_hosts: str = Field(
        default="*",
        description="comma-separated Host names the API answers (`api.example.org,*.example.org`); `*`: any",
    )

    extract_ucdp_actors: Path | None = Field(
        default=Path("data/ucdp/ucdp-actor-22.1.csv.gz"),
        description="UCDP's actor list, a second gazetteer for `POST /extract` and `alliance extract` (missing: the "
        "graph's actors only; the answer's `gazetteer` says which were used)",
    )

    api_cache_mb: int = Field(
        default=64,
        ge=0,
        description="memory per API worker for answers to repeated reads, keyed by the graph's version "
        "(app/api/cache.py); 0 turns the cache off",
    )

    @model_validator(mode="after")
    def _no_dev_password_off_this_machine(self) -> Self:
        if self.neo4j_password.get_secret_value() == DEV_PASSWORD and not self.neo4j_allow_dev_password:
            host = urlsplit(self.neo4j_uri).hostname or ""
            if not is_loopback(host):
                raise ValueError(
                    f"NEO4J_PASSWORD is the published development password, and NEO4J_URI ({host}) is not a "
                    "loopback address: set the database's real password in NEO4J_PASSWORD"
                )
        return self

    def trusted_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in self.api_trusted_hosts.split(",") if h.strip())


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
