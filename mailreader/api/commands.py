"""`mailreader serve` and `mailreader api new-token`: the HTTP API from the shell."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mailreader.cli import App, cli
from mailreader.errors import ConfigError, MailreaderError


def _listen(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    host, _, port = (value or "").rpartition(":")
    if value is not None and not (host and port.isdigit() and 0 < int(port) < 65536):
        raise click.BadParameter(f"must be HOST:PORT such as 127.0.0.1:8080, got {value!r}")
    return value


@cli.command("serve")
@click.option("--listen", callback=_listen, metavar="HOST:PORT", help="Instead of [api] listen.")
@click.pass_obj
def serve_cmd(app: App, listen: str | None) -> None:
    """Serve the readings service over HTTP ([api] listen, tokens from [api] tokens_file) until
    SIGTERM: submissions through the same rules as mail, histories, the export, health.
    TLS belongs to a reverse proxy in front (README "HTTP API")."""
    from mailreader.api.serve import serve

    settings = app.settings
    serve(settings, listen or settings.api.listen)


@cli.group("api")
def api() -> None:
    """The HTTP API's tokens."""


@api.command("new-token")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True,
              type=click.Choice(["submit", "read", "export"]), help="Repeat for several.")
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="Instead of [api] tokens_file.")
@click.pass_obj
def new_token(app: App, name: str, scopes: tuple[str, ...], path: Path | None) -> None:
    """Add a token NAME with its scopes to the tokens file (made 0600 when missing) and print the
    token, once: only its SHA-256 is kept. The running service reads the file when it starts."""
    from mailreader.api import tokens

    if path is None:
        if not app.settings.api.tokens_file:
            raise ConfigError("api.tokens_file", "is not set: give --file PATH or set it")
        path = Path(app.settings.api.tokens_file)
    problem = tokens.check_name(name)
    if problem:
        raise click.BadParameter(problem, param_hint="NAME")
    known = tokens.load(str(path)) if path.exists() else tokens.Tokens([])
    if any(t.name == name for t in known.all()):
        raise MailreaderError(f"{path}: a token named {name!r} exists already")
    token = tokens.new_token()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(tokens.stanza(name, sorted(set(scopes)), token))
    except OSError as exc:
        raise MailreaderError(f"{path}: {exc.strerror}") from None
    click.echo(token)
