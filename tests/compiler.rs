//! The data compiler (`closecodes-build`) on this crate's data: every validation rule against
//! the corpus in `tests/bad-codes/`, cross-file rules, and code generation from the shipped
//! files. (The compiler's own unit tests and its golden fixture live in `closecodes-build/`.)
//!
//! Each corpus file starts with `# error: LINE:COLUMN: TEXT` lines, one per diagnostic the file
//! must produce (all of them, in order), written by hand from the file's own line numbers.

use std::path::Path;

use closecodes_build::{self as compiler, Diagnostic, SourceFile};

fn load(path: &Path) -> SourceFile {
    SourceFile {
        path: path.to_string_lossy().replace('\\', "/"),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

fn shipped_files() -> Vec<SourceFile> {
    compiler::toml_files(Path::new("codes"))
        .unwrap()
        .iter()
        .map(|p| load(p))
        .collect()
}

fn standard_file() -> SourceFile {
    load(Path::new("codes/rfc6455.toml"))
}

/// `(line, column, text)` for each `# error:` line at the top of a corpus file.
fn expectations(file: &SourceFile) -> Vec<(usize, usize, String)> {
    file.text
        .lines()
        .map_while(|line| line.strip_prefix("# error: "))
        .map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().unwrap().trim().parse().unwrap();
            let column = parts.next().unwrap().trim().parse().unwrap();
            (line, column, parts.next().unwrap().trim().to_owned())
        })
        .collect()
}

fn check_alongside_standard(file: &SourceFile) -> Vec<Diagnostic> {
    let files = [standard_file(), file.clone()];
    match compiler::check(&files) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

#[test]
fn every_corpus_file_fails_with_exactly_its_expected_errors() {
    let paths = compiler::toml_files(Path::new("tests/bad-codes")).unwrap();
    assert!(paths.len() >= 20, "the corpus has {} files", paths.len());
    for path in paths {
        let file = load(&path);
        let expected = expectations(&file);
        assert!(
            !expected.is_empty(),
            "{} declares no `# error:` lines",
            file.path
        );
        let errors = check_alongside_standard(&file);
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors.len(),
            expected.len(),
            "{}: expected {expected:?}, got {shown:#?}",
            file.path
        );
        for ((line, column, text), error) in expected.iter().zip(&errors) {
            let location = error
                .location
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no location in {error}", file.path));
            assert_eq!(location.path, file.path);
            assert_eq!(
                (location.line, location.column),
                (*line, *column),
                "{}: wrong place for {error}",
                file.path
            );
            assert!(
                error.to_string().contains(text.as_str()),
                "{}: {error} lacks {text:?}",
                file.path
            );
            assert!(
                error.help.is_some(),
                "{}: {error} says nothing about how to fix it",
                file.path
            );
        }
    }
}

#[test]
fn every_diagnostic_names_file_line_column_and_key() {
    let file = load(Path::new("tests/bad-codes/unknown-action.toml"));
    let errors = check_alongside_standard(&file);
    assert_eq!(
        errors[0].to_string(),
        "tests/bad-codes/unknown-action.toml:11:10: `code[0].action`: unknown action \"bakoff\" \
         (help: did you mean \"backoff\"? The actions are: done, reconnect, backoff, retry_after, \
         retry_later, reauthenticate, stop)"
    );
}

#[test]
fn the_report_reads_like_rustc() {
    let file = load(Path::new("tests/bad-codes/many-mistakes.toml"));
    let errors = check_alongside_standard(&file);
    insta::assert_snapshot!(compiler::render_all(&errors, &[file]));
}

