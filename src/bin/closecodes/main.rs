//! `closecodes`: explain WebSocket close codes, list, search and export the registry.
//!
//! Exit status: 0 on success, 1 when the code or vendor asked about is not in the registry,
//! 2 for usage errors.

mod author;
mod export;
mod human;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use closecodes::{Answer, Entry, Vendor};

/// Explain WebSocket close codes across vendors, from the closecodes registry.
#[derive(Parser)]
#[command(name = "closecodes", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// What a close code means to every vendor that defines it (or to one vendor), its range,
    /// and whether it may be sent.
    Explain {
        /// The close code, 0–65535.
        code: u16,
        /// Only this vendor's row (falling back to the standard's).
        #[arg(long)]
        vendor: Option<String>,
        /// Print JSON instead of a table.
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
    /// The vendors and protocols in the registry.
    Vendors {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Rows whose name or meaning contains TEXT (ignoring case).
    Search {
        /// The text to look for.
        text: String,
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
    /// The whole registry (or one vendor) as JSON, Markdown or CSV.
    Export {
        /// The output format.
        #[arg(long, value_enum)]
        format: Format,
        /// Only this vendor.
        #[arg(long)]
        vendor: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Vec::new();
    let mut report = Vec::new();
    let result = run(cli.command, &mut out, &mut report);
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

fn run(command: Command, out: &mut Vec<u8>, report: &mut Vec<u8>) -> Result<(), Failure> {
    let style = human::Style::detect();
    match command {
        Command::Check { paths } => author::check(&paths, out, report)?,
        Command::New { id } => out.extend_from_slice(author::template(&id)?.as_bytes()),
        Command::Explain { code, vendor, json } => {
            let vendor = vendor.as_deref().map(find_vendor).transpose()?;
            // One vendor: its answer, default included, as the policy would act on it. Every
            // vendor: each one's own row or range for the code.
            let answers: Vec<Answer> = match vendor {
                Some(vendor) => vendor.answer(code).into_iter().collect(),
                None => closecodes::explain(code)
                    .filter_map(|entry| entry.vendor().answer(code))
                    .collect(),
            };
            if json {
                export::explain_json(out, code, &answers);
            } else {
                human::explain(out, style, code, vendor, &answers);
            }
            if answers.is_empty() {
                let whom = vendor.map_or("no vendor in the registry".to_owned(), |v| {
                    format!("{v} (nor the standard)")
                });
                return Err(Failure::not_found(format!(
                    "{whom} defines close code {code}"
                )));
            }
        }
        Command::List { vendor, json } => {
            let vendors = selected_vendors(vendor.as_deref())?;
            let entries: Vec<&Entry> = vendors.iter().flat_map(|v| rows(*v)).collect();
            if json {
                export::entries_json(out, &entries);
            } else {
                human::entries(out, style, &entries);
            }
        }
        Command::Vendors { json } => {
            if json {
                export::vendors_json(out);
            } else {
                human::vendors(out, style);
            }
        }
        Command::Search { text, json } => {
            let needle = text.trim().to_lowercase();
            if needle.is_empty() {
                return Err(Failure::usage(
                    "the search text is empty; give a word to look for, e.g. `closecodes search token`",
                ));
            }
            let entries: Vec<&Entry> = Vendor::ALL
                .iter()
                .flat_map(|v| rows(*v))
                .filter(|e| {
                    e.name().to_lowercase().contains(&needle)
                        || e.meaning().to_lowercase().contains(&needle)
                })
                .collect();
            if json {
                export::entries_json(out, &entries);
            } else if !entries.is_empty() {
                human::entries(out, style, &entries);
            }
            if entries.is_empty() {
                return Err(Failure::not_found(format!(
                    "no name or meaning contains \"{text}\""
                )));
            }
        }
        Command::Export { format, vendor } => {
            let vendors = selected_vendors(vendor.as_deref())?;
            match format {
                Format::Json => {
                    let entries: Vec<&Entry> = vendors.iter().flat_map(|v| rows(*v)).collect();
                    export::entries_json(out, &entries);
                }
                Format::Markdown => export::markdown(out, &vendors),
                Format::Csv => export::csv(out, &vendors),
            }
        }
    }
    Ok(())
}

/// A vendor's rows: its codes, then its range rules.
pub(crate) fn rows(vendor: Vendor) -> impl Iterator<Item = &'static Entry> {
    vendor.codes().iter().chain(vendor.ranges())
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
