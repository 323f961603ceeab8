"""`studycards optimize`: fit FSRS parameters to your own review history."""

from __future__ import annotations

from pathlib import Path

import click

from studycards.commands._common import AppContext, pass_app
from studycards.commands.output import emit_json


@click.command()
@click.option("--dry-run", is_flag=True, help="Fit and report, but never apply the parameters.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option("--revlog", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also use a review history CSV (card_id,review_rating,review_time,review_duration).")
@pass_app
def optimize(app: AppContext, dry_run: bool, as_json: bool, revlog: Path | None) -> None:
    """Fit FSRS parameters to your own reviews; apply them only if they predict better.

    The review log (and, with --revlog, a CSV exported from another tool in py-fsrs's format:
    rating 1-4, ISO 8601 time with a UTC offset, duration in ms) is split by time: parameters
    fitted on earlier answers are scored on later ones, beside FSRS's defaults. Log loss and RMSE
    (bins) are shown for both; lower is better. The fitted set is kept in a history, and put in
    use only when its log loss is lower (never with --dry-run). 'config reset fsrs_parameters'
    goes back to the defaults. Needs at least 400 reviews.

    JSON keys: reviews, cards, default {log_loss, rmse_bins}, fitted {log_loss, rmse_bins},
    applied, parameters.

    \b
    Examples:
      studycards optimize --dry-run
      studycards optimize --json
      studycards optimize --revlog anki-revlog.csv
    """
    from studycards.planning.optimize import fit, save_fit
    from studycards.planning.revlog import read_revlog, store_records

    now = app.clock()
    with app.open_store(read_only=dry_run, sync=False) as store:
        settings = store.settings()
        records = store_records(store)
        source = "review log"
        if revlog is not None:
            records = records + read_revlog(revlog, settings.tz(), settings.day_starts_at)
            source = f"review log + {revlog.name}"
        result = fit(records)
        applied = False if dry_run else save_fit(store, result, now, source=source, apply=True)
    if as_json:
        emit_json(result.to_json(applied))
        return
    click.echo(f"Fitted FSRS-6 to {result.reviews} reviews of {result.cards} cards.")
    click.echo("Out of sample (time-series split), lower is better:")
    for name, figures in (("defaults", result.default), ("fitted", result.fitted)):
        click.echo(f"  {name:<9} log loss {figures.log_loss:.4f}  RMSE (bins) {figures.rmse_bins:.4f}")
    if applied:
        click.echo("Applied: your reviews are now scheduled with the fitted parameters.")
    elif dry_run:
        click.echo("Dry run: nothing applied." + (" The fit is better; run without --dry-run to apply it."
                                                   if result.better else ""))
    else:
        click.echo("Not applied: the fit does not predict better than the defaults; kept in the history.")


COMMANDS = [optimize]
