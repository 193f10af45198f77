//! `moderator`: the command line. Parses arguments and calls the library.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use comment_moderator::commands::{
    self, CheckInput, EvalOptions, ExportFormat, ImportFormat, ImportOptions, TrainOptions,
};
use comment_moderator::config::{Overrides, Settings};
use comment_moderator::http::Application;
use comment_moderator::store::Label;
use comment_moderator::telemetry;
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Decides whether a comment is accepted, held for a moderator, or rejected.
#[derive(Parser)]
#[command(name = "moderator", version, about)]
struct Cli {
    /// Configuration file (default: $MODERATOR_CONFIG, else config/default.toml if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API.
    Serve {
        /// Listen address (also MODERATOR_ADDR); default 127.0.0.1:8080.
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Model file (also MODERATOR_MODEL); default models/moderator.model.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Data directory for the feedback store (also MODERATOR_DATA_DIR).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Print the JSON decision for one comment (argument, or standard input).
    Check {
        /// The comment; read from standard input when absent.
        text: Option<String>,
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        author_name: Option<String>,
        #[arg(long)]
        author_email: Option<String>,
        #[arg(long)]
        author_url: Option<String>,
    },
    /// Train the model from the recipe and write it and its model card.
    Train {
        #[arg(long, default_value = "training/recipe.toml")]
        recipe: PathBuf,
        /// Where the model goes [default: models/moderator.model].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where its model card goes [default: models/README.md, or with
        /// --out, the model's path with the extension .md, so a model trained
        /// elsewhere never overwrites the shipped card or another README].
        #[arg(long)]
        card: Option<PathBuf>,
        /// Add the moderator labels of the feedback store.
        #[arg(long)]
        with_feedback: bool,
        /// Data directory of the feedback store (also MODERATOR_DATA_DIR).
        #[arg(long, requires = "with_feedback")]
        data_dir: Option<PathBuf>,
    },
    /// Evaluate: random split, leave-one-source-out, hand-written sets, peers.
    Eval {
        #[arg(long, default_value = "training/recipe.toml")]
        recipe: PathBuf,
        /// Directories of hand-written sets (each holds civil_hard_topics,
        /// identity_bias and comment_spam .jsonl), each reported on its own.
        #[arg(long, num_args = 1.., default_values = ["training/eval", "training/eval/fresh-dev", "training/eval/fresh-sealed", "training/eval/fresh2-dev", "training/eval/fresh2-sealed", "training/eval/fresh3-dev", "training/eval/fresh3-sealed", "training/eval/fresh4-dev", "training/eval/fresh4-sealed"])]
        hand_sets: Vec<PathBuf>,
        /// Write the markdown report here (default: standard output).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Write the report as JSON here too.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Export every fold's rows for the peer script and stop.
        #[arg(long)]
        export_splits: Option<PathBuf>,
        /// Directory with the peer script's scores.
        #[arg(long)]
        peers: Option<PathBuf>,
        /// Add the moderator labels of the feedback store, as `train
        /// --with-feedback` would (they are one more source, so they are
        /// also a leave-one-out fold: the public data tried on your site).
        #[arg(long)]
        with_feedback: bool,
        /// Data directory of the feedback store (also MODERATOR_DATA_DIR).
        #[arg(long, requires = "with_feedback")]
        data_dir: Option<PathBuf>,
    },
    /// Moderator feedback.
    Feedback {
        #[command(subcommand)]
        command: FeedbackCommand,
    },
    /// Configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Exit 0 if the service at the configured address answers /healthz
    /// (for container HEALTHCHECKs).
    Healthcheck {
        /// Address to check (default: the configured listen address).
        #[arg(long)]
        addr: Option<SocketAddr>,
    },
}

#[derive(Subcommand)]
enum FeedbackCommand {
    /// Write every stored label to standard output.
    Export {
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Data directory of the feedback store (also MODERATOR_DATA_DIR).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Store labelled comments from a file (a CMS's moderation history) for
    /// retraining, as POST /v1/feedback stores labels. Every row is checked
    /// first and one bad row stores nothing; labels already stored are
    /// passed over, so running it again is safe.
    Import {
        /// JSON lines (one POST /v1/feedback body per line) or CSV (a header
        /// row of those fields flattened, `author_email`, or WordPress's
        /// column names; see the README). `-` reads standard input.
        file: PathBuf,
        /// Default: csv for a file named *.csv, else jsonl.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Label for rows without one (e.g. a file of spam: `--label spam`).
        #[arg(long, value_parser = Label::NAMES)]
        label: Option<String>,
        /// Leave an invalid e-mail, website or IP field empty (counted)
        /// instead of refusing its row: WordPress does not check them on
        /// spam.
        #[arg(long)]
        drop_invalid_fields: bool,
        /// Data directory of the feedback store (also MODERATOR_DATA_DIR).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate a configuration file (layered with the environment).
    Check {
        /// The file (default: --config, $MODERATOR_CONFIG or config/default.toml).
        file: Option<PathBuf>,
    },
    /// Print the effective configuration, secrets redacted.
    Print,
}

fn settings(config: Option<&PathBuf>, overrides: Overrides) -> anyhow::Result<Settings> {
    Ok(Settings::load(config.map(PathBuf::as_path), &overrides)?)
}

fn main() -> anyhow::Result<()> {
    match run(Cli::parse()) {
        // `moderator check ... | head`: the reader has what it wanted.
        Err(e) if e.chain().any(is_broken_pipe) => Ok(()),
        result => result,
    }
}

/// Any error in the chain (a command's `Write` error included: its
/// `source` is the I/O error) that is a closed pipe.
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The settings to read moderator labels from, for `--with-feedback`.
fn feedback_settings(
    config: Option<&PathBuf>,
    with_feedback: bool,
    data_dir: Option<PathBuf>,
) -> anyhow::Result<Option<Settings>> {
    with_feedback.then(|| settings(config, Overrides { data_dir, ..Default::default() })).transpose()
}

/// Writes a command's output and a newline to standard output; an error
/// (a closed pipe) is returned, not a panic as from `println!`.
fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { addr, model, data_dir } => {
            let settings = settings(cli.config.as_ref(), Overrides { addr, model, data_dir })?;
            telemetry::init_service(settings.logging.format, &settings.logging.level);
            for name in comment_moderator::config::unknown_environment() {
                tracing::warn!(variable = %name, "environment variable names no setting; ignored");
            }
            let system = actix_web::rt::System::new();
            system.block_on(async move {
                let app = Application::build(settings).await?;
                app.run_until_stopped().await.context("the server failed")
            })?;
        }
        Command::Check { text, model, author_name, author_email, author_url } => {
            let settings = settings(cli.config.as_ref(), Overrides { model, ..Default::default() })?;
            let content = match text {
                Some(t) => t,
                None => {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s).context("cannot read the comment from standard input")?;
                    s
                }
            };
            let response = commands::check(&settings, CheckInput { content, author_name, author_email, author_url })?;
            print_out(&serde_json::to_string_pretty(&response)?)?;
        }
        Command::Train { recipe, out, card, with_feedback, data_dir } => {
            telemetry::init_cli();
            let feedback_from = feedback_settings(cli.config.as_ref(), with_feedback, data_dir)?;
            let card = card.unwrap_or_else(|| match &out {
                Some(out) => out.with_extension("md"),
                None => PathBuf::from("models/README.md"),
            });
            let out = out.unwrap_or_else(|| PathBuf::from("models/moderator.model"));
            let started = std::time::Instant::now();
            let output = commands::train(&TrainOptions {
                recipe,
                model_out: out.clone(),
                card_out: card.clone(),
                feedback_from,
            })?;
            eprintln!(
                "trained in {:.1} s; wrote {} and {}",
                started.elapsed().as_secs_f64(),
                out.display(),
                card.display()
            );
            print_out(&comment_moderator::training::card::report(&output))?;
        }
        Command::Eval { recipe, hand_sets, report, json, export_splits, peers, with_feedback, data_dir } => {
            telemetry::init_cli();
            let exporting = export_splits.clone();
            let feedback_from = feedback_settings(cli.config.as_ref(), with_feedback, data_dir)?;
            match commands::evaluate(&EvalOptions { recipe, hand_sets, export_splits, peers, feedback_from })? {
                None => eprintln!("exported the splits to {}", exporting.unwrap_or_default().display()),
                Some(result) => {
                    let markdown = result.markdown();
                    match report {
                        Some(path) => std::fs::write(&path, &markdown)
                            .with_context(|| format!("cannot write {}", path.display()))?,
                        None => print_out(&markdown)?,
                    }
                    if let Some(path) = json {
                        std::fs::write(&path, serde_json::to_vec_pretty(&result)?)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                    }
                }
            }
        }
        Command::Feedback { command: FeedbackCommand::Export { format, data_dir } } => {
            let settings = settings(cli.config.as_ref(), Overrides { data_dir, ..Default::default() })?;
            let format = match format {
                Format::Jsonl => ExportFormat::Jsonl,
                Format::Csv => ExportFormat::Csv,
            };
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let rows = commands::feedback_export(&settings, format, &mut lock)?;
            eprintln!("exported {rows} labels");
        }
        Command::Feedback {
            command: FeedbackCommand::Import { file, format, label, drop_invalid_fields, data_dir },
        } => {
            let settings = settings(cli.config.as_ref(), Overrides { data_dir, ..Default::default() })?;
            let is_csv = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let format = match format {
                Some(Format::Csv) => ImportFormat::Csv,
                Some(Format::Jsonl) => ImportFormat::Jsonl,
                None if is_csv => ImportFormat::Csv,
                None => ImportFormat::Jsonl,
            };
            let options = ImportOptions { label: label.as_deref().and_then(Label::parse), drop_invalid_fields };
            let summary = if file.as_os_str() == "-" {
                commands::feedback_import(&settings, format, std::io::stdin().lock(), &options)?
            } else {
                let input = std::fs::File::open(&file).with_context(|| format!("cannot read {}", file.display()))?;
                commands::feedback_import(&settings, format, input, &options)?
            };
            eprintln!("{summary}");
        }
        Command::Config { command: ConfigCommand::Check { file } } => {
            let file = file.or(cli.config);
            let settings = settings(file.as_ref(), Overrides::default())?;
            let unknown = comment_moderator::config::unknown_environment();
            if !unknown.is_empty() {
                anyhow::bail!(
                    "invalid configuration: environment variables that name no setting: {}",
                    unknown.join(", ")
                );
            }
            let (blocked, suspect) = comment_moderator::policy::rules::Rules::new(&settings.policy, &settings.form)
                .map(|r| r.word_list_sizes())
                .context("the policy rules cannot be built")?;
            println!(
                "configuration is valid (model {}, store {}, {blocked} blocked and {suspect} suspect words)",
                settings.model.path.display(),
                if settings.store.database_url.is_empty() {
                    format!("SQLite in {}", settings.store.data_dir.display())
                } else {
                    "PostgreSQL".into()
                }
            );
        }
        Command::Healthcheck { addr } => {
            let settings = settings(cli.config.as_ref(), Overrides { addr, ..Default::default() })?;
            commands::healthcheck(settings.server.addr, std::time::Duration::from_secs(2))
                .map_err(anyhow::Error::msg)?;
        }
        Command::Config { command: ConfigCommand::Print } => {
            let settings = settings(cli.config.as_ref(), Overrides::default())?;
            print!("{}", settings.redacted_toml());
        }
    }
    Ok(())
}
