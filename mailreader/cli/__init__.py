"""The `mailreader` command: a thin click layer, one command per ops task.

Expected failures become one line on stderr and an exit code (78 config,
75 a server or the database unavailable, 1 anything else), never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mailreader.errors import EXIT_CONFIG, EXIT_TEMPFAIL, ConfigError, MailreaderError, RetryLater

if TYPE_CHECKING:  # the commands import what they use when they run: `parse` starts fast
    from sqlalchemy import Engine

    from mailreader.config import Settings
    from mailreader.daemon.deps import Deps
    from mailreader.db.opening import Mode
    from mailreader.ops.report import CycleReport
    from parsers import Decision


class App:
    """What every command may need, built on first use (`parse` needs no config)."""

    def __init__(self, config: Path | None) -> None:
        self.config_path = config
        self._settings: Settings | None = None
        self._engine: Engine | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from mailreader import config
            from mailreader.ops import log

            self._settings = config.load(self.config_path)
            log.setup(self._settings.log_level, self._settings.log_format)
        return self._settings

    @property
    def engine(self) -> Engine:
        """The database for commands that write: the SQLite file is created and migrated."""
        return self.engine_in("create")

    @property
    def reader(self) -> Engine:
        """The database for commands that only read: never created, and it must exist."""
        return self.engine_in("existing")

    def engine_in(self, mode: Mode) -> Engine:
        if self._engine is None:
            from mailreader.db.opening import open_database

            self._engine = open_database(self.settings, mode=mode)
            # Connections are closed when the command ends (they matter to PostgreSQL).
            click.get_current_context().call_on_close(self._engine.dispose)
        return self._engine

    def deps(self, *, mode: Mode = "create", stop_requested: Callable[[], bool] = lambda: False,
             checkpoint: Callable[[str], None] = lambda step: None,
             courier: Callable[[CycleReport], None] | None = None,
             parse: Callable[[bytes], Decision] | None = None,
             parse_ahead: Callable[[Sequence[bytes]], None] | None = None) -> Deps:
        """The daemon's `Deps` over this command's database (`daemon.app.build_deps`)."""
        import parsers
        from mailreader.daemon.app import build_deps

        return build_deps(self.settings, engine=self.engine_in(mode), stop_requested=stop_requested,
                          checkpoint=checkpoint, courier=courier, parse=parse or parsers.parse,
                          parse_ahead=parse_ahead)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"mailreader: config error: {exc}", err=True)
            ctx.exit(EXIT_CONFIG)
        except RetryLater as exc:
            click.echo(f"mailreader: unavailable, try again later: {exc}", err=True)
            ctx.exit(EXIT_TEMPFAIL)
        except MailreaderError as exc:
            click.echo(f"mailreader: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config", type=click.Path(path_type=Path), default=None,
              help="TOML configuration file (default: $MAILREADER_CONFIG, else /etc/mailreader/config.toml).")
@click.version_option(package_name="mailreader")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """Turns residents' e-mail into meter readings and answers every resident."""
    ctx.obj = App(config)


def main() -> None:
    sys.exit(cli.main(prog_name="mailreader"))


# The commands register themselves on `cli`; imported last because they import `cli`.
from mailreader.api import commands as api_commands  # noqa: E402, F401
from mailreader.cli import commands, export_cmd, failed_cmds, parse_cmd, readings_cmds  # noqa: E402, F401
