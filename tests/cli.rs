//! The `closecodes` command, run as a user would: every subcommand, the JSON contract, bad
//! input, colour rules, and the committed Markdown reference being up to date.

use std::collections::BTreeSet;
use std::process::Command;

use closecodes::Vendor;

/// Runs the command with a clean colour environment; returns (status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    run_with(args, &[])
}

fn run_with(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_closecodes"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run closecodes");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    (
        output.status.code().unwrap_or(-1),
        text(output.stdout),
        text(output.stderr),
    )
}

/// Each shipped vendor file, read with the `toml` crate rather than the crate's compiler: its
/// id and its `[[code]]`, `[[range]]` and `[[status]]` tables.
fn data_files() -> Vec<(String, toml::Table)> {
    let mut files: Vec<(String, toml::Table)> = std::fs::read_dir("codes")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let table: toml::Table =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (table["vendor"]["id"].as_str().unwrap().to_owned(), table)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// How many tables of `kind` (`code`, `range`, `status`) a vendor file has.
fn tables(file: &toml::Table, kind: &str) -> usize {
    file.get(kind)
        .and_then(|v| v.as_array())
        .map_or(0, Vec::len)
}

/// How many `[[message]]` rows of a data file are signals (have an `action`).
fn signals(file: &toml::Table) -> usize {
    file.get("message")
        .and_then(|v| v.as_array())
        .map_or(0, |rows| {
            rows.iter().filter(|r| r.get("action").is_some()).count()
        })
}

/// Runs the command with `input` on its standard input; returns its standard output.
fn run_with_stdin(args: &[&str], input: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_closecodes"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run closecodes");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn ok(args: &[&str]) -> String {
    let (status, stdout, stderr) = run(args);
    assert_eq!(status, 0, "{args:?} failed: {stderr}");
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    stdout
}

#[test]
fn explain_a_private_code_across_vendors() {
    insta::assert_snapshot!(ok(&["explain", "4429"]));
}

#[test]
fn explain_a_code_several_vendors_define() {
    insta::assert_snapshot!(ok(&["explain", "4003"]));
}

/// One vendor's rules, as a person configuring a client reads them.
#[test]
fn a_vendor_s_rules_read_as_text() {
    insta::assert_snapshot!(ok(&["vendor", "metered"]));
}

/// An HTTP refusal, for every vendor that lists it.
#[test]
fn explain_an_http_refusal_for_every_vendor() {
    insta::assert_snapshot!(ok(&["explain", "--status", "429"]));
}

/// A name two vendors give to different codes.
#[test]
fn explain_an_ambiguous_name() {
    insta::assert_snapshot!(ok(&["explain", "RateLimited"]));
}

/// A code neither the vendor nor the standard lists: what the policy does, and exit status 1.
#[test]
fn explain_an_unlisted_code_for_one_vendor() {
    let (status, out, _) = run(&["explain", "4429", "--vendor", "metered"]);
    assert_eq!(status, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn explain_for_one_vendor_falls_back_to_the_standard() {
    insta::assert_snapshot!(ok(&["explain", "1006", "--vendor", "metered"]));
}

#[test]
fn an_unknown_code_still_gets_its_range_and_exit_status_1() {
    // RFC 6455 §7.4.2: 1016–2999 are reserved for future revisions of the protocol, so no
    // vendor defines them and none may be sent.
    let (status, stdout, stderr) = run(&["explain", "2999"]);
    assert_eq!(status, 1);
    assert_eq!(
        stdout,
        "2999: protocol (1000–2999); must never be sent in a close frame.\n\
         No standard meaning: not assigned by the protocol.\n"
    );
    assert_eq!(
        stderr,
        "error: no vendor in the registry defines close code 2999\n"
    );
    let (status, stdout, _) = run(&["explain", "0"]);
    assert_eq!(status, 1);
    assert!(stdout.starts_with("0: not used (0–999); must never be sent in a close frame."));
}

#[test]
fn explain_json_has_the_range_and_every_row() {
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["explain", "4003", "--json"])).unwrap();
    assert_eq!(json["code"], 4003);
    assert_eq!(json["range"], "private");
    assert_eq!(json["sendable"], true);
    let vendors: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["vendor"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = closecodes::explain(4003).map(|e| e.vendor().id()).collect();
    assert_eq!(vendors, expected);
}

/// Issue 19: an `explain --json` entry carries every key of a `list --json` row, in the same
/// order and, for a code's own row, with the same values; then what only an answer has. Metered
/// 4020 limits retries ("reconnect once", codes/metered.toml) and graphql-ws 1000 has a flag
/// rule: the two keys the entries used to drop.
#[test]
fn explain_json_entries_carry_every_list_field_in_order() {
    let mut rows: Vec<serde_json::Value> = Vec::new();
    for vendor in ["metered", "graphql-ws"] {
        let listed: Vec<serde_json::Value> =
            serde_json::from_str(&ok(&["list", vendor, "--json"])).unwrap();
        rows.extend(listed);
    }
    let out = ok(&["explain", "4020", "1000", "4450", "--json"]);
    let mut compared = 0;
    for line in out.lines() {
        let answer: serde_json::Value = serde_json::from_str(line).unwrap();
        for entry in answer["entries"].as_array().unwrap() {
            let entry = entry.as_object().unwrap();
            let Some(row) = rows
                .iter()
                .map(|r| r.as_object().unwrap())
                .find(|r| r["vendor"] == entry["vendor"] && r["code"] == entry["code"])
            else {
                continue;
            };
            let row_keys: Vec<&String> = row.keys().collect();
            let entry_keys: Vec<&String> = entry.keys().take(row.len()).collect();
            assert_eq!(entry_keys, row_keys, "{line}");
            assert!(entry.len() > row.len(), "an answer says more: {line}");
            if entry["origin"] == "row" {
                for (key, value) in row {
                    assert_eq!(&entry[key], value, "{key} in {line}");
                }
                compared += 1;
            }
        }
    }
    let limited =
        out.contains(r#""vendor":"metered","code":4020"#) && out.contains(r#""retry_limit":1"#);
    assert!(limited, "{out}");
    assert!(
        out.contains(r#""flag_rule":{"flag":"subscriptions_active""#),
        "{out}"
    );
    assert!(compared >= 2, "{out}");
}

#[test]
fn list_vendors_and_search() {
    insta::assert_snapshot!("list_realtimeodds", ok(&["list", "realtimeodds"]));
    insta::assert_snapshot!("vendors", ok(&["vendors"]));
    insta::assert_snapshot!("search_token", ok(&["search", "TOKEN"]));
    let all = ok(&["list"]);
    let rows: usize = data_files()
        .iter()
        .map(|(_, file)| tables(file, "code") + tables(file, "range") + signals(file))
        .sum();
    assert_eq!(
        all.lines().filter(|l| l.starts_with(' ')).count(),
        rows + 1,
        "a header and one line per row and signal"
    );
}

#[test]
fn every_read_command_has_json() {
    for args in [
        &["list", "metered", "--json"][..],
        &["vendors", "--json"],
        &["search", "token", "--json"],
        &["explain", "1000", "--json"],
        &["explain", "--status", "429", "--json"],
        &["vendor", "metered", "--json"],
    ] {
        let stdout = ok(args);
        serde_json::from_str::<serde_json::Value>(&stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let vendors: serde_json::Value = serde_json::from_str(&ok(&["vendors", "--json"])).unwrap();
    assert_eq!(vendors[0]["id"], Vendor::standard().id());
    assert_eq!(vendors[0]["standard"], true);
    // Each vendor's `verified` date, as codes/AUDIT.md records it.
    let audit = std::fs::read_to_string("codes/AUDIT.md").unwrap();
    for vendor in vendors.as_array().unwrap() {
        let (id, date) = (
            vendor["id"].as_str().unwrap(),
            vendor["verified"].as_str().unwrap(),
        );
        assert!(
            audit.contains(&format!("## {id} ")) && audit.contains(&format!("verified {date}")),
            "{id}"
        );
    }
}

#[test]
fn export_json_is_the_documented_contract_for_every_row() {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["export", "--format", "json"])).unwrap();
    let expected: usize = data_files()
        .iter()
        .map(|(_, file)| tables(file, "code") + tables(file, "range") + signals(file))
        .sum();
    assert_eq!(
        rows.len(),
        expected,
        "one row per [[code]], [[range]] and signal (a [[message]] with an action) in codes/"
    );
    let mut seen = BTreeSet::new();
    let mut signal_rows = 0;
    for row in &rows {
        for key in ["vendor", "name", "meaning", "action", "source"] {
            assert!(!row[key].is_null(), "{key} missing in {row}");
        }
        let vendor = Vendor::from_id(row["vendor"].as_str().unwrap()).unwrap();
        // Issue 21: a signal is a row whose `kind` is `signal`, with the same keys.
        if row["kind"] == "signal" {
            let message = vendor
                .messages()
                .iter()
                .find(|m| m.name() == row["name"])
                .unwrap();
            let signal = message.signal().unwrap();
            assert_eq!(row["action"], signal.action().as_str());
            assert_eq!(row["meaning"], message.meaning().unwrap());
            assert!(row["code"].is_null(), "{row}");
            assert_eq!(
                row.as_object().unwrap().keys().collect::<Vec<_>>(),
                rows[0].as_object().unwrap().keys().collect::<Vec<_>>()
            );
            signal_rows += 1;
            continue;
        }
        let code = row["code"].as_u64().unwrap() as u16;
        let entry = if row["last_code"] == row["code"] {
            vendor.get(code).unwrap()
        } else {
            vendor.get_range(code).unwrap().entry()
        };
        assert_eq!(row["name"], entry.name());
        assert_eq!(row["meaning"], entry.meaning());
        assert_eq!(row["action"], entry.action().as_str());
        assert_eq!(row["source"], entry.source());
        assert!(
            seen.insert((vendor.id(), entry.code(), entry.last_code())),
            "duplicate row"
        );
    }
    assert!(signal_rows > 0);
    let one: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["export", "--format", "json", "--vendor", "metered"])).unwrap();
    let metered = std::fs::read_to_string("codes/metered.toml").unwrap();
    let metered: toml::Table = toml::from_str(&metered).unwrap();
    assert_eq!(
        one.len(),
        tables(&metered, "code") + tables(&metered, "range") + signals(&metered)
    );
    assert!(one.iter().all(|row| row["vendor"] == "metered"));

    // The README lists every key, in order.
    let readme = include_str!("../README.md");
    let start = readme.find("The JSON export is a stable contract").unwrap();
    let paragraph = &readme[start..start + readme[start..].find("\n\n").unwrap()];
    let mut documented = Vec::new();
    let mut depth = 0;
    for (i, piece) in paragraph.split('`').enumerate() {
        depth += piece.matches('(').count() as i32 - piece.matches(')').count() as i32;
        let is_key = i % 2 == 1 && piece.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if is_key && depth == 0 {
            documented.push(piece);
        }
    }
    for row in &rows {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, documented, "the README's key list");
    }
}

#[test]
fn export_csv() {
    insta::assert_snapshot!(ok(&[
        "export",
        "--format",
        "csv",
        "--vendor",
        "sols-stat-tracker"
    ]));
}

#[test]
fn the_committed_markdown_reference_is_up_to_date() {
    let generated = ok(&["export", "--format", "markdown"]);
    let committed = std::fs::read_to_string("docs/codes.md").unwrap_or_default();
    assert!(
        generated == committed,
        "docs/codes.md is stale; refresh it with:\n    cargo run --features cli -- export --format markdown > docs/codes.md"
    );
}

#[test]
fn bad_input_gets_one_clear_error_and_the_right_status() {
    // Words that name no code are looked up as names, and not found (status 1).
    for name in ["abc", "四〇〇三"] {
        let (status, stdout, stderr) = run(&["explain", name]);
        assert_eq!(status, 1, "{name}: {stderr}");
        assert!(stdout.is_empty(), "{name}");
        assert!(
            stderr.starts_with(&format!("error: no close code is named \"{name}\"")),
            "{stderr}"
        );
    }
    let usage = [
        vec!["explain", "-1"],
        vec!["explain", "65536"],
        vec!["explain", ""],
        vec!["explain"],
        vec!["search", ""],
        vec!["search", "   "],
        vec!["export", "--format", "yaml"],
        vec!["frobnicate"],
    ];
    for args in usage {
        let (status, stdout, stderr) = run(&args);
        assert_eq!(status, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let (status, _, stderr) = run(&["list", "metred"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            1,
            "error: no vendor \"metred\"; did you mean \"metered\"?\n"
        )
    );
    let (status, _, stderr) = run(&["explain", "4003", "--vendor", "sols_stat_trakcer"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            1,
            "error: no vendor \"sols_stat_trakcer\"; did you mean \"sols-stat-tracker\"?\n"
        )
    );
    let (status, _, stderr) = run(&["list", "ünïcödé"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            1,
            "error: no vendor \"ünïcödé\"; `closecodes vendors` lists them\n"
        )
    );
    let (status, _, stderr) = run(&["search", "zzzz"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            1,
            "error: no row's name, meaning or note has all of \"zzzz\"\n"
        )
    );
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let escape = "\u{1b}[";
    let (_, piped, _) = run(&["explain", "4012"]);
    assert!(!piped.contains(escape), "not a terminal: no colour");
    let (_, forced, _) = run_with(&["explain", "4012"], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains(escape), "CLICOLOR_FORCE=1 colours");
    let (_, refused, _) = run_with(
        &["explain", "4012"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!refused.contains(escape), "NO_COLOR wins");
    assert_eq!(refused, piped);
    // An explicit choice wins over both: real colours (a foreground colour, not only resets),
    // and none at all.
    let (_, always, _) = run_with(
        &["explain", "4012", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(
        always.contains("\u{1b}[38;"),
        "--color always colours under NO_COLOR: {always:?}"
    );
    let (_, never, _) = run_with(
        &["explain", "4012", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(never, piped);
}

#[test]
fn the_readme_shows_the_real_output_of_its_run_command() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let command = "cargo run --features cli -- explain 4429";
    let after = &readme[readme.find(command).expect("the README's run command")..];
    let start = after.find("```text\n").expect("its output block") + "```text\n".len();
    let shown = &after[start..start + after[start..].find("```").unwrap()];
    assert_eq!(
        ok(&["explain", "4429"]),
        shown,
        "update the README's output of `{command}`"
    );
}

/// RealtimeOdds: "any other code, normal closure included: reconnect with backoff"
/// (https://docs.realtimeodds.xyz/reference/close-codes/). The command answers for its default
/// like the policy does, and says so, about the code asked.
#[test]
fn explain_for_one_vendor_answers_with_its_default() {
    let (status, out, err) = run(&["explain", "4500", "--vendor", "realtimeodds", "--json"]);
    assert_eq!(status, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entry = &json["entries"][0];
    assert_eq!(entry["origin"], "default");
    assert_eq!(entry["code"], 4500);
    assert_eq!(entry["action"], "backoff");
    assert_eq!(entry["sendable"], true);
    assert_eq!(entry["range"], "private");
    let (_, text, _) = run(&["explain", "1000", "--vendor", "realtimeodds"]);
    assert!(text.contains("Any other code (default)  backoff"), "{text}");
}

/// `closecodes new ID` prints a template that `closecodes check` accepts as it is.
#[test]
fn a_new_template_passes_check() {
    let (status, template, err) = run(&["new", "acme-push"]);
    assert_eq!(status, 0, "{err}");
    let dir = std::env::temp_dir().join(format!("closecodes-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("acme-push.toml");
    std::fs::write(&file, &template).unwrap();
    let (status, out, err) = run(&["check", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(status, 0, "{err}");
    let builtin = Vendor::ALL.len();
    assert_eq!(
        out,
        format!("ok: 1 file checked with the {builtin} built-in ones; 1 new vendor\n")
    );
    let (status, _, err) = run(&["new", "Acme Push"]);
    assert_eq!(status, 2);
    assert!(err.contains("is not a vendor id"), "{err}");
}

/// `closecodes check` reports a broken file with the build's own rustc-style report (the same
/// report `.ci/own-vendors.sh` compares with a real build's), and exits 1.
#[test]
fn check_reports_mistakes_like_the_build() {
    let (status, out, err) = run(&["check", "tests/bad-codes/unknown-action.toml"]);
    assert_eq!(status, 1);
    assert_eq!(out, "");
    assert!(
        err.contains("error: `code[0].action`: unknown action \"bakoff\""),
        "{err}"
    );
    assert!(
        err.contains("--> tests/bad-codes/unknown-action.toml:11:10"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("error: could not compile the close-code data due to 1 previous error"),
        "{err}"
    );
    let (status, _, err) = run(&["check"]);
    assert_eq!(status, 2, "{err}");
}

/// IANA registered 3008 as "Timeout" (the WebSocket Close Code Number Registry); Centrifugo
/// sends 3008 for a slow reader (https://centrifugal.dev/docs/server/codes). Both rows are kept,
/// and `explain` points out the clash.
#[test]
fn explain_shows_a_vendor_reusing_a_registered_code() {
    let (status, out, err) = run(&["explain", "3008"]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains(" rfc6455 ") && out.contains(" centrifugo "),
        "{out}"
    );
    assert!(
        out.contains(
            "centrifugo         reuses 3008, which is registered with IANA as \"Timeout\""
        ),
        "{out}"
    );
}

/// Search folds case, punctuation and run-together names, needs every word, reads notes, and
/// takes `--vendor`: graphql-ws names 4429 `TooManyInitialisationRequests` and Discord names
/// 4008 `RateLimited` (their sources, in codes/).
#[test]
fn search_finds_words_however_names_are_written() {
    let (status, out, err) = run(&["search", "too many", "--vendor", "graphql-ws"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("4429  TooManyInitialisationRequests"), "{out}");
    let (_, out, _) = run(&["search", "RATE-limit", "--vendor", "discord-gateway"]);
    assert!(out.contains("4008  RateLimited"), "{out}");
    // Every word must match: "rate" alone finds it, "rate banana" does not.
    let (status, _, _) = run(&["search", "rate banana", "--vendor", "discord-gateway"]);
    assert_eq!(status, 1);
}

/// `explain` takes several codes, names, `-` for standard input and white space pasted from a
/// log, as the help's examples show.
#[test]
fn explain_takes_names_several_codes_and_standard_input() {
    let (status, out, err) = run(&[
        "explain",
        " 4429 ",
        "NotAuthenticated",
        "--vendor",
        "discord-gateway",
    ]);
    assert_eq!(status, 0, "{err}");
    assert!(out.starts_with("4429: "), "{out}");
    assert!(
        out.contains("\n4003: "),
        "NotAuthenticated is Discord's 4003: {out}"
    );
    let out = run_with_stdin(&["explain", "-", "--vendor", "metered"], b"4010\n 4012 \n");
    assert!(
        out.contains("Over Concurrent Limit") && out.contains("Account Suspended"),
        "{out}"
    );
    let (status, _, err) = run(&["explain", "1000", "--vendor", "metered", "--color", "never"]);
    assert_eq!(status, 0, "{err}");
}

/// `closecodes vendor ID` shows the vendor's rules: graphql-ws retries at most 5 times
/// (`retryAttempts = 5`, src/client.ts:465 at af4f5c9) and is ready on `connection_ack`
/// (PROTOCOL.md:60).
#[test]
fn a_vendor_s_rules_in_one_place() {
    let (status, out, err) = run(&["vendor", "graphql-ws"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("at most 5 attempts"), "{out}");
    assert!(out.contains("Session ready on: connection_ack"), "{out}");
    assert!(out.contains("Flag `subscriptions_active`"), "{out}");
}

/// `explain --status`: an HTTP refusal of the upgrade. Metered's 429 is its per-IP rate limit
/// (the close-codes page's pre-handshake table); a 4xx nobody lists stops, as the policy does,
/// and the exit status says the registry has no row.
#[test]
fn explain_an_http_refusal() {
    let (status, out, err) = run(&["explain", "--status", "429", "--vendor", "metered"]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.starts_with("HTTP 429 refusing the upgrade:\n  metered: backoff"),
        "{out}"
    );
    // Without --vendor: every vendor that lists the status, as `explain CODE` does.
    let (status, out, err) = run(&["explain", "--status", "429"]);
    assert_eq!(status, 0, "{err}");
    let listing: Vec<String> = data_files()
        .into_iter()
        .filter(|(_, file)| {
            let statuses = file.get("status").and_then(|v| v.as_array());
            statuses.is_some_and(|rows| {
                rows.iter()
                    .any(|row| row["status"].as_integer() == Some(429))
            })
        })
        .map(|(id, _)| id)
        .collect();
    assert!(
        listing.len() > 1,
        "codes/ lists 429 for several vendors: {listing:?}"
    );
    for vendor in &listing {
        assert!(
            out.contains(&format!("\n  {vendor}: ")),
            "{vendor} missing: {out}"
        );
    }
    assert!(out.contains("\n  metered: backoff"), "{out}");
    let unlisted = unlisted_client_error();
    let (status, out, err) = run(&["explain", "--status", &unlisted.to_string()]);
    assert_eq!(status, 1);
    assert!(
        out.contains("not listed; a client following the policy does `stop`"),
        "{out}"
    );
    assert_eq!(err, format!("error: no vendor lists HTTP {unlisted}\n"));
}

/// A code the vendor and the standard leave out: the command says what the policy does with
/// it (Metered lists no 4429 and has no default; unknown codes back off, `Policy`'s docs), and
/// still exits 1.
#[test]
fn an_unlisted_code_for_one_vendor_says_what_the_policy_does() {
    let (status, out, err) = run(&["explain", "4429", "--vendor", "metered"]);
    assert_eq!(status, 1);
    assert!(
        out.contains("metered does not list 4429, nor does the standard; a client following the policy does `backoff`"),
        "{out}"
    );
    assert_eq!(
        err,
        "error: neither metered nor the standard defines close code 4429\n"
    );
}

/// Discord's gateway names 4008 `RateLimited` and AssemblyAI names 4029 `RateLimited`
/// (codes/discord-gateway.toml and codes/assemblyai.toml, from their pages): the command says
/// the name is ambiguous before it explains both.
#[test]
fn a_name_several_vendors_give_different_codes_is_called_out() {
    let out = ok(&["explain", "RateLimited"]);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("\"RateLimited\" names "), "{out}");
    assert!(
        first.contains("4008 (discord-gateway)") && first.contains("4029 (assemblyai)"),
        "{out}"
    );
    assert!(
        out.contains("\n4008: ") && out.contains("\n4029: "),
        "{out}"
    );
}

/// Several codes with `--json` give one JSON object per line (JSON Lines), each for one code.
#[test]
fn explain_json_for_several_codes_is_one_object_per_line() {
    let out = ok(&["explain", "4002", "4010", "--vendor", "metered", "--json"]);
    let codes: Vec<u64> = out
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["code"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(codes, [4002, 4010]);
    // The keys the README's CLI section names, in its order.
    for line in out.lines() {
        let object: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["code", "range", "sendable", "entries"]);
        for answer in object["entries"].as_array().unwrap() {
            for key in ["origin", "first_code", "last_code"] {
                assert!(!answer[key].is_null(), "{key} in {answer}");
            }
        }
    }
}

/// `search` takes the words quoted or not, and an unknown name's hint is a command that works.
#[test]
fn search_takes_words_unquoted() {
    let quoted = ok(&["search", "too many", "--vendor", "graphql-ws"]);
    assert_eq!(
        ok(&["search", "too", "many", "--vendor", "graphql-ws"]),
        quoted
    );
    let (status, _, err) = run(&["explain", "rate limit exceeded please"]);
    assert_eq!(status, 1);
    let hint = err.split('`').nth(1).expect("a command in backticks");
    let args: Vec<&str> = hint.split(' ').skip(1).collect();
    let (status, _, err) = run(&args);
    assert_ne!(status, 2, "the hint `{hint}` is not a valid command: {err}");
}

/// One vendor's Markdown says how it was made, not that it is the committed docs/codes.md.
#[test]
fn a_one_vendor_markdown_export_says_how_it_was_made() {
    let out = ok(&["export", "--format", "markdown", "--vendor", "metered"]);
    assert!(
        out.contains("`closecodes export --format markdown --vendor metered`"),
        "{out}"
    );
    assert!(!out.contains("docs/codes.md"), "{out}");
}

/// Counts read as English: Metered 4020 allows one reconnect ("reconnect once", its close-codes
/// page), graphql-ws five attempts (`retryAttempts = 5`, src/client.ts:465 at af4f5c9).
#[test]
fn counts_are_singular_or_plural() {
    let out = ok(&["vendor", "metered"]);
    assert!(
        out.contains("at most 1 reconnect attempt after it"),
        "{out}"
    );
    // Metered documents 1 s, 30 s and ±20 % but no factor ("exponential without a factor",
    // codes/metered.toml), so the factor is the crate's.
    assert!(
        out.contains("Backoff: from 1 s, ×2 (crate default), up to 30 s, ±20 % jitter"),
        "{out}"
    );
    assert!(ok(&["vendor", "graphql-ws"]).contains("at most 5 attempts"));
}

/// `vendor ID --json` carries the rules the text shows: graphql-ws retries at most 5 times
/// (`retryAttempts = 5`, src/client.ts:465 at af4f5c9) and is ready on `connection_ack`
/// (PROTOCOL.md:60); Metered's 4020 allows one reconnect ("reconnect once", its close-codes
/// page).
#[test]
fn a_vendor_s_rules_as_json() {
    let graphql: serde_json::Value =
        serde_json::from_str(&ok(&["vendor", "graphql-ws", "--json"])).unwrap();
    assert_eq!(graphql["id"], "graphql-ws");
    assert_eq!(graphql["backoff"]["max_attempts"], 5);
    assert_eq!(graphql["session"]["ready"], "connection_ack");
    assert_eq!(graphql["flags"][0]["name"], "subscriptions_active");
    let metered: serde_json::Value =
        serde_json::from_str(&ok(&["vendor", "metered", "--json"])).unwrap();
    let limits = metered["retry_limits"].as_array().unwrap();
    assert!(
        limits
            .iter()
            .any(|row| row["code"] == 4020 && row["retry_limit"] == 1),
        "{metered}"
    );
}

/// A 4xx status that no file in `codes/` lists.
fn unlisted_client_error() -> u16 {
    let listed: BTreeSet<i64> = data_files()
        .iter()
        .flat_map(|(_, file)| {
            file.get("status")
                .and_then(|rows| rows.as_array())
                .into_iter()
                .flatten()
                .filter_map(|row| row.get("status").and_then(|s| s.as_integer()))
                .collect::<Vec<_>>()
        })
        .collect();
    (400..500)
        .find(|s| !listed.contains(&i64::from(*s)))
        .expect("some 4xx is unlisted")
}

/// `--status` with `--json` is one object per status; a status nobody lists has no row, and the
/// exit status says so. Statuses outside HTTP's 100–599 are refused; `-` reads standard input.
#[test]
fn explain_status_as_json_lines_and_from_standard_input() {
    let unlisted = unlisted_client_error().to_string();
    let (status, out, _) = run(&["explain", "--status", "429", &unlisted, "--json"]);
    assert_eq!(status, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], 429);
    let answers = lines[0]["answers"].as_array().unwrap();
    assert!(
        answers
            .iter()
            .any(|a| a["vendor"] == "metered" && a["action"] == "backoff"),
        "{out}"
    );
    assert_eq!(lines[1]["answers"][0]["row"], serde_json::Value::Null);
    assert_eq!(lines[1]["answers"][0]["action"], "stop");
    let (status, _, err) = run(&["explain", "--status", "700"]);
    assert_eq!((status, err.contains("100 to 599")), (2, true), "{err}");
    let out = run_with_stdin(
        &["explain", "--status", "-", "--vendor", "metered"],
        b" 429\n",
    );
    assert!(out.contains("metered: backoff"), "{out}");
}

/// A vendor without its own row for a status gets the standard's, and says so: Arcware's file
/// lists no HTTP statuses, the standard lists 429 (RFC 6585 §4).
#[test]
fn a_status_the_vendor_leaves_out_is_answered_by_the_standard_and_says_so() {
    let arcware = std::fs::read_to_string("codes/arcware.toml").unwrap();
    assert!(
        !arcware.contains("[[status]]"),
        "the test needs a vendor without status rows"
    );
    let out = ok(&["explain", "--status", "429", "--vendor", "arcware"]);
    assert!(
        out.contains("arcware: not listed; the rfc6455 row: backoff"),
        "{out}"
    );
}

/// Several unknown codes are all named in the one error, each code is explained once however
/// often it is asked, and the standard is not called "neither the standard nor the standard".
#[test]
fn errors_name_every_missing_code_once() {
    let (status, out, err) = run(&["explain", "4429", "4430", "4429", "--vendor", "metered"]);
    assert_eq!(status, 1);
    assert_eq!(
        err,
        "error: neither metered nor the standard defines close codes 4429, 4430\n"
    );
    assert_eq!(out.matches("4429: private use").count(), 1, "{out}");
    let (_, _, err) = run(&["explain", "4429", "--vendor", "rfc6455"]);
    assert_eq!(err, "error: the standard does not define close code 4429\n");
    // Beside JSON the ambiguous-name line goes to standard error, keeping one object a line.
    let (status, out, err) = run(&["explain", "RateLimited", "--json"]);
    assert_eq!(status, 0);
    assert!(err.starts_with("note: \"RateLimited\" names "), "{err}");
    assert!(
        out.lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
    );
}

/// Names run together in the query find them too: Discord's 4008 `RateLimited`
/// (codes/discord-gateway.toml).
#[test]
fn search_finds_names_written_together() {
    let out = ok(&["search", "ratelimited", "--vendor", "discord-gateway"]);
    assert!(out.contains("4008  RateLimited"), "{out}");
}

/// An unknown name does not hide the codes that were found: graphql-ws lists 4400 and 4401
/// (src/common.ts), and "bogus" names nothing; the exit status still says something was missing.
#[test]
fn explain_goes_on_past_an_unknown_name() {
    let (status, out, err) = run(&["explain", "4400", "bogus", "4401", "--vendor", "graphql-ws"]);
    assert_eq!(status, 1);
    assert!(out.contains("4400: ") && out.contains("\n4401: "), "{out}");
    assert!(
        err.starts_with("error: no close code is named \"bogus\""),
        "{err}"
    );
}

/// A name several vendors give to one code lists the code once, with its vendors: graphql-ws
/// and Hocuspocus both call 4401 Unauthorized (their files' sources).
#[test]
fn an_ambiguous_name_lists_each_code_once() {
    let out = ok(&["explain", "Unauthorized"]);
    let first = out.lines().next().unwrap();
    assert!(first.contains("4401 (graphql-ws, hocuspocus)"), "{first}");
    assert_eq!(first.matches("4401").count(), 1, "{first}");
}

/// A row found only through its note shows that note, since the table has no notes column:
/// Metered's 4011 is "Over Message Rate" and only its note speaks of the limit
/// (codes/metered.toml).
#[test]
fn search_shows_the_note_a_row_was_found_by() {
    let out = ok(&["search", "rate", "limit", "--vendor", "metered"]);
    let notes = &out[out.find("Found in the notes:").expect("a notes section")..];
    assert!(notes.contains("metered            4011"), "{out}");
    let out = ok(&["search", "message", "rate", "--vendor", "metered"]);
    assert!(
        !out.contains("Found in the notes:"),
        "the name matched: {out}"
    );
}

/// `explain --vendor ID --message TEXT` (issue 21's contract): the signal a message is, as JSON
/// with at least `vendor`, `name`, `action` and `source`; exit status 1 when it is none. The
/// messages are the vendors' own examples: Discord's Reconnect `{"op": 7, "d": null}`
/// (https://docs.discord.com/developers/events/gateway-events#reconnect) and Metered's
/// `going_away` with `retryAfterMs` (metered-realtime 1.0.2, protocol/_parser.py:149-153).
#[test]
fn explain_message_says_which_signal_a_message_is() {
    let (status, out, err) = run(&[
        "explain",
        "--vendor",
        "discord-gateway",
        "--message",
        r#"{"op":7,"d":null}"#,
        "--json",
    ]);
    assert_eq!(status, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["vendor"], "discord-gateway");
    assert_eq!(json["name"], "Reconnect");
    assert_eq!(json["action"], "reconnect");
    assert!(json["source"].as_str().unwrap().starts_with("https://"));
    let (status, text, err) = run(&[
        "explain",
        "--vendor",
        "metered",
        "--message",
        r#"{"type":"going_away","retryAfterMs":2500}"#,
    ]);
    assert_eq!(status, 0, "{err}");
    assert!(text.contains("going_away"), "{text}");
    assert!(text.contains("retry_after"), "{text}");
    assert!(text.contains("wait 2.5 s"), "{text}");
    // The ready event is no signal, and neither is a message nobody describes.
    let (status, _, err) = run(&[
        "explain",
        "--vendor",
        "metered",
        "--message",
        r#"{"type":"welcome"}"#,
    ]);
    assert_eq!(status, 1);
    assert!(err.contains("ready event"), "{err}");
    let (status, _, _) = run(&["explain", "--vendor", "metered", "--message", "hello"]);
    assert_eq!(status, 1);
    let (status, _, err) = run(&["explain", "--message", "hello"]);
    assert_eq!(status, 2, "{err}");
}

/// Discord's Invalid Session by its `d` (gateway-events, "Invalid Session": `d` says whether the
/// session may be resumed; with false, wait 1 to 5 s and identify again), and Twitch's
/// `revocation` (handling-websocket-events, "Revocation message": the subscription gets no more
/// notifications; the connection is not closed), which is no goodbye.
#[test]
fn explain_message_reads_a_second_value_and_knows_a_message_that_is_no_goodbye() {
    let invalid = |d: &str| {
        let text = format!(r#"{{"op": 9, "d": {d}}}"#);
        let (status, out, err) = run(&[
            "explain",
            "--vendor",
            "discord-gateway",
            "--message",
            &text,
            "--json",
        ]);
        assert_eq!(status, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let fresh = invalid("false");
    assert_eq!(fresh["name"], "Invalid Session");
    assert_eq!(fresh["session"], "new");
    let resumable = invalid("true");
    assert_eq!(resumable["name"], "Invalid Session (resumable)");
    assert_eq!(resumable["session"], "resume");
    let (status, text, err) = run(&[
        "explain",
        "--vendor",
        "discord-gateway",
        "--message",
        r#"{"op": 9, "d": false}"#,
    ]);
    assert_eq!(status, 0, "{err}");
    assert!(text.contains("Wait 1–5 s"), "{text}");
    let (status, _, err) = run(&[
        "explain",
        "--vendor",
        "twitch-eventsub",
        "--message",
        r#"{"metadata": {"message_type": "revocation"}, "payload": {"subscription": {"status": "authorization_revoked"}}}"#,
    ]);
    assert_eq!(status, 1);
    assert!(err.contains("revocation message, not a signal"), "{err}");
    assert!(err.contains("connection itself goes on"), "{err}");
    let shown = ok(&["vendor", "twitch-eventsub"]);
    let revocation = shown.lines().find(|l| l.contains("`revocation`")).unwrap();
    assert!(revocation.contains("no goodbye"), "{revocation}");
}
