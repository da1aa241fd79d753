//! `closecodes`: explain WebSocket close codes, list, search and export the registry.
//!
//! Exit status: 0 on success, 1 when the code or vendor asked about is not in the registry,
//! 2 for usage errors.

mod author;
mod export;
mod human;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use closecodes::{Answer, Entry, Vendor};

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
        #[arg(required = true)]
        codes: Vec<String>,
        /// Only this vendor's answer (its default included, else the standard's).
        #[arg(long)]
        vendor: Option<String>,
        /// Explain HTTP statuses that refused the upgrade instead (e.g. `--status 429`).
        #[arg(long)]
        status: bool,
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
        Command::New { id } => out.extend_from_slice(author::template(&id)?.as_bytes()),
        Command::Explain {
            codes,
            vendor,
            status: true,
            ..
        } => {
            let vendor = vendor.as_deref().map(find_vendor).transpose()?;
            let mut missing = None;
            for (i, text) in codes.iter().enumerate() {
                let status: u16 = text.trim().parse().map_err(|_| {
                    Failure::usage(format!(
                        "{text} is not an HTTP status: give a number such as 429"
                    ))
                })?;
                if i > 0 {
                    out.push(b'\n');
                }
                // One vendor: its answer. Every vendor: each one that lists the status, else
                // the standard's answer.
                let vendors: Vec<Vendor> = match vendor {
                    Some(vendor) => vec![vendor],
                    None => {
                        let listing: Vec<Vendor> = Vendor::ALL
                            .iter()
                            .copied()
                            .filter(|v| v.handshake_status(status).is_some())
                            .collect();
                        if listing.is_empty() {
                            vec![Vendor::standard()]
                        } else {
                            listing
                        }
                    }
                };
                if !human::status(out, status, &vendors) {
                    missing.get_or_insert(status);
                }
            }
            if let Some(status) = missing {
                return Err(Failure::not_found(format!(
                    "{} lists HTTP {status}",
                    vendor.map_or("no vendor".to_owned(), |v| format!(
                        "neither {v} nor the standard"
                    ))
                )));
            }
        }
        Command::Explain {
            codes,
            vendor,
            json,
            ..
        } => {
            let vendor = vendor.as_deref().map(find_vendor).transpose()?;
            let (codes, named) = codes_asked(&codes, vendor)?;
            if !json {
                for line in named {
                    let _ = writeln!(out, "{line}\n");
                }
            }
            let mut missing = Vec::new();
            for (i, &code) in codes.iter().enumerate() {
                // One vendor: its answer, default included, as the policy would act on it.
                // Every vendor: each one's own row or range for the code.
                let answers: Vec<Answer> = match vendor {
                    Some(vendor) => vendor.answer(code).into_iter().collect(),
                    None => closecodes::explain(code)
                        .filter_map(|entry| entry.vendor().answer(code))
                        .collect(),
                };
                if i > 0 && !json {
                    out.push(b'\n');
                }
                if json {
                    export::explain_json(out, code, &answers);
                } else {
                    human::explain(out, style, code, vendor, &answers);
                    if let (Some(vendor), true) = (vendor, answers.is_empty()) {
                        human::unlisted_code(out, code, vendor);
                    }
                }
                if answers.is_empty() {
                    missing.push(code);
                }
            }
            if let Some(&code) = missing.first() {
                let whom = vendor.map_or("no vendor in the registry defines".to_owned(), |v| {
                    format!("neither {v} nor the standard defines")
                });
                return Err(Failure::not_found(format!("{whom} close code {code}")));
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
        Command::Vendor { id } => human::vendor_rules(out, style, find_vendor(&id)?),
        Command::Vendors { json } => {
            if json {
                export::vendors_json(out);
            } else {
                human::vendors(out, style);
            }
        }
        Command::Search {
            words: text,
            vendor,
            json,
        } => {
            let text = text.join(" ");
            let words: Vec<String> = words_of(&text).split(' ').map(str::to_owned).collect();
            if words.iter().all(String::is_empty) {
                return Err(Failure::usage(
                    "the search text is empty; give a word to look for, e.g. `closecodes search token`",
                ));
            }
            let vendors = selected_vendors(vendor.as_deref())?;
            let entries: Vec<&Entry> = vendors
                .iter()
                .flat_map(|v| rows(*v))
                .filter(|e| {
                    let haystack = words_of(&format!(
                        "{} {} {}",
                        e.name(),
                        e.meaning(),
                        e.note().unwrap_or("")
                    ));
                    words.iter().all(|w| haystack.contains(w.as_str()))
                })
                .collect();
            if json {
                export::entries_json(out, &entries);
            } else if !entries.is_empty() {
                human::entries(out, style, &entries);
            }
            if entries.is_empty() {
                return Err(Failure::not_found(format!(
                    "no row's name, meaning or note has all of \"{text}\""
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

/// `text` as lower-case words separated by single spaces: punctuation and underscores split
/// words, and so does a capital after a small letter (`TooManyRequests` is "too many requests").
fn words_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && previous_lower {
                out.push(' ');
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            out.extend(c.to_lowercase());
        } else {
            previous_lower = false;
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        }
    }
    out.trim_end().to_owned()
}

/// The codes `explain` was asked about: numbers (surrounding white space allowed, as pasted
/// from a log), code names (folded, as the library folds them), and `-` for standard input.
/// Also a line for each name that several vendors give to different codes.
fn codes_asked(
    args: &[String],
    vendor: Option<Vendor>,
) -> Result<(Vec<u16>, Vec<String>), Failure> {
    let mut words: Vec<String> = Vec::new();
    for arg in args {
        if arg.trim() == "-" {
            let mut input = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
                .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
            words.extend(input.split([',', '\n']).map(str::to_owned));
        } else {
            words.push(arg.clone());
        }
    }
    let mut codes = Vec::new();
    let mut named = Vec::new();
    for word in words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        if let Ok(code) = word.parse::<u16>() {
            codes.push(code);
            continue;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Failure::usage(format!(
                "{word} is not a close code: codes run from 0 to 65535"
            )));
        }
        let vendors: Vec<Vendor> = match vendor {
            Some(vendor) => vec![vendor],
            None => Vendor::ALL.to_vec(),
        };
        let found: Vec<&Entry> = vendors.iter().filter_map(|v| v.get_by_name(word)).collect();
        let mut distinct: Vec<u16> = found.iter().map(|e| e.code()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 1 {
            let each: Vec<String> = found
                .iter()
                .map(|e| format!("{} ({})", e.code(), e.vendor()))
                .collect();
            named.push(format!(
                "\"{word}\" names {} codes: {}",
                distinct.len(),
                each.join(", ")
            ));
        }
        if found.is_empty() {
            return Err(Failure::not_found(format!(
                "no close code is named \"{word}\"; `closecodes search {word}` looks for its words in names, meanings and notes"
            )));
        }
        for code in found.iter().map(|e| e.code()) {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    if codes.is_empty() {
        return Err(Failure::usage(
            "no close code given; e.g. `closecodes explain 4429`",
        ));
    }
    Ok((codes, named))
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