#[test]
fn the_shipped_data_is_valid_and_generates_parsable_rust() {
    let files = shipped_files();
    let registry = compiler::check(&files).unwrap_or_else(|errors| {
        panic!("{}", compiler::render_all(&errors, &files));
    });
    assert_eq!(registry.vendors.len(), files.len());
    assert!(
        registry.vendors[0].standard,
        "the standard vendor comes first"
    );
    let generated = compiler::compile(&files).unwrap();
    for (name, source) in generated.files() {
        syn::parse_file(source).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        assert!(source.starts_with("// @generated"), "{name}");
    }
    for vendor in &registry.vendors {
        let module = &vendor.module;
        assert!(generated.codes.contains(&format!("pub mod {module} {{")));
        assert!(
            generated
                .tables
                .contains(&format!("pub(crate) mod {module} {{"))
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let files = shipped_files();
    let mut reversed = files.clone();
    reversed.reverse();
    assert_eq!(
        compiler::compile(&files).unwrap(),
        compiler::compile(&reversed).unwrap()
    );
}

#[test]
fn a_clean_vendor_file_next_to_the_standard_compiles() {
    let file = SourceFile {
        path: "codes/acme-push.toml".into(),
        text: r#"
            [vendor]
            id = "acme-push"
            name = "Acme Push"
            source = "https://acme.example/docs/close-codes"

            [vendor.default]
            action = "backoff"
            meaning = "Anything else is transient."

            [[code]]
            code = 4001
            name = "Bad Key"
            meaning = "The key is wrong."
            action = "stop"
        "#
        .into(),
    };
    let registry = compiler::check(&[standard_file(), file]).unwrap();
    let acme = &registry.vendors[1];
    assert_eq!(
        (acme.variant.as_str(), acme.module.as_str()),
        ("AcmePush", "acme_push")
    );
    assert_eq!(acme.codes[0].variant, "BadKey");
}

#[test]
fn vendor_ids_must_be_unique_across_files() {
    let standard = standard_file();
    let vendor = |path: &str| SourceFile {
        path: path.into(),
        text: "[vendor]\nid = \"twin\"\nname = \"Twin\"\nsource = \"https://example.com\"\n\n\
               [[code]]\ncode = 4000\nname = \"A\"\nmeaning = \"m\"\naction = \"stop\"\n"
            .into(),
    };
    let errors =
        compiler::check(&[standard, vendor("a/twin.toml"), vendor("b/twin.toml")]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].to_string().split(" (help").next().unwrap(),
        "b/twin.toml:2:6: `vendor.id`: vendor id \"twin\" clashes with \"twin\" in a/twin.toml: ids must \
         differ in more than case and punctuation"
    );
}

#[test]
fn vendor_ids_that_differ_only_in_punctuation_clash() {
    let vendor = |id: &str| SourceFile {
        path: format!("codes/{id}.toml"),
        text: format!(
            "[vendor]\nid = \"{id}\"\nname = \"N\"\nsource = \"https://example.com\"\n\n\
             [[code]]\ncode = 4000\nname = \"A\"\nmeaning = \"m\"\naction = \"stop\"\n"
        ),
    };
    let errors =
        compiler::check(&[standard_file(), vendor("acmepush"), vendor("acme-push")]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // Vendors are checked in id order, and `acme-push` sorts first.
    assert_eq!(
        errors[0].to_string().split(" (help").next().unwrap(),
        "codes/acmepush.toml:2:6: `vendor.id`: vendor id \"acmepush\" clashes with \"acme-push\" in \
         codes/acme-push.toml: ids must differ in more than case and punctuation"
    );
}

#[test]
fn a_registry_without_a_standard_file_is_refused() {
    let file = load(Path::new("codes/metered.toml"));
    let errors = compiler::check(&[file]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].location.is_none());
    assert!(
        errors[0]
            .message
            .contains("no file declares `standard = true`")
    );
}

#[test]
fn errors_from_several_files_are_reported_together() {
    let files = [
        standard_file(),
        load(Path::new("tests/bad-codes/unknown-key.toml")),
        load(Path::new("tests/bad-codes/unknown-action.toml")),
    ];
    let errors = compiler::check(&files).unwrap_err();
    let paths: Vec<&str> = errors
        .iter()
        .map(|e| e.location.as_ref().unwrap().path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "tests/bad-codes/unknown-key.toml",
            "tests/bad-codes/unknown-action.toml"
        ]
    );
}

/// The compiler and the library each spell the seven actions; they must agree word for word
/// and variant for variant.
#[test]
fn the_action_words_match_the_library() {
    let words: Vec<&str> = compiler::model::Action::ALL
        .iter()
        .map(|a| a.word())
        .collect();
    let library: Vec<&str> = closecodes::Action::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(words, library);
    for action in compiler::model::Action::ALL {
        assert_eq!(
            compiler::model::Action::from_word(action.word()),
            Some(action)
        );
        assert_eq!(
            format!("{:?}", action.word().parse::<closecodes::Action>().unwrap()),
            action.variant()
        );
    }
}

