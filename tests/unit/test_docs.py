"""The README and the pages of docs/ say only what exists.

Read from the files (no database, no server): every relative link resolves to a file of the repository and
every `#anchor` to a heading of the page it names (GitHub's slugs); docs/README.md lists every page; every
`alliance ...` command quoted (in a shell block or an inline code span) names commands and options the CLI
has, walked through the command tree Typer builds from `app.cli`; every `make TARGET` is a target of the
Makefile; every `python -m MODULE` is a module of the repository, and `python -m tools.neo4j_local COMMAND`
one of its commands; and every setting of app/config.py and of the local Neo4j's launcher has its row in
docs/configuration.md.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer

import tools.neo4j_local
from app.cli import app as alliance_app
from app.config import Settings

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
FRONT_DOOR_MAX_LINES = 200  # the README is a front door; the reference lives in docs/

FENCE = re.compile(r"^(```+|~~~+)\s*([\w+-]*)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh"}


@dataclass(frozen=True)
class Code:
    """A piece of shell a page quotes: a command line of a block, or an inline code span."""

    page: Path
    line: int
    text: str

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}: {self.text.strip()[:120]}"


@dataclass
class Page:
    prose: list[tuple[int, str]]  # paragraphs outside fenced blocks, with their first line number
    headings: list[str]
    commands: list[Code]  # shell command lines of fenced blocks


def parse(page: Path, text: str | None = None) -> Page:
    lines = (page.read_text(encoding="utf-8") if text is None else text).split("\n")
    prose: list[tuple[int, str]] = []
    headings: list[str] = []
    commands: list[Code] = []
    paragraph: list[str] = []
    start = 0
    i = 0

    def flush() -> None:
        if paragraph:
            prose.append((start, "\n".join(paragraph)))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            flush()
            marker, lang = fence.group(1), fence.group(2).lower()
            block: list[tuple[int, str]] = []
            i += 1
            while i < len(lines) and not lines[i].startswith(marker):
                block.append((i + 1, lines[i]))
                i += 1
            commands.extend(block_commands(page, lang, block))
        elif not line.strip():
            flush()
        else:
            if not paragraph:
                start = i + 1
            paragraph.append(line)
            heading = HEADING.match(line)
            if heading:
                headings.append(heading.group(2))
        i += 1
    flush()
    return Page(prose, headings, commands)


def block_commands(page: Path, lang: str, block: list[tuple[int, str]]) -> Iterator[Code]:
    """A block with `$ ` prompts: the prompted lines (the rest is output). A shell block without prompts:
    every line. Any other block (output, Cypher, JSON): none. Lines ending in a backslash continue."""
    prompted = any(text.startswith("$ ") for _, text in block)
    if not prompted and lang not in SHELL_LANGS:
        return
    pending: tuple[int, str] | None = None
    for number, text in block:
        if pending is not None:
            number, text = pending[0], pending[1] + " " + text.strip()
            pending = None
        elif prompted:
            if not text.startswith("$ "):
                continue
            text = text[2:]
        if text.rstrip().endswith("\\"):
            pending = (number, text.rstrip()[:-1])
            continue
        yield Code(page, number, text)
    if pending is not None:
        yield Code(page, pending[0], pending[1])


def code_spans(page: Path, parsed: Page) -> Iterator[Code]:
    for start, paragraph in parsed.prose:
        for span in CODE_SPAN.finditer(paragraph):
            yield Code(page, start + paragraph[: span.start()].count("\n"), span.group(2).replace("\n", " "))


def links(parsed: Page) -> Iterator[tuple[int, str]]:
    for start, paragraph in parsed.prose:
        # a link's target is never inside a code span: blank the spans out, keeping the offsets
        text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), paragraph)
        for link in LINK.finditer(text):
            yield start + text[: link.start()].count("\n"), link.group(2)


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger on the rendered text): links become their text, code
    and emphasis marks go, then lower case, every character that is not a letter, digit, `_`, `-` or space
    dropped, and every space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").replace("*", "")
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(parsed: Page) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in parsed.headings:
        slug = github_slug(heading)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def broken_links(page: Path, parsed: Page) -> list[str]:
    problems = []
    for line, target in links(parsed):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: ...
            continue
        path_part, _, anchor = target.partition("#")
        where = f"{page.relative_to(ROOT)}:{line}: ({target})"
        if not path_part:  # an anchor on this page
            if anchor not in anchors(parsed):
                problems.append(f"{where}: no heading with the anchor #{anchor} on this page")
            continue
        file = (page.parent / path_part).resolve()
        if not file.exists():
            problems.append(f"{where}: no file {path_part}")
        elif anchor and file.suffix == ".md" and anchor not in anchors(parse(file)):
            problems.append(f"{where}: no heading with the anchor #{anchor} in {file.relative_to(ROOT)}")
    return problems


# --- commands ----------------------------------------------------------------------------------------

SEPARATORS = {";", "&&", "||", "|", "(", ")", "&", "|&", ";;"}
PREFIXES = {"time", "exec", "sudo", "env", "nohup", "$"}


def simple_commands(text: str) -> Iterator[list[str]]:
    """The simple commands of a line of shell, each as its words (assignments and `time` dropped)."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:  # an unbalanced quote: a line of a multi-line string
        tokens = text.split()
    words: list[str] = []
    skip_next = False
    for token in [*tokens, ";"]:
        if skip_next:
            skip_next = False
        elif token in SEPARATORS or token.endswith("$"):  # `$(` splits into `...$` and `(`
            if words:
                yield words
            words = []
        elif token[0] in "<>" or re.fullmatch(r"\d?>+&?\d?", token):
            skip_next = token in {">", ">>", "<", "2>", "&>"}
        elif not words and (token in PREFIXES or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", token)):
            continue
        else:
            words.append(token)


def is_program(word: str, name: str) -> bool:
    return word == name or word.endswith("/" + name)


def quoted_commands(name: str) -> list[tuple[Code, list[str]]]:
    """Every quoted command line that runs `name`, with its arguments."""
    found = []
    for page in PAGES:
        parsed = parse(page)
        for code in [*parsed.commands, *code_spans(page, parsed)]:
            if name not in code.text:
                continue
            for words in simple_commands(code.text):
                if is_program(words[0], name):
                    found.append((code, words[1:]))
    return found


def option_named(command: Any, name: str) -> Any | None:
    for param in command.params:
        if param.param_type_name == "option" and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def cli_problems(args: list[str]) -> list[str]:
    """What in `alliance ARGS` the CLI does not have: a command, or an option of the command it follows."""
    command: Any = typer.main.get_command(alliance_app)
    path = ["alliance"]
    i = 0
    while i < len(args):
        word = args[i].strip("[]")
        i += 1
        if word in {"", "...", "…"} or word.startswith("$"):
            continue
        if word.startswith("-") and word != "-":
            name = word.split("=", 1)[0]
            if name == "--help":
                continue
            option = option_named(command, name)
            if option is None:
                return [f"{' '.join(path)} has no option {name}"]
            if not option.is_flag and not option.count and "=" not in word:
                i += 1  # its value
        elif getattr(command, "commands", None) is not None:
            if word not in command.commands:
                return [f"{' '.join(path)} has no command {word!r} (it has {', '.join(sorted(command.commands))})"]
            command = command.commands[word]
            path.append(word)
        # otherwise an argument of a command: FILE, a placeholder
    return []


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", makefile, re.MULTILINE)}


def make_problems(args: list[str], targets: set[str]) -> list[str]:
    asked = [a for a in args if not a.startswith("-") and "=" not in a]
    return [f"the Makefile has no target {t!r}" for t in asked if t not in targets]


def python_problems(args: list[str]) -> list[str]:
    """`python SCRIPT.py`: the script exists; `python -m MODULE`: the module does."""
    if args and args[0].endswith(".py"):
        return [] if (ROOT / args[0]).is_file() else [f"no script {args[0]}"]
    if len(args) < 2 or args[0] != "-m":
        return []
    module = args[1]
    if importlib.util.find_spec(module) is None:
        return [f"no module {module}"]
    if module == "tools.neo4j_local" and len(args) > 2 and not args[2].startswith("-"):
        asked = [c for c in args[2].split("|") if c]
        unknown = [c for c in asked if c not in tools.neo4j_local.COMMANDS]
        if unknown:
            return [f"python -m tools.neo4j_local has no command {', '.join(unknown)}"]
    return []


# --- the tests -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    problems = broken_links(page, parse(page))
    assert problems == [], "\n".join(problems)


def test_the_docs_index_lists_every_page() -> None:
    index = DOCS / "README.md"
    listed = {(index.parent / target.partition("#")[0]).resolve() for _, target in links(parse(index))}
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if p != index and p.resolve() not in listed]
    assert missing == [], "docs/README.md does not list these pages"


