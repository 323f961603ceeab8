"""`studycards config get|set|reset`: daily limits, the day boundary, FSRS options."""

from __future__ import annotations

import click

from studycards.commands._common import AppContext, pass_app
from studycards.commands.output import emit_json, table


def _check_key(key: str) -> None:
    """Refuse an unknown setting name, listing the known ones."""
    from studycards.srs.settings import SPECS

    if key not in SPECS:
        raise click.BadParameter(f"unknown setting '{key}'. Settings: {', '.join(SPECS)}")


@click.group()
def config() -> None:
    """Read and change settings (stored in the database).

    \b
    Settings:
      new_per_day        new cards introduced per day (default 20)
      reviews_per_day    reviews shown per day (default 200)
      day_starts_at      hour the next study day starts, local time (default 4)
      desired_retention  FSRS target recall probability, 0.70-0.97 (default 0.9)
      maximum_interval   longest interval in days (default 36500)
      learning_steps     learning steps (default '1m 10m')
      relearning_steps   relearning steps (default '10m')
      leech_threshold    lapses that make a card a leech (default 8)
      timezone           IANA zone for the day boundary (default: the system's)
      theme              the app's colour theme (default: the app's own)
      keymap             key remaps for the app, e.g. 'review.good=g;review.again=a'

    \b
    Examples:
      studycards config get
      studycards config get new_per_day
      studycards config set desired_retention 0.85
      studycards config reset desired_retention
    """


@config.command()
@click.argument("key", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def get(app: AppContext, key: str | None, as_json: bool) -> None:
    """Print one setting, or all of them with their defaults.

    \b
    Examples:
      studycards config get
      studycards config get day_starts_at
      studycards config get --json
    """
    from studycards.srs.settings import SPECS, setting_text

    if key is not None:
        _check_key(key)
    with app.open_store(read_only=True, sync=False) as store:  # a missing file is not created
        values = store.settings().as_dict()
        stored = store.stored_settings()
    if key is not None:
        if as_json:
            emit_json({key: values[key]})
        else:
            click.echo(setting_text(key, values[key]))
        return
    if as_json:
        emit_json(values)
        return
    rows = [
        [name, setting_text(name, values[name]) or "-", "" if name in stored else "default", SPECS[name].help]
        for name in SPECS
    ]
    click.echo(table(rows, ["setting", "value", "", "meaning"]))


@config.command(name="set", context_settings={"ignore_unknown_options": True})
@click.argument("key")
@click.argument("value")
@pass_app
def set_(app: AppContext, key: str, value: str) -> None:
    """Change one setting; the value is checked before it is saved.

    \b
    Examples:
      studycards config set new_per_day 30
      studycards config set day_starts_at 5
      studycards config set learning_steps '1m 10m 1h'
    """
    from studycards.srs.settings import SettingError, parse_setting, setting_text

    try:
        parse_setting(key, value)  # before the database is opened (or created) for nothing
    except SettingError as exc:
        raise click.BadParameter(str(exc)) from None
    with app.open_store(sync=False) as store:
        typed = store.set_setting(key, value)
    click.echo(f"{key} = {setting_text(key, typed) or '-'}")


@config.command()
@click.argument("key")
@pass_app
def reset(app: AppContext, key: str) -> None:
    """Put one setting back to its default.

    \b
    Example:
      studycards config reset new_per_day
    """
    from studycards.srs.settings import setting_text

    _check_key(key)
    with app.open_store(sync=False) as store:
        typed = store.reset_setting(key)
    click.echo(f"{key} = {setting_text(key, typed) or '-'} (default)")


COMMANDS = [config]
