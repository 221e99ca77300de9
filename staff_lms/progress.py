"""The progress bar of the management commands that work through many rows (issuing
certificates, importing staff, e-mailing reminders, exporting records, seeding the demo)."""

WIDTH = 30


def draw_bar(stdout, label, done, total):
    """``\\r  label        [#########.....] done/total`` on one terminal line."""
    filled = round(WIDTH * done / total) if total else WIDTH
    stdout.write(f"\r  {label:<12} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}", ending="")
    stdout.flush()


def show_progress(command, label, done, total):
    """A progress bar on a terminal at verbosity 1 or more, ended when ``done == total``;
    nothing otherwise (cron and logs get only the command's summary line)."""
    if command.verbosity < 1 or not command.stdout.isatty():
        return
    draw_bar(command.stdout, label, done, total)
    if done == total:
        command.stdout.write("")