/// The session and address words, spelled by both the compiler and the library, agree.
#[test]
fn the_session_words_match_the_library() {
    use compiler::model::{Endpoint, Session};
    let words: Vec<&str> = Session::ALL.iter().map(|s| s.word()).collect();
    let library = [
        closecodes::Session::Resume.as_str(),
        closecodes::Session::New.as_str(),
    ];
    assert_eq!(words, library);
    let words: Vec<&str> = Endpoint::ALL.iter().map(|e| e.word()).collect();
    let library = [
        closecodes::Endpoint::Default.as_str(),
        closecodes::Endpoint::Server.as_str(),
    ];
    assert_eq!(words, library);
}

#[test]
fn locations_count_columns_in_characters_and_never_panic() {
    let file = SourceFile {
        path: "x.toml".into(),
        text: "name = \"é\"\nsource = 1".into(),
    };
    let after_accent = compiler::diagnostic::Location::new(&file, 11..12);
    assert_eq!((after_accent.line, after_accent.column), (1, 11));
    let second_line = compiler::diagnostic::Location::new(&file, 12..18);
    assert_eq!((second_line.line, second_line.column), (2, 1));
    // Inside the two-byte `é`, and past the end: clamped, not a panic.
    assert_eq!(compiler::diagnostic::Location::new(&file, 9..9).column, 9);
    assert_eq!(compiler::diagnostic::Location::new(&file, 500..900).line, 2);
}

/// The fenced blocks of one language in a Markdown file, in order.
fn fenced_blocks(markdown: &str, language: &str) -> Vec<String> {
    let open = format!("```{language}");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim() == open => current = Some(String::new()),
            Some(block) if line.trim() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_schema_example_in_codes_readme_compiles() {
    let readme = std::fs::read_to_string("codes/README.md").unwrap();
    let example = fenced_blocks(&readme, "toml").pop().unwrap();
    let file = SourceFile {
        path: "codes/acme-push.toml".into(),
        text: example,
    };
    let registry = compiler::check(&[standard_file(), file]).unwrap_or_else(|e| panic!("{e:?}"));
    let acme = &registry.vendors[1];
    // The example's three rows, its backoff, session table and flag, as the README writes them.
    let codes: Vec<u16> = acme.codes.iter().map(|c| c.code).collect();
    assert_eq!(codes, [4001, 4002, 4003]);
    assert_eq!(acme.backoff.max_attempts, Some(10));
    assert_eq!(acme.session.min_uptime_ms, Some(10_000));
    assert!(acme.session.resubscribe);
    assert_eq!(acme.codes[1].advice.delay_ms, Some((2000, 10_000)));
    assert!(acme.codes[2].when_flag.as_ref().unwrap().uncounted);
    assert_eq!(acme.flags[0].name, "reconnect_on_takeover");
}

#[test]
fn the_readme_shows_the_real_error_for_its_example() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let example = fenced_blocks(&readme, "toml")
        .into_iter()
        .find(|block| block.contains("[vendor]"))
        .expect("the README's vendor file example");
    let good = SourceFile {
        path: "codes/acme-push.toml".into(),
        text: example.clone(),
    };
    compiler::check(&[standard_file(), good]).unwrap_or_else(|e| panic!("{e:?}"));
    let bad = SourceFile {
        path: "codes/acme-push.toml".into(),
        text: example.replacen("action = \"stop\"", "action = \"bakoff\"", 1),
    };
    let errors = compiler::check(&[standard_file(), bad.clone()]).unwrap_err();
    assert_eq!(errors.len(), 1);
    let shown_in_readme = fenced_blocks(&readme, "text")
        .into_iter()
        .find(|b| b.contains("bakoff"))
        .unwrap();
    assert_eq!(
        errors[0].render(&bad.text).trim_end(),
        shown_in_readme.trim_end()
    );
}

proptest::proptest! {
    // Each case compiles a whole registry; 64 cases keep this test to a few seconds.
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_as_a_codes_file_is_an_error_or_a_registry_never_a_panic(text in "\\PC*") {
        let file = SourceFile { path: "codes/fuzzed.toml".into(), text };
        if let Err(errors) = compiler::check(&[standard_file(), file.clone()]) {
            let _ = compiler::render_all(&errors, &[file]);
        }
    }

    #[test]
    fn damaged_real_files_are_errors_or_registries_never_panics(
        which in proptest::prelude::any::<proptest::sample::Index>(),
        cut in proptest::collection::vec((0usize..4000, 0usize..40), 1..4),
    ) {
        let files = shipped_files();
        let file_index = which.index(files.len());
        let mut text = files[file_index].text.clone();
        for (start, len) in cut {
            let start = start.min(text.len());
            let end = (start + len).min(text.len());
            if text.is_char_boundary(start) && text.is_char_boundary(end) {
                text.replace_range(start..end, "");
            }
        }
        let damaged = SourceFile { path: files[file_index].path.clone(), text };
        let mut all = files.clone();
        all[file_index] = damaged;
        match compiler::compile(&all) {
            Ok(generated) => {
                for (_, source) in generated.files() {
                    syn::parse_file(source).expect("generated code parses");
                }
            }
            Err(errors) => {
                proptest::prop_assert!(!errors.is_empty());
                let _ = compiler::render_all(&errors, &all);
            }
        }
    }
}