def test_every_quoted_alliance_command_exists_in_the_cli() -> None:
    quoted = quoted_commands("alliance")
    assert len(quoted) > 30, "the docs quote the CLI in many places; finding few means the reader broke"
    problems = [f"{code.where()}\n    {p}" for code, args in quoted for p in cli_problems(args)]
    assert problems == [], "\n".join(problems)


def test_every_quoted_make_target_exists() -> None:
    quoted = quoted_commands("make")
    targets = make_targets()
    assert {"run", "test"} <= {a for _, args in quoted for a in args}
    problems = [f"{code.where()}\n    {p}" for code, args in quoted for p in make_problems(args, targets)]
    assert problems == [], "\n".join(problems)


def test_every_quoted_python_script_and_module_exists() -> None:
    quoted = [*quoted_commands("python"), *quoted_commands("python3")]
    problems = [f"{code.where()}\n    {p}" for code, args in quoted for p in python_problems(args)]
    assert problems == [], "\n".join(problems)


def test_every_setting_is_in_the_configuration_page() -> None:
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    fields = [*Settings.model_fields, *tools.neo4j_local.LauncherSettings.model_fields]
    missing = [f.upper() for f in fields if f"`{f.upper()}`" not in page]
    assert missing == [], "docs/configuration.md does not describe these settings"


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= FRONT_DOOR_MAX_LINES, "move reference material into a docs/ page"
    for needed in ("make run", "make test", "who fought whom in August 2014", "docs/img/", "docs/README.md"):
        assert needed in readme
    attribution = readme[readme.index("## Data and attribution") :]
    assert "CC BY 4.0" in attribution and "Uppsala Conflict Data Program" in attribution


