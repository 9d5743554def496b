"""docker-compose.yml, the Dockerfile and the app agree with each other (no Docker engine, no Neo4j needed).

The compose file is read with PyYAML and its `${VAR:-default}` references are resolved the way compose does
(with no variable set, so the defaults apply, unless a test says otherwise); the Dockerfile is read instruction
by instruction. If the `docker compose` plugin is installed, it also checks the file (it needs no engine).
"""

from __future__ import annotations

import fnmatch
import importlib
import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
import yaml
from fastapi.testclient import TestClient

from app.config import DEV_PASSWORD, Settings
from tools.neo4j_local import DEFAULT_BROWSER_STYLE_URL, privacy_settings

REPO = Path(__file__).resolve().parent.parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

# $$ (a literal $), ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME:+other}, ..., $NAME
_REFERENCE = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)
# Variables the neo4j image reads itself; every other NEO4J_* variable becomes a neo4j.conf setting.
_NEO4J_IMAGE_CONTROL_VARIABLES = {
    "NEO4J_ACCEPT_LICENSE_AGREEMENT",
    "NEO4J_AUTH",
    "NEO4J_AUTH_PATH",
    "NEO4J_DEBUG",
    "NEO4J_EDITION",
    "NEO4J_HOME",
    "NEO4J_PLUGINS",
}


# ---------------------------------------------------------------------------------------------- compose helpers


def interpolate(value: str, env: Mapping[str, str]) -> str:
    """Resolve compose's variable references in `value` against `env` (not the process's environment)."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("braced") or match.group("bare")
        op, arg = match.group("op"), match.group("arg") or ""
        current = env.get(name)
        is_set = current is not None
        is_set_and_not_empty = bool(current)
        if op in (":-", "-"):
            use_default = not is_set_and_not_empty if op == ":-" else not is_set
            return arg if use_default else str(current)
        if op in (":?", "?"):
            missing = not is_set_and_not_empty if op == ":?" else not is_set
            if missing:
                raise ValueError(f"compose would stop: ${{{name}}} is required ({arg})")
            return str(current)
        if op in (":+", "+"):
            present = is_set_and_not_empty if op == ":+" else is_set
            return arg if present else ""
        return current or ""

    return _REFERENCE.sub(replace, value)


def defaults_of(value: str, name: str) -> list[str]:
    """The defaults given to `name` in `value`: `${NAME:-default}` or `${NAME-default}`."""
    return [
        m.group("arg") or ""
        for m in _REFERENCE.finditer(value)
        if m.group("braced") == name and m.group("op") in (":-", "-")
    ]


def raw_environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's `environment:` as written (map or list form), references not resolved."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = [str(item).partition("=") for item in env]
        return {name: value for name, _, value in pairs}
    assert isinstance(env, dict), f"environment must be a map or a list, not {env!r}"
    return {str(name): "" if value is None else str(value) for name, value in env.items()}


def environment(service: Mapping[str, Any], host_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """A service's environment as the container gets it, with `host_env` as compose's environment (default: none)."""
    return {name: interpolate(value, host_env or {}) for name, value in raw_environment(service).items()}


class Published(NamedTuple):
    host_ip: str  # "" means every interface
    host_port: str
    container_port: int


def published_ports(service: Mapping[str, Any]) -> list[Published]:
    """`ports:` in the short ("[host_ip:][host_port:]container_port[/proto]") or the long (map) syntax."""
    published: list[Published] = []
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            target = int(str(entry["target"]))
            published.append(Published(str(entry.get("host_ip", "")), str(entry.get("published", "")), target))
            continue
        spec = interpolate(str(entry), {}).split("/", 1)[0]
        parts = spec.rsplit(":", 2)
        if len(parts) == 3:
            host_ip, host_port, container = parts
        elif len(parts) == 2:
            host_ip, (host_port, container) = "", parts
        else:
            host_ip, host_port, container = "", "", parts[0]
        published.append(Published(host_ip.strip("[]"), host_port, int(container)))
    return published


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    parsed = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(parsed, dict), "docker-compose.yml is not a YAML map"
    return parsed


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    services = compose.get("services")
    assert isinstance(services, dict), "docker-compose.yml has no services: map"
    assert {"neo4j", "api"} <= services.keys(), f"services are {sorted(services)}, expected neo4j and api"
    return services


@pytest.fixture(scope="module")
def neo4j(services: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return services["neo4j"]


@pytest.fixture(scope="module")
def api(services: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return services["api"]


# -------------------------------------------------------------------------------------------- Dockerfile helpers


class Instruction(NamedTuple):
    keyword: str
    arguments: str


def dockerfile_instructions(text: str) -> list[Instruction]:
    """Instructions in order, line continuations joined and comment lines dropped (as docker does)."""
    instructions: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and not pending):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip()))
        pending = ""
    if pending.strip():
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip()))
    return instructions


def copy_sources_and_destination(arguments: str) -> tuple[list[str], str]:
    """COPY's sources (normalised: no "./", no trailing "/") and its destination."""
    parts = json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)
    paths = [p for p in parts if not p.startswith("--")]
    assert len(paths) >= 2, f"COPY {arguments!r} has no source or no destination"
    return [posixpath.normpath(p) for p in paths[:-1]], paths[-1]