/// A user's own files (`CLOSECODES_EXTRA_CODES`): a new vendor joins the registry, an `[extend]`
/// file adds rows to a built-in vendor, and neither may change what the crate ships.
mod extra_files {
    use super::*;

    fn builtin() -> Vec<SourceFile> {
        shipped_files()
    }

    fn user(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path, text)
    }

    const ACME: &str = "[vendor]\nid = \"acme-push\"\nname = \"Acme Push\"\nsource = \"https://acme.example/close-codes\"\n\n[[code]]\ncode = 4001\nname = \"Bad Key\"\nmeaning = \"The key is wrong.\"\naction = \"stop\"\n";

    #[test]
    fn a_new_vendor_and_an_extension_join_the_registry() {
        let extension = "[extend]\nvendor = \"metered\"\nsource = \"https://www.metered.ca/docs/new\"\n\n[[code]]\ncode = 4030\nname = \"Region Moved\"\nmeaning = \"The app moved region.\"\naction = \"reconnect\"\n";
        let registry = compiler::check_with_extra(
            &builtin(),
            &[
                user("/home/me/app/codes/acme-push.toml", ACME),
                user("/home/me/app/codes/metered-2027.toml", extension),
            ],
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(registry.vendors.iter().any(|v| v.id == "acme-push"));
        let metered = registry.vendors.iter().find(|v| v.id == "metered").unwrap();
        let added = metered.codes.iter().find(|c| c.code == 4030).unwrap();
        assert_eq!(added.advice.source, "https://www.metered.ca/docs/new");
        // Still sorted by code, so lookups and the typed enum list it in place.
        assert!(metered.codes.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn an_extension_may_only_add() {
        let changes = "[extend]\nvendor = \"metered\"\nsource = \"https://example.com\"\n\n[[code]]\ncode = 4010\nname = \"Something Else\"\nmeaning = \"m\"\naction = \"reconnect\"\n";
        let errors =
            compiler::check_with_extra(&builtin(), &[user("/u/metered-fix.toml", changes)])
                .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].to_string().split(" (help").next().unwrap(),
            "/u/metered-fix.toml:2:10: `extend`: code 4010 is already defined by metered in codes/metered.toml"
        );
    }

    #[test]
    fn an_extension_names_an_existing_vendor() {
        let typo = "[extend]\nvendor = \"meterd\"\nsource = \"https://example.com\"\n\n[[code]]\ncode = 4030\nname = \"A\"\nmeaning = \"m\"\naction = \"stop\"\n";
        let errors =
            compiler::check_with_extra(&builtin(), &[user("/u/x.toml", typo)]).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].to_string(),
            "/u/x.toml:2:10: `extend.vendor`: no vendor has the id \"meterd\" (help: did you mean \"metered\"? `vendor` names the vendor whose rows this file adds to)"
        );
    }

    #[test]
    fn a_user_file_may_not_take_a_built_in_id_or_be_the_standard() {
        let twin = ACME
            .replace("acme-push", "metered")
            .replace("Acme Push", "Mine");
        let standard = ACME.replace("[[code]]", "standard = true\n\n[[code]]");
        let errors = compiler::check_with_extra(
            &builtin(),
            &[
                user("/u/metered.toml", &twin),
                user("/u/acme-push.toml", &standard),
            ],
        )
        .unwrap_err();
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{shown:#?}");
        assert!(shown.iter().any(|e| e.starts_with("/u/acme-push.toml:2:6: `vendor.standard`: an extra file may not declare `standard = true`")), "{shown:#?}");
        assert!(
            shown.iter().any(|e| e.starts_with("/u/metered.toml:2:6: `vendor.id`: vendor id \"metered\" clashes with \"metered\" in codes/metered.toml")
                && e.contains("[extend]")),
            "{shown:#?}"
        );
    }
}
