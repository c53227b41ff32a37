"""The hoidap command line: ask, chat, ingest, articles, show, remove, stats, feedback, eval, bench, polling,
webhook."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

from bot.journal import UP, Journal
from bot.render import answer_text, stats_text
from bot.repl import run_repl
from bot.settings import BOT_SETTINGS, Settings, SettingsError, load_settings
from retrieval import fetch
from retrieval.engine import SEEDS, Answer, Engine, QuestionError
from retrieval.period import Period
from retrieval.store import StoreError


def _settings(db: Path | None) -> Settings:
    try:
        return load_settings(hoidap_db=db)
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _journal(settings: Settings, log_questions: bool = False) -> Journal:
    """The journal in the settings' database, closed when the command ends."""
    journal = Journal(settings.hoidap_db, log_questions)
    click.get_current_context().call_on_close(journal.close)
    return journal


def _engine(settings: Settings, seed: bool = True, semantic: bool = True) -> Engine:
    """An engine over the settings' database (built from the seeds when empty), closed when the command ends."""
    try:
        engine = Engine(
            settings.hoidap_db, seeds=None, semantic=semantic and settings.hoidap_semantic, limits=settings.limits
        )
        click.get_current_context().call_on_close(engine.close)
        if seed and engine.store.document_count() == 0:
            # The first question builds the database from the seeds: embedding them takes a while, so show it.
            report = engine.ingest(
                [SEEDS], embed_progress=progress_bar("Embedding the bundled articles"), on_wait=_waiting(settings)
            )
            if report.stopped:
                raise StoreError(report.stopped)
        return engine
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"cannot open database {settings.hoidap_db}: {error}") from None


def _waiting(settings: Settings) -> Callable[[], None]:
    """What a writer says while another process writes to the same database."""

    def say() -> None:
        click.echo(f"Another process is storing articles in {settings.hoidap_db}; waiting for it to finish…", err=True)

    return say


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db PATH on every command; it overrides the HOIDAP_DB setting."""

    @click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite database (default: the HOIDAP_DB setting, else data/hoidap.db).",
    )
    @wraps(command)
    def with_db(*args: Any, db: Path | None, **kwargs: Any) -> Any:
        return command(*args, settings=_settings(db), **kwargs)

    return with_db


no_semantic_option = click.option(
    "--no-semantic",
    is_flag=True,
    help="No semantic re-ranking, BM25 alone (as HOIDAP_SEMANTIC=false); a later ingest embeds what is missing.",
)


class StoreErrorsAreOneLine(click.Group):
    """A fault of the database's place (read-only, disk full) ends any command with its one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=StoreErrorsAreOneLine)
@click.version_option(package_name="hoidap")
def cli() -> None:
    """Hỏi đáp: cited answers from a corpus of Vietnamese news articles."""


DAY = click.DateTime(["%Y-%m-%d", "%d/%m/%Y"])
top_k_option = click.option(
    "--top-k", type=click.IntRange(1, 50), default=None, help="How many cited passages (default: HOIDAP_TOP_K, 3)."
)


