"""Settings, read from the environment (and nothing else) with pydantic-settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
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
    neo4j_max_retry_time: float = Field(default=5.0, ge=0, description="seconds the driver retries a transaction")
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


@lru_cache
def get_settings() -> Settings:
    return Settings()