# --- the checks themselves, on broken input -------------------------------------------------------------


def test_a_broken_link_or_anchor_is_found() -> None:
    page = DOCS / "example.md"  # never written: parsed from text, resolved against the real docs/
    text = (
        "# Example\n\n## Which camps, in 2014?\n\n"
        "[ok](#which-camps-in-2014) [ok](api.md#endpoints) [bad file](nowhere.md) [bad anchor](api.md#no-such)\n"
        "[bad here](#which-camps)\n"
        "`[in code](nowhere.md)`\n\n```\n[in a block](nowhere.md)\n```\n"
    )
    problems = broken_links(page, parse(page, text))
    assert [p.split("): ", 1)[1] for p in problems] == [
        "no file nowhere.md",
        "no heading with the anchor #no-such in docs/api.md",
        "no heading with the anchor #which-camps on this page",
    ]


def test_github_slugs() -> None:
    assert github_slug("First loads: `--offline` (Neo4j's bulk loader)") == "first-loads---offline-neo4js-bulk-loader"
    assert github_slug("The defining question: who fought whom in August 2014?") == (
        "the-defining-question-who-fought-whom-in-august-2014"
    )
    assert github_slug("Writes, history and `as_recorded`") == "writes-history-and-as_recorded"


def test_a_command_the_cli_lacks_is_found() -> None:
    assert cli_problems(["import", "claims", "FILE.ndjson.gz", "--offline", "--batch-size", "10"]) == []
    assert cli_problems(["import", "ucdp-ged", "F", "[--actors", "CSV]", "--skip-if-loaded"]) == []
    assert cli_problems(["export", "-f", "cytoscape", "--actor", "islamic-state", "-o", "x.cyjs"]) == []
    [lacking] = cli_problems(["import", "gdelt", "FILE"])
    assert lacking.startswith("alliance import has no command 'gdelt' (it has acled, claims, ")
    assert (
        cli_problems(["import", "acled", "FILE"]) == cli_problems(["import", "ucdp-actors", "F", "--known-only"]) == []
    )
    assert cli_problems(["import", "claims", "FILE", "--offlne"]) == ["alliance import claims has no option --offlne"]
    assert make_problems(["neo4j-reset"], make_targets()) == []
    assert make_problems(["bench", "SIZE=10"], make_targets()) == []
    assert make_problems(["serve"], make_targets()) == ["the Makefile has no target 'serve'"]
    assert python_problems(["scripts/balance_chart.py"]) == []
    assert python_problems(["scripts/nothing.py"]) == ["no script scripts/nothing.py"]
    assert python_problems(["-m", "bench.nothing"]) == ["no module bench.nothing"]
    assert python_problems(["-m", "tools.neo4j_local", "start"]) == []
    assert python_problems(["-m", "tools.neo4j_local", "restart"]) == [
        "python -m tools.neo4j_local has no command restart"
    ]


def test_commands_are_read_from_blocks_and_spans() -> None:
    page = ROOT / "README.md"
    text = (
        "Run `NEO4J_URI=x alliance restore FILE` or `alliance` alone.\n\n"
        "```bash\n$ KEY=$(.venv/bin/alliance keys create --name lina --role editor)\nalliance output line\n"
        "$ time .venv/bin/alliance import ucdp-ged F \\\n    --release R --skip-if-loaded  # a comment\n```\n\n"
        "```sh\nmake neo4j-reset && make neo4j-start\n```\n\n"
        "```\nalliance in an output block\n```\n"
    )
    parsed = parse(page, text)
    found = [
        words
        for code in [*parsed.commands, *code_spans(page, parsed)]
        for words in simple_commands(code.text)
        if is_program(words[0], "alliance") or is_program(words[0], "make")
    ]
    assert found == [
        [".venv/bin/alliance", "keys", "create", "--name", "lina", "--role", "editor"],
        [".venv/bin/alliance", "import", "ucdp-ged", "F", "--release", "R", "--skip-if-loaded"],
        ["make", "neo4j-reset"],
        ["make", "neo4j-start"],
        ["alliance", "restore", "FILE"],
        ["alliance"],
    ]
