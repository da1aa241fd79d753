//! `closecodes`: explain WebSocket close codes, list, search and export the registry.
//!
//! Exit status: 0 on success, 1 when the code or vendor asked about is not in the registry,
//! 2 for usage errors.

mod answers;
mod author;
mod connect;
mod explain;
mod export;
mod human;
mod search;

use std::io::Write;
use std::process::ExitCode;

use answers::Row;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use closecodes::Vendor;

/// Explain WebSocket close codes: what a code means to each vendor, and what a client should do.
#[derive(Parser)]
#[command(name = "closecodes", version, long_about = None)]
struct Cli {
    /// When to colour the output: `auto` (on a terminal, unless NO_COLOR is set), `always` or
    /// `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// The `--color` choices.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// What a close code means to every vendor that defines it (or to one vendor), its range,
    /// and whether it may be sent.
    Explain {
        /// Close codes (0–65535) or code names (`TooManyInitialisationRequests`, `not live`), or
        /// `-` to read them from standard input, one per line or separated by commas.
        #[arg(required_unless_present = "message")]
        codes: Vec<String>,
        /// Only this vendor's answer (its default included, else the standard's).
        #[arg(long)]
        vendor: Option<String>,
        /// Explain HTTP statuses that refused the upgrade instead (e.g. `--status 429`).
        #[arg(long)]
        status: bool,
        /// Explain a message the server sent instead: the signal it is (a goodbye inside a
        /// message), by the vendor's data; needs `--vendor`. Exit status 1 when it is none.
        #[arg(long, value_name = "TEXT", conflicts_with = "status")]
        message: Option<String>,
        /// Print JSON instead of a table: one object per code asked, one per line (JSON Lines).
        #[arg(long)]
        json: bool,
    },
    /// Every row of one vendor, or of all vendors.
    List {
        /// A vendor id, e.g. `metered`.
        vendor: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One vendor's rules: its default, backoff, session, flags, retry limits and HTTP statuses.
    Vendor {
        /// A vendor id, e.g. one `closecodes vendors` lists.
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The vendors and protocols in the registry.
    Vendors {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Rows whose name, meaning or note has every one of the words (ignoring case, punctuation
    /// and how names are run together: `rate limit` finds RateLimited).
    Search {
        /// The words to look for, quoted or not.
        #[arg(required = true, value_name = "WORDS")]
        words: Vec<String>,
        /// Only this vendor's rows.
        #[arg(long)]
        vendor: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check your own vendor files with the same compiler as the build, together with the
    /// built-in ones (so clashes show); exit status 1 on any mistake.
    Check {
        /// `.toml` files, or directories whose `*.toml` files to check.
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
    },
    /// Print a commented template for a new vendor file.
    New {
        /// The new vendor's id, e.g. `acme-push` (kebab-case; the file is `<ID>.toml`).
        id: String,
    },
    /// Connect to a vendor's server and stay connected by its rules: print each text message
    /// received on a line of its own, send each line of standard input, and explain every close
    /// on standard error (what it means and what happens next). Exit status 0 when the policy
    /// stops (or standard input ends), 1 when `--max-reconnects` does.
    Connect {
        /// The vendor whose rules to follow, e.g. `metered`.
        vendor: String,
        /// The address to connect to (`ws://…`).
        url: String,
        /// A message to send on every new connection, before anything else (repeatable, in
        /// order: a protocol's opening messages).
        #[arg(long, value_name = "TEXT")]
        send: Vec<String>,
        /// A header for the upgrade request, `NAME:VALUE` (repeatable).
        #[arg(long, value_name = "NAME:VALUE")]
        header: Vec<String>,
        /// Stop after this many reconnects.
        #[arg(long, value_name = "N")]
        max_reconnects: Option<u32>,
        /// Print every event as a JSON line on standard output instead (`event`: `connected`,
        /// `ready`, `message`, `reconnecting` or `stopped`).
        #[arg(long)]
        json: bool,
    },
    /// The whole registry (or one vendor) as JSON, Markdown or CSV.
    Export {
        /// The output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Only this vendor.
        #[arg(long)]
        vendor: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Markdown,
    Csv,
}

/// A failure to report on one line (none when the output already said it), with its exit
/// status.
pub(crate) struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    /// A failure whose explanation is already written.
    fn quiet(status: u8) -> Failure {
        Failure {
            status,
            message: String::new(),
        }
    }

    fn usage(message: impl Into<String>) -> Failure {
        Failure {
            status: 2,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> Failure {
        Failure {
            status: 1,
            message: message.into(),
        }
    }
}

/// Examples and the vendor ids, after the options in `--help`. The examples take a vendor and
/// a code name from the registry itself, so they always work.
fn after_help() -> String {
    let ids: Vec<&str> = Vendor::ALL.iter().map(|v| v.id()).collect();
    let example = Vendor::ALL
        .iter()
        .find(|v| !v.is_standard() && !v.codes().is_empty())
        .and_then(|v| v.codes().first().map(|e| (v.id(), e.code(), e.name())));
    let (vendor, code, name) = example.unwrap_or(("", 1000, "Normal Closure"));
    format!(
        "Examples:\n  closecodes explain 4429\n  closecodes explain {code} --vendor {vendor}\n  \
         closecodes explain \"{name}\"\n  echo 4010 | closecodes explain -\n  \
         closecodes search \"rate limit\"\n  closecodes check codes/\n\nVendors: {}",
        ids.join(", ")
    )
}

fn main() -> ExitCode {
    let matches = Cli::command().after_help(after_help()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let mut out = Vec::new();
    let mut report = Vec::new();
    let result = run(cli.command, cli.color, &mut out, &mut report);
    // A closed pipe (`closecodes list | head`) is not an error worth reporting.
    let _ = std::io::stdout().write_all(&out);
    let _ = std::io::stderr().write_all(&report);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("error: {}", failure.message);
            }
            ExitCode::from(failure.status)
        }
    }
}

fn run(
    command: Command,
    color: ColorChoice,
    out: &mut Vec<u8>,
    report: &mut Vec<u8>,
) -> Result<(), Failure> {
    let style = human::Style::detect(color);
    match command {
        Command::Check { paths } => author::check(&paths, out, report)?,
        Command::Connect {
            vendor,
            url,
            send,
            header,
            max_reconnects,
            json,
        } => connect::run(connect::Options {
            vendor: find_vendor(&vendor)?,
            url,
            send,
            headers: header,
            max_reconnects,
            json,
        })?,
        Command::New { id } => out.extend_from_slice(author::template(&id)?.as_bytes()),
        Command::Explain {
            codes,
            vendor,
            status,
            message,
            json,
        } => {
            let vendor = vendor.as_deref().map(find_vendor).transpose()?;
            if let Some(text) = message {
                let vendor = vendor.ok_or_else(|| {
                    Failure::usage("--message needs --vendor: signals are each vendor's own")
                })?;
                explain::message(out, vendor, &text, json)?;
            } else if status {
                explain::statuses(out, &codes, vendor, json)?;
            } else {
                explain::codes(out, report, style, &codes, vendor, json)?;
            }
        }
        Command::List { vendor, json } => {
            let vendors = selected_vendors(vendor.as_deref())?;
            let rows: Vec<Row> = vendors.iter().flat_map(|v| Row::of(*v)).collect();
            if json {
                export::rows_json(out, &rows);
            } else {
                human::rows(out, style, &rows);
            }
        }
        Command::Vendor { id, json } => {
            let vendor = find_vendor(&id)?;
            if json {
                export::vendor_json(out, vendor);
            } else {
                human::vendor_rules(out, style, vendor);
            }
        }
        Command::Vendors { json } => {
            if json {
                export::vendors_json(out);
            } else {
                human::vendors(out, style);
            }
        }
        Command::Search {
            words,
            vendor,
            json,
        } => {
            let vendors = selected_vendors(vendor.as_deref())?;
            search::run(out, style, &words, &vendors, json)?;
        }
        Command::Export { format, vendor } => {
            let vendors = selected_vendors(vendor.as_deref())?;
            match format {
                Format::Json => {
                    let rows: Vec<Row> = vendors.iter().flat_map(|v| Row::of(*v)).collect();
                    export::rows_json(out, &rows);
                }
                Format::Markdown => export::markdown(out, &vendors),
                Format::Csv => export::csv(out, &vendors),
            }
        }
    }
    Ok(())
}

/// One vendor if `id` names one, else all of them.
fn selected_vendors(id: Option<&str>) -> Result<Vec<Vendor>, Failure> {
    match id {
        Some(id) => Ok(vec![find_vendor(id)?]),
        None => Ok(Vendor::ALL.to_vec()),
    }
}

fn find_vendor(id: &str) -> Result<Vendor, Failure> {
    if let Some(vendor) = Vendor::from_id(id) {
        return Ok(vendor);
    }
    let closest = Vendor::ALL
        .iter()
        .map(|v| (strsim::jaro_winkler(&id.to_lowercase(), v.id()), v.id()))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match closest {
        Some((_, suggestion)) => format!("; did you mean \"{suggestion}\"?"),
        None => "; `closecodes vendors` lists them".to_owned(),
    };
    Err(Failure::not_found(format!("no vendor \"{id}\"{hint}")))
}
