"""The `ibcmon` command line: a Click group with one small function per command.

Commands live in `ibcmon/commands/*.py`. Domain errors become one clear line and a
documented exit code here, at the boundary:
0 done; 1 unexpected failure; 2 done, and problems found (a check command);
3 bad configuration or arguments (an incomplete run asked for without --allow-incomplete
too); 130 interrupted, by Ctrl-C (SIGINT) or SIGTERM alike: the run at work is left
`incomplete`, its phase named.
"""
from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Any

import click

from common.config import ConfigError
from ibcmon.clibase import (
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    App,
    check_settings_first,
    common_options,
)
from ibcmon.clihelp import (
    file_error_line,
    install_russian_messages,
    usage_error_line,
    use_russian_help,
)
from reports.outdir import OutputDirError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.option("-v", "--verbose", count=True, help="Подробный журнал (-vv: отладка).")
@click.version_option(package_name="ibcmon", help="Показать версию и выйти.", message="%(prog)s, версия %(version)s")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """ibcmon: мониторинг страниц ИБЦ Хабаровского края."""
    ctx.ensure_object(App)
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


def _register_commands() -> None:
    install_russian_messages()  # before the commands are declared: Click translates some words then
    from ibcmon.commands import COMMAND_MODULES

    for module in COMMAND_MODULES:
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)
    check_settings_first(cli)
    use_russian_help([cli])


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the group and maps errors to exit codes."""
    sys.exit(run(argv))


EXIT_INTERRUPTED = 130


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: the same cleanup, the same exit code


def terminate_as_interrupt() -> None:
    """SIGTERM (a service stop, `kill`) handled as Ctrl-C: the work in hand settles its
    run as `incomplete` and the exit code is 130 for both (the main thread only)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def run(argv: list[str] | None = None) -> int:
    from crawler.run import RunNotComplete

    terminate_as_interrupt()
    try:
        result = cli.main(args=argv, prog_name="ibcmon", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Прервано.", err=True)
        return EXIT_INTERRUPTED
    except RunNotComplete as exc:
        message = str(exc)
        click.echo(f"{message[:1].upper()}{message[1:]}.", err=True)
        return EXIT_CONFIG
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        return EXIT_CONFIG
    except click.UsageError as exc:
        click.echo(usage_error_line(exc), err=True)
        return EXIT_CONFIG
    except click.ClickException as exc:
        click.echo(f"Ошибка: {exc.format_message()}", err=True)
        return exc.exit_code
    except ConfigError as exc:
        click.echo(f"Ошибка настроек: {exc}", err=True)
        return EXIT_CONFIG
    except OutputDirError as exc:
        click.echo(f"Ошибка файла {exc}", err=True)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        click.echo("Прервано.", err=True)
        return EXIT_INTERRUPTED
    except OSError as exc:
        if exc.filename is None:  # not about a file the user named: the last line of defence
            logging.getLogger("ibcmon").debug("unexpected failure", exc_info=True)
            click.echo(f"Ошибка: {type(exc).__name__}: {exc}", err=True)
            return EXIT_FAILURE
        line, bad_path = file_error_line(exc)
        click.echo(line, err=True)
        return EXIT_CONFIG if bad_path else EXIT_FAILURE
    except Exception as exc:  # the last line of defence: one clear line, details in -v
        logging.getLogger("ibcmon").debug("unexpected failure", exc_info=True)
        click.echo(f"Ошибка: {type(exc).__name__}: {exc}", err=True)
        return EXIT_FAILURE
    return result if isinstance(result, int) else EXIT_OK