def shell_commands(script: str) -> list[tuple[str, list[str]]]:
    """Split a shell script into simple commands, each with the operator before it ("" for the first)."""
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands: list[tuple[str, list[str]]] = []
    operator = ""
    words: list[str] = []
    for token in lexer:
        if token in {"&&", "||", ";", "|", "&"}:
            commands.append((operator, words))
            operator, words = token, []
        else:
            words.append(token)
    commands.append((operator, words))
    return commands


@pytest.fixture(scope="module")
def dockerfile() -> list[Instruction]:
    assert DOCKERFILE.is_file(), "no Dockerfile next to docker-compose.yml"
    return dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workdir(dockerfile: list[Instruction]) -> str:
    workdirs = [i.arguments for i in dockerfile if i.keyword == "WORKDIR"]
    assert workdirs, "the Dockerfile sets no WORKDIR"
    return workdirs[-1]


@pytest.fixture(scope="module")
def container_script(dockerfile: list[Instruction]) -> str:
    """The shell script the container runs (its CMD, with no ENTRYPOINT in front of it)."""
    assert not [i for i in dockerfile if i.keyword == "ENTRYPOINT"], "an ENTRYPOINT would change what CMD means"
    cmds = [i.arguments for i in dockerfile if i.keyword == "CMD"]
    assert cmds, "the Dockerfile has no CMD"
    cmd = cmds[-1]
    if not cmd.startswith("["):
        return cmd  # shell form: docker runs /bin/sh -c "<cmd>"
    argv = json.loads(cmd)
    if len(argv) == 3 and posixpath.basename(argv[0]) in {"sh", "bash"} and argv[1] == "-c":
        return str(argv[2])
    return shlex.join(argv)