def period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since DATE and --until DATE: only articles published in that period (both days included)."""

    @click.option("--since", type=DAY, help="Only articles published on or after this day (YYYY-MM-DD).")
    @click.option("--until", type=DAY, help="Only articles published on or before this day (YYYY-MM-DD).")
    @wraps(command)
    def with_period(*args: Any, since: datetime | None, until: datetime | None, **kwargs: Any) -> Any:
        if since and until and since > until:
            raise click.BadParameter("--since is after --until", param_hint="--since")
        period = Period(since.date() if since else None, until.date() if until else None) if since or until else None
        return command(*args, period=period, **kwargs)

    return with_period


@cli.command()
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON; with no QUESTION, read one per line from stdin.")
@top_k_option
@period_options
@db_option
def ask(question: tuple[str, ...], as_json: bool, top_k: int | None, period: Period | None, settings: Settings) -> None:
    """Answer QUESTION from the corpus, with cited passages; QUESTION "-" reads one question per line from stdin.

    A time in the question limits the articles read ("năm 2023", "quý III/2023",
    "từ 2022 đến nay", "tuần trước"); --since and --until do so explicitly.

    Example: hoidap ask "Thái Nguyên tổ chức hội nghị TTĐN khi nào?"
    """
    top_k = top_k or settings.hoidap_top_k
    if question == ("-",) or (not question and as_json):
        _ask_stream(_engine(settings), top_k, period, as_json)
        return
    if not question:
        raise click.UsageError('give a QUESTION, or "-" to read questions from standard input')
    engine = _engine(settings)
    try:
        answer = engine.ask(" ".join(question), top_k, period)
    except QuestionError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        click.echo(answer_text(answer, color=sys.stdout.isatty()))


def _ask_stream(engine: Engine, top_k: int, period: Period | None, as_json: bool) -> None:
    """Each non-blank input line answered in order: one JSON object per line, or the answers as text.

    A line that cannot be asked gets an "error" object (or an error line), and the exit status is 1.
    """
    failed = False
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = engine.ask(line, top_k, period)
        except QuestionError as error:
            failed = True
            if as_json:
                click.echo(json.dumps({"question": line.strip(), "error": str(error)}, ensure_ascii=False))
            else:
                click.echo(f"error: {error}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            click.echo(f"{answer_text(answer, color=sys.stdout.isatty())}\n")
    if failed:
        sys.exit(1)


@cli.command()
@top_k_option
@period_options
@db_option
def chat(top_k: int | None, period: Period | None, settings: Settings) -> None:
    """Ask questions interactively (line editing, history; Ctrl-D or "thoát" quits)."""
    engine = _engine(settings)
    top_k = top_k or settings.hoidap_top_k
    color = sys.stdout.isatty()
    history = Path.home() / ".hoidap_history"
    journal = _journal(settings, settings.log_questions)

    def ask(question: str, context: str | None) -> Answer:
        answer = engine.ask(question, top_k, period, context=context)
        journal.asked(answer, "chat")
        return answer

    run_repl(ask, lambda answer: answer_text(answer, color=color), history)


@cli.command()
# Plain strings: a URL given to click.Path would lose the second slash of "https://".
@click.argument("paths", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=fetch.DEFAULT_LIMIT,
    show_default=True,
    help="At most this many articles from each feed or sitemap.",
)
@click.option(
    "--delay",
    type=click.FloatRange(0),
    default=None,
    help="Seconds between two requests to the same web site (default: the HOIDAP_FETCH_DELAY setting, 1).",
)
@no_semantic_option
@db_option
def ingest(
    paths: tuple[str, ...], as_json: bool, limit: int, delay: float | None, no_semantic: bool, settings: Settings
) -> None:
    """Store the articles in PATH_OR_URL... (.txt or .html files, folders of them, http(s) URLs, .jsonl records).

    A URL is fetched politely (robots.txt obeyed, one request at a time per site);
    a URL of an RSS/Atom feed or a sitemap brings the articles it lists.
    A file or URL that cannot be read is reported with the reason; the others are
    still stored, and the exit status is 1. Then every paragraph not embedded
    yet is embedded for semantic re-ranking: slow (a tenth of a second or more
    each), committed as it goes, so an interrupted ingest resumes where it stopped.
    """
    engine = _engine(settings, seed=False, semantic=not no_semantic)

    with fetch.Fetcher(delay=settings.hoidap_fetch_delay if delay is None else delay) as fetcher:
        report = engine.ingest(
            [p if fetch.is_url(p) else Path(p) for p in paths],
            progress=None if as_json else progress_bar("Ingesting"),
            embed_progress=None if as_json else progress_bar("Embedding"),
            fetcher=fetcher,
            limit=limit,
            on_wait=_waiting(settings),
        )
    for path, reason in report.failures:
        click.echo(f"error: {path}: {reason}", err=True)
    if report.stopped:
        click.echo(f"error: {report.stopped}; what was stored before it is kept", err=True)
    if as_json:
        summary: dict[str, list] = {
            status: [c.doc for c in report.changes if c.status == status]
            for status in ("added", "updated", "unchanged")
        }
        summary["failed"] = [{"path": path, "reason": reason} for path, reason in report.failures]
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        click.echo(
            f"{report.count('added')} added, {report.count('updated')} updated, "
            f"{report.count('unchanged')} unchanged, {len(report.failures)} failed"
        )
    if report.failures or report.stopped:
        sys.exit(1)


def _stored(settings: Settings) -> Engine:
    """The engine for looking at what is stored: an empty database stays empty, nothing is embedded."""
    return _engine(settings, seed=False, semantic=False)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@db_option
def articles(as_json: bool, settings: Settings) -> None:
    """List the stored articles: doc, date, paragraph count, title, and address or file."""
    found = _stored(settings).articles()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False))
        return
    for row in found:
        click.echo(
            f"{row['doc']}\t{row['date'] or '-'}\t{row['paragraphs']}\t{row['title']}\t{row['url'] or row['source']}"
        )


since_option = click.option("--since", type=DAY, help="Only from this day on (YYYY-MM-DD).")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@since_option
@db_option
def stats(as_json: bool, since: datetime | None, settings: Settings) -> None:
    """What readers asked in Telegram and chat: by front end and day, the not-found share,
    the most asked questions the articles did not answer, and the answers voted down."""
    found = _journal(settings).stats(since.date() if since else None)
    click.echo(json.dumps(found, ensure_ascii=False) if as_json else stats_text(found))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@since_option
@db_option
def feedback(as_json: bool, since: datetime | None, settings: Settings) -> None:
    """Export the votes on answers: time, front end, question, answer, cited paragraphs, vote, reason."""
    votes = _journal(settings).votes(since.date() if since else None)
    if as_json:
        click.echo(json.dumps(votes, ensure_ascii=False))
        return
    for vote in votes:
        mark = "👍" if vote["vote"] == UP else "👎"
        click.echo(
            f"{vote['voted_at']}\t{vote['front_end']}\t{mark}\t{vote['reason'] or '-'}\t"
            f"{vote['question']}\t{vote['answer'] or '-'}\t{' '.join(vote['cited'])}"
        )


@cli.command()
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
def show(doc: str, as_json: bool, settings: Settings) -> None:
    """Print the article DOC: its title, date, byline and address, then its numbered paragraphs."""
    found = _stored(settings).document(doc)
    if found is None:
        raise click.ClickException(f"no article {doc}")
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False))
        return
    click.echo(found["title"] or found["doc"])
    said = [found["doc"], " ".join(filter(None, [found["date"], found["time"]])), found["author"]]
    click.echo(" · ".join(filter(None, said)))
    click.echo(found["url"] or found["source"])
    for number, paragraph in enumerate(found["paragraphs"], start=1):
        click.echo(f"\n[{number}] {paragraph}")


@cli.command()
@click.argument("doc")
@db_option
def remove(doc: str, settings: Settings) -> None:
    """Delete the article DOC: its paragraphs leave the database and the search index."""
    if not _stored(settings).remove(doc):
        raise click.ClickException(f"no article {doc}")
    click.echo(f"removed {doc}")


def progress_bar(label: str) -> Callable[[list], Iterator]:
    """Wraps a list of work items in a progress bar on stderr; a handful of items gets none (it would be noise)."""

    def wrap(items: list) -> Iterator:
        if len(items) < 20:
            yield from items
            return
        with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
            yield from bar

    return wrap


@cli.command(name="eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the metrics.")
@click.option(
    "--compare", is_flag=True, help="Also without diacritics, with BM25 alone, and plain rank-bm25 (passages only)."
)
@no_semantic_option
def evaluate(dataset: Path, as_json: bool, compare: bool, no_semantic: bool) -> None:
    """Measure hoidap on a SQuAD-format DATASET, asking every answerable question as a user would.

    Each distinct context is one passage in a temporary database. Reports passage
    recall@1/5/10, MRR@10 and MRR over the cited hits; short answers per kind asked
    (asked, answered, right, precision, coverage); the answer sentence's accuracy;
    and the answerable questions refused as not found.
    """
    from retrieval.evaluate import compare as compare_engines
    from retrieval.evaluate import evaluate_hoidap, load_squad

    semantic = not no_semantic and _settings(None).hoidap_semantic
    try:
        data = load_squad(dataset)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    progress = None if as_json else progress_bar("Embedding")
    rows = compare_engines(data, semantic, progress) if compare else evaluate_hoidap(data, semantic, progress=progress)
    result = {**rows.pop("hoidap"), "compare": rows if compare else None}
    if as_json:
        click.echo(json.dumps(result))
        return
    _print_eval(result)


def _print_eval(result: dict) -> None:
    click.echo(f"{result['passages']} passages, {result['questions']} answerable questions\n")
    columns = ["recall@1", "recall@5", "recall@10", "mrr@10", "mrr_cited"]
    click.echo(f"{'engine':32}" + "".join(f"{c:>11}" for c in columns))
    for name, row in {"hoidap": result, **(result["compare"] or {})}.items():
        click.echo(f"{name:32}" + "".join(f"{row[c]:>11.4f}" for c in columns))
    counts = ("asked", "answered", "right")
    click.echo(f"\n{'short answers':32}" + "".join(f"{c:>11}" for c in (*counts, "precision", "coverage")))
    for kind, row in result["short_answers"].items():
        click.echo(
            f"{kind:32}"
            + "".join(f"{row[c]:>11}" for c in counts)
            + f"{row['precision']:>11.4f}"
            + f"{row['coverage']:>11.4f}"
        )
    click.echo(f"\nanswer sentence accuracy: {result['answer_sentence_accuracy']:.4f}")
    click.echo(f"refused (not found): {result['refused']}")


@cli.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSONL file of {"text": ...} paragraphs (default: real sentences recombined).',
)
@click.option(
    "--size",
    type=click.IntRange(min=10),
    default=100_000,
    show_default=True,
    help="Paragraphs to make when no --corpus is given.",
)
@click.option(
    "--files",
    type=click.IntRange(min=1),
    is_flag=False,
    flag_value=10_000,
    default=None,
    help="Instead: time `hoidap ingest` of N generated article files (10,000 when N is left out) and a process "
    "serving the questions.",
)
@click.option(
    "--semantic-sample",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="With --files: paragraphs embedded to time the semantic embedding (0: none).",
)
@click.option("--questions", type=click.IntRange(min=1), default=200, show_default=True, help="Questions to time.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench(
    corpus: Path | None, size: int, files: int | None, semantic_sample: int, questions: int, as_json: bool
) -> None:
    """Time hoidap against rank-bm25 and bm25s on the same paragraphs, in one run; with --files, time
    `hoidap ingest` of generated article files, its peak memory, and a process answering questions.

    Runs from a source checkout (its benchmarks/ folder); without --files it needs the bench extra
    (pip install -e '.[bench]'). Uses ../shared/data/xquad.vi.json when it is there.
    """
    root = Path(__file__).resolve().parents[1]
    if not (root / "benchmarks" / "__init__.py").is_file():
        raise click.ClickException("hoidap bench runs from a source checkout: its benchmarks/ folder is missing here")
    sys.path.insert(0, str(root))
    if files is not None:
        from benchmarks import ingest as measure

        result = measure.run(files, questions, semantic_sample)
        click.echo(json.dumps(result) if as_json else "\n".join(f"{name:28} {value}" for name, value in result.items()))
        return

    from benchmarks import bench as benchmark

    if importlib.util.find_spec("bm25s") is None:
        raise click.ClickException("hoidap bench compares against bm25s: pip install -e '.[bench]' (or use --files)")
    try:
        if corpus:
            paragraphs = benchmark.load_jsonl(corpus)
        else:
            paragraphs = benchmark.synthetic_paragraphs(size, benchmark.source_sentences())
        asked = benchmark.bench_questions(questions)
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None

    result = benchmark.run_bench(paragraphs, asked, progress=None if as_json else progress_bar("Building"))
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{result['paragraphs']} paragraphs, {len(asked)} questions")
    rows = [
        ("build (ingest + index)", f"{result['build_s']} s"),
        ("add one article to the index", f"{result['add_article_s']} s"),
        ("hoidap query p50 / p95", f"{result['query_p50_ms']} / {result['query_p95_ms']} ms"),
        ("hoidap ask p50", f"{result['ask_p50_ms']} ms"),
        ("rank-bm25 get_scores p50", f"{result['rank_bm25_p50_ms']} ms"),
        ("bm25s retrieve p50", f"{result['bm25s_p50_ms']} ms"),
        ("speed-up vs rank-bm25", f"{result['speedup_vs_rank_bm25']}x"),
        ("top-10 agreement with rank-bm25", f"{result['top10_agreement']:.2%}"),
        ("cold start to first answer", f"{result['cold_start_s']} s"),
        ("peak RSS of that process", f"{result['peak_rss_mb']} MB"),
    ]
    for name, value in rows:
        click.echo(f"{name:34} {value}")


def _require(settings: Settings, *names: str) -> Settings:
    """The bot's settings: those named must be set, and none the bot reads may be malformed."""
    try:
        settings.require(*names)
        settings.check(*BOT_SETTINGS)
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    return settings


@cli.command()
@db_option
def polling(settings: Settings) -> None:
    """Run the Telegram bot by long polling (local use, or a worker process)."""
    from bot.telegram import StartupError, run_polling

    try:
        run_polling(_require(settings, "telegram_bot_token"))
    except StartupError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@db_option
def webhook(settings: Settings) -> None:
    """Serve the Telegram webhook on 0.0.0.0:$PORT and register WEBHOOK_URL with Telegram."""
    from bot.telegram import StartupError
    from bot.webhook import run_webhook

    try:
        run_webhook(_require(settings, "telegram_bot_token", "webhook_url", "webhook_secret", "port"))
    except StartupError as error:
        raise click.ClickException(str(error)) from None