def uvicorn_options(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """uvicorn's positional arguments and its `--option value` / `--option=value` options."""
    positional: list[str] = []
    options: dict[str, str] = {}
    rest = iter(words)
    for word in rest:
        if word.startswith("--"):
            name, has_value, value = word.partition("=")
            options[name] = value if has_value else next(rest, "")
        else:
            positional.append(word)
    return positional, options


def uvicorn_port(script: str) -> int:
    """The port the `uvicorn` command in `script` listens on (uvicorn's default is 8000)."""
    for _, words in shell_commands(script):
        argv = words[1:] if words[:1] == ["exec"] else words
        if argv[:1] == ["uvicorn"]:
            return int(uvicorn_options(argv[1:])[1].get("--port", "8000"))
    raise AssertionError(f"no uvicorn in {script!r}")


# ------------------------------------------------------------------------------------------------ neo4j service


def test_neo4j_is_the_526_community_image(neo4j: dict[str, Any]) -> None:
    image = str(neo4j.get("image", ""))
    assert image.startswith("neo4j:5.26"), f"neo4j image is {image!r}, expected neo4j:5.26..."
    assert image.endswith("-community"), f"neo4j image is {image!r}, expected the -community edition"


def test_neo4j_has_a_healthcheck_that_can_pass(neo4j: dict[str, Any]) -> None:
    healthcheck = neo4j.get("healthcheck")
    assert isinstance(healthcheck, dict), "the neo4j service has no healthcheck (the api waits for it to be healthy)"
    assert not healthcheck.get("disable", False)
    test = healthcheck.get("test")
    assert isinstance(test, list), f"healthcheck test should be a list, not {test!r}"
    assert test, "empty healthcheck test"
    assert test[0] in {"CMD", "CMD-SHELL"}, f"healthcheck test starts with {test[0]!r}"
    for key in ("interval", "timeout", "retries", "start_period"):
        assert key in healthcheck, f"neo4j healthcheck has no {key}"
    # `$$NAME` reaches the container's shell as `$NAME`: it must be a variable the container has.
    command = " ".join(str(part) for part in test[1:])
    container_variables = raw_environment(neo4j).keys()
    for name in re.findall(r"\$\$\{?([A-Za-z_][A-Za-z0-9_]*)", command):
        assert name in container_variables, f"the healthcheck reads ${name}, which the neo4j service does not set"


def test_neo4j_auth_is_built_from_neo4j_user_and_neo4j_password(neo4j: dict[str, Any]) -> None:
    raw_auth = raw_environment(neo4j).get("NEO4J_AUTH")
    assert raw_auth is not None, "the neo4j service sets no NEO4J_AUTH"
    chosen = environment(neo4j, {"NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "chosen-password-123"})
    assert chosen["NEO4J_AUTH"] == "neo4j/chosen-password-123", f"NEO4J_AUTH is {raw_auth!r}"
    assert environment(neo4j)["NEO4J_AUTH"] == f"neo4j/{DEV_PASSWORD}", "with nothing set, the dev password applies"


def test_neo4j_environment_holds_only_settings_the_image_accepts(neo4j: dict[str, Any]) -> None:
    """The image writes every other NEO4J_* variable into neo4j.conf, and Neo4j 5 refuses unknown settings."""
    for name in raw_environment(neo4j):
        if not name.startswith("NEO4J_") or name in _NEO4J_IMAGE_CONTROL_VARIABLES:
            continue
        setting = name.removeprefix("NEO4J_").replace("_", ".").replace("..", "_")
        assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", setting), (
            f"{name} would become the neo4j.conf setting {setting!r}, which is not one; Neo4j would not start"
        )


def neo4j_settings(service: Mapping[str, Any], host_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The neo4j.conf settings the image writes from the service's NEO4J_* variables."""
    return {
        name.removeprefix("NEO4J_").replace("_", ".").replace("..", "_"): value
        for name, value in environment(service, host_env).items()
        if name.startswith("NEO4J_") and name not in _NEO4J_IMAGE_CONTROL_VARIABLES
    }


@pytest.mark.parametrize(
    "host_env", [{}, {"LOCAL_NEO4J_HTTP_PORT": "17474", "LOCAL_NEO4J_BOLT_PORT": "17687", "API_PORT": "18000"}]
)
def test_neo4j_is_kept_to_this_machine_as_the_launcher_keeps_it(
    neo4j: dict[str, Any], host_env: dict[str, str]
) -> None:
    """CORS to Browser's own origin, no telemetry, nothing from other hosts, the style on connect: the
    same settings as tools/neo4j_local.py writes, for the ports compose publishes."""
    http_port = int(host_env.get("LOCAL_NEO4J_HTTP_PORT", "7474"))
    published = [
        interpolate(str(entry), host_env).split(":")
        for entry in neo4j.get("ports") or []
        if str(entry).endswith(":7474")
    ]
    assert published == [["127.0.0.1", str(http_port), "7474"]], f"Browser's port is published as {published}"
    api_port = host_env.get("API_PORT", "8000")
    style = DEFAULT_BROWSER_STYLE_URL.replace(":8000/", f":{api_port}/")
    expected = privacy_settings(http_port, style)
    settings = neo4j_settings(neo4j, host_env)
    for name, value in expected.items():
        assert settings.get(name) == value, f"{name} is {settings.get(name)!r} in compose, {value!r} in the launcher"
    assert settings["client.allow_telemetry"] == "false"
    assert settings["dbms.security.http_access_control_allow_origin"] == f"http://127.0.0.1:{http_port}"
    # Neo4j 5.26 Community refuses to start on this Enterprise-only setting.
    assert "browser.allow_outgoing_connections" not in settings


# ---------------------------------------------------------------------------------------------------- both


def test_every_published_port_is_bound_to_localhost(services: dict[str, dict[str, Any]]) -> None:
    seen = 0
    for name, service in services.items():
        assert service.get("network_mode") != "host", f"{name} uses the host's network, bypassing port bindings"
        for port in published_ports(service):
            seen += 1
            assert port.host_ip == "127.0.0.1", f"{name} publishes container port {port.container_port} on {port}"
    assert seen, "no service publishes a port"


def test_the_neo4j_password_defaults_to_the_apps_dev_password(neo4j: dict[str, Any], api: dict[str, Any]) -> None:
    for name, service, variable in (("neo4j", neo4j, "NEO4J_AUTH"), ("api", api, "NEO4J_PASSWORD")):
        value = raw_environment(service).get(variable, "")
        defaults = defaults_of(value, "NEO4J_PASSWORD")
        assert defaults, f"{name}'s {variable} ({value!r}) gives NEO4J_PASSWORD no default"
        assert set(defaults) == {DEV_PASSWORD}, f"{name}: NEO4J_PASSWORD defaults to {defaults}, not the app's"


# ------------------------------------------------------------------------------------------------ api service


def test_the_api_waits_for_a_healthy_neo4j(api: dict[str, Any], neo4j: dict[str, Any]) -> None:
    depends_on = api.get("depends_on")
    assert isinstance(depends_on, dict), f"api depends_on must name a condition, not {depends_on!r}"
    assert "neo4j" in depends_on, "the api does not depend on neo4j"
    assert depends_on["neo4j"].get("condition") == "service_healthy"
    assert "healthcheck" in neo4j, "service_healthy needs a healthcheck on neo4j"


def test_the_api_is_built_from_the_repository_dockerfile(api: dict[str, Any]) -> None:
    build = api.get("build")
    assert build is not None, "the api service has no build:"
    context, dockerfile = (
        (build, "Dockerfile") if isinstance(build, str) else (build["context"], build.get("dockerfile", "Dockerfile"))
    )
    assert context == ".", f"api builds from {context!r}, expected ."
    assert (COMPOSE_FILE.parent / context / dockerfile).is_file(), f"no {dockerfile} in the build context"


def test_the_api_neo4j_variables_are_settings_of_the_app(api: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert not Settings.model_config.get("env_prefix"), "Settings has an env_prefix: variable names would differ"
    env = {name: value for name, value in environment(api).items() if name.startswith("NEO4J_")}
    assert env, "the api service sets no NEO4J_ variable"
    fields = Settings.model_fields
    for name in env:
        assert name.lower() in fields, f"the api sets {name}, but Settings has no field {name.lower()}"
    # ... and the settings really take them from the environment.
    for name in os.environ:
        if name.startswith("NEO4J_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    read = Settings().model_dump()
    for name, value in env.items():
        got = read[name.lower()]
        got = got.get_secret_value() if hasattr(got, "get_secret_value") else got
        assert str(got) == value, f"Settings().{name.lower()} is {got!r}, the api container sets {value!r}"


def test_the_api_neo4j_uri_points_at_the_neo4j_services_bolt_port(api: dict[str, Any], neo4j: dict[str, Any]) -> None:
    uri = environment(api).get("NEO4J_URI", "")
    parts = urlsplit(uri)
    assert parts.scheme in {"bolt", "neo4j"}, f"NEO4J_URI {uri!r} is not a bolt:// or neo4j:// URI"
    assert parts.hostname == "neo4j", f"NEO4J_URI {uri!r} does not name the neo4j service"
    assert parts.port == 7687, f"NEO4J_URI {uri!r} is not on Bolt's port 7687"
    neo4j_ports = {p.container_port for p in published_ports(neo4j)}
    assert parts.port in neo4j_ports, f"port {parts.port} is not among neo4j's container ports {neo4j_ports}"


# ----------------------------------------------------------------------------------------------------- image


def test_the_image_is_python_311_slim(dockerfile: list[Instruction]) -> None:
    bases = [i.arguments.split()[0] for i in dockerfile if i.keyword == "FROM"]
    assert bases == ["python:3.11-slim"], f"FROM {bases}"


def test_the_container_seeds_then_serves_the_app_on_the_published_port(
    container_script: str, dockerfile: list[Instruction], api: dict[str, Any]
) -> None:
    commands = shell_commands(container_script)

    def find(predicate_words: list[str]) -> int:
        for index, (_, words) in enumerate(commands):
            argv = words[1:] if words[:1] == ["exec"] else words
            if argv[: len(predicate_words)] == predicate_words:
                return index
        raise AssertionError(f"the container's command {container_script!r} does not run {predicate_words}")

    seed = find(["alliance", "seed"])
    serve = find(["uvicorn"])
    assert seed < serve, "the seed data must be loaded before uvicorn starts"
    between = [operator for operator, _ in commands[seed + 1 : serve + 1]]
    assert set(between) == {"&&"}, f"uvicorn must start only if the seeding succeeded (joined by {between})"
    assert commands[serve][1][0] == "exec", "uvicorn should replace the shell (exec) to get docker's signals"

    positional, options = uvicorn_options(commands[serve][1][2:])
    assert positional == ["app.main:app"], f"uvicorn serves {positional}"
    module = importlib.import_module("app.main")
    assert hasattr(module, "app"), "app.main has no `app` for uvicorn to serve"
    assert options.get("--host") == "0.0.0.0", "uvicorn must listen on every interface of the container"  # noqa: S104
    port = uvicorn_port(container_script)
    api_container_ports = {p.container_port for p in published_ports(api)}
    assert port in api_container_ports, f"uvicorn listens on {port}, the api publishes {api_container_ports}"
    exposed = {int(word.split("/")[0]) for i in dockerfile if i.keyword == "EXPOSE" for word in i.arguments.split()}
    assert port in exposed, f"the Dockerfile EXPOSEs {exposed}, not uvicorn's port {port}"


def test_the_image_healthcheck_asks_the_apps_liveness_route(
    dockerfile: list[Instruction], container_script: str
) -> None:
    checks = [i.arguments for i in dockerfile if i.keyword == "HEALTHCHECK"]
    assert checks, "the Dockerfile has no HEALTHCHECK"
    urls = re.findall(r"https?://[^\s'\"]+", checks[-1])
    assert urls, f"the HEALTHCHECK asks no URL: {checks[-1]!r}"
    url = urlsplit(urls[0])
    assert url.hostname == "127.0.0.1"
    port = uvicorn_port(container_script)
    assert url.port == port, f"the HEALTHCHECK asks port {url.port}, uvicorn listens on {port}"
    # The app that uvicorn serves answers there; outside `with`, TestClient runs no lifespan (so no Neo4j).
    response = TestClient(importlib.import_module("app.main").app).get(url.path)
    assert response.status_code == 200, f"GET {url.path}: {response.status_code} {response.text}"


def test_the_image_copies_the_package_and_the_seed(dockerfile: list[Instruction], workdir: str) -> None:
    destinations: dict[str, str] = {}
    for instruction in dockerfile:
        if instruction.keyword == "COPY":
            sources, destination = copy_sources_and_destination(instruction.arguments)
            for source in sources:
                # A directory's contents go to the destination; with several sources, a file goes into it.
                into = len(sources) > 1 and not (REPO / source).is_dir()
                target = posixpath.join(destination, posixpath.basename(source)) if into else destination
                destinations[source] = posixpath.normpath(posixpath.join(workdir, target))
    for directory in ("app", "seed"):
        assert directory in destinations, f"the Dockerfile does not COPY {directory}/"
        assert destinations[directory] == posixpath.join(workdir, directory), (
            f"{directory}/ is copied to {destinations[directory]}, expected {posixpath.join(workdir, directory)}"
        )
        assert (REPO / directory).is_dir(), f"COPY {directory}/ would fail: there is no {directory}/ to build from"
    # The Cypher files travel inside the package (app/cypher/), so copying app/ copies them.
    assert list((REPO / "app" / "cypher").glob("*.cypher")), "no Cypher files in the package"


def test_the_dockerignore_keeps_what_the_build_copies(dockerfile: list[Instruction]) -> None:
    patterns = [
        line.strip().strip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert ".venv" in patterns, "the local .venv must not be sent to the build"
    copied = [
        source for i in dockerfile if i.keyword == "COPY" for source in copy_sources_and_destination(i.arguments)[0]
    ]
    for source in copied:
        for pattern in patterns:
            if pattern.startswith("!"):
                continue
            assert not fnmatch.fnmatchcase(source, pattern.removeprefix("**/")), (
                f".dockerignore pattern {pattern!r} leaves {source} out of the build context"
            )


def test_dependencies_are_installed_from_the_lock_before_the_code_is_copied(dockerfile: list[Instruction]) -> None:
    def words(instruction: Instruction) -> list[str]:
        if instruction.keyword == "COPY":
            return copy_sources_and_destination(instruction.arguments)[0]
        return instruction.arguments.split()

    def index_of(keyword: str, *needles: str, absent: str = "") -> int:
        for index, instruction in enumerate(dockerfile):
            found = instruction.keyword == keyword and all(n in words(instruction) for n in needles)
            if found and not (absent and absent in words(instruction)):
                return index
        raise AssertionError(f"no {keyword} with {needles} (and without {absent!r}) in the Dockerfile")

    manifests = index_of("COPY", "pyproject.toml", "uv.lock", "README.md")
    deps = index_of("RUN", "uv", "sync", "--frozen", "--no-dev", "--no-install-project")
    code = min(index_of("COPY", source) for source in ("app", "seed"))
    project = index_of("RUN", "uv", "sync", "--frozen", "--no-dev", absent="--no-install-project")
    assert manifests < deps < code < project, "expected: COPY manifests, uv sync deps, COPY code, uv sync project"


def test_the_container_runs_as_a_non_root_user(dockerfile: list[Instruction]) -> None:
    users = [i.arguments.split(":")[0] for i in dockerfile if i.keyword == "USER"]
    assert users, "the Dockerfile sets no USER: the API would run as root"
    assert users[-1] not in {"root", "0"}, f"the container runs as {users[-1]}"


# ------------------------------------------------------------------------------------------------ docker compose


def test_docker_compose_accepts_the_file(compose: dict[str, Any]) -> None:
    """`docker compose config -q` parses and validates without an engine; without the plugin, YAML must do."""
    assert "services" in compose
    docker = shutil.which("docker")
    if docker is None:
        return
    env = {**os.environ, "COMPOSE_FILE": str(COMPOSE_FILE)}

    def docker_compose(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [docker, "compose", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    # Without the compose plugin the docker client answers "unknown command: docker compose" (and reads
    # `config -q` as its own flags): then the YAML check above is all there is.
    if docker_compose("version").returncode != 0:
        return
    result = docker_compose("config", "-q")
    assert result.returncode == 0, f"docker compose config -q failed:\n{result.stdout}{result.stderr}"
