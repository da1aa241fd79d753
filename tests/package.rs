//! What crates.io shows must work from the published crates: the READMEs link only to absolute
//! addresses, and every link into a crate's published source names a file the package ships.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const SOURCE: &str = "https://docs.rs/crate/";

/// Runs cargo in the workspace; its standard output, once it succeeded.
fn cargo(args: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The files `cargo package` would publish for one workspace member.
fn packaged(package: &str) -> BTreeSet<String> {
    let list = cargo(&[
        "package",
        "--list",
        "--allow-dirty",
        "--offline",
        "-p",
        package,
    ]);
    String::from_utf8(list)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every markdown link target in `text` (`[text](target)`).
fn links(text: &str) -> Vec<&str> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

fn check_readme(readme: &str) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(readme)).unwrap();
    let found = links(&text);
    assert!(
        !found.is_empty(),
        "{readme} has no links: the parser is wrong"
    );
    let mut shipped = std::collections::BTreeMap::new();
    let anchors = rustdoc_anchors();
    for target in found {
        assert!(
            target.starts_with("https://") || target.starts_with('#'),
            "{readme} links to {target:?}, which breaks on crates.io: use an absolute address \
             ({SOURCE}<crate>/latest/source/<path> for a file of the package)"
        );
        assert!(
            !target.contains(' '),
            "{readme}: a link with a title or a space: {target:?}"
        );
        let page = target.strip_prefix("https://docs.rs/closecodes/latest/closecodes/");
        if let Some((_, anchor)) = page.and_then(|page| page.split_once('#')) {
            assert!(
                anchors.contains(anchor),
                "{readme} links to #{anchor} on docs.rs, which no heading in the docs makes"
            );
        }
        let Some(rest) = target.strip_prefix(SOURCE) else {
            continue;
        };
        let (package, path) = rest
            .split_once("/latest/source/")
            .expect("a docs.rs source link");
        let files = shipped.entry(package).or_insert_with(|| packaged(package));
        let path = path.trim_end_matches('/');
        assert!(
            files.contains(path)
                || files
                    .iter()
                    .any(|file| file.starts_with(&format!("{path}/"))),
            "{readme} links to {path}, which the {package} package does not ship (its `include`)"
        );
    }
}

/// The anchors rustdoc makes for the headings of the crate's docs: in `src/**/*.md` (included
/// into doc comments) and in `//!` and `///` lines. rustdoc's rule: lower case, spaces to `-`,
/// other punctuation dropped.
fn rustdoc_anchors() -> BTreeSet<String> {
    fn walk(dir: &Path, anchors: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, anchors);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().map(str::trim_start) {
                let doc = match ext {
                    "md" => Some(line),
                    "rs" => line
                        .strip_prefix("//!")
                        .or_else(|| line.strip_prefix("///"))
                        .map(str::trim_start),
                    _ => None,
                };
                let Some(title) = doc.and_then(|d| d.strip_prefix('#')) else {
                    continue;
                };
                let slug = title
                    .trim_start_matches('#')
                    .trim()
                    .to_lowercase()
                    .chars()
                    .filter_map(|c| match c {
                        ' ' => Some('-'),
                        c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                        _ => None,
                    })
                    .collect();
                anchors.insert(slug);
            }
        }
    }
    let mut anchors = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut anchors,
    );
    anchors
}

#[test]
fn the_readme_links_reach_the_published_crate() {
    check_readme("README.md");
}

#[test]
fn the_compiler_readme_links_reach_the_published_crates() {
    check_readme("closecodes-build/README.md");
}

#[test]
fn every_package_ships_its_licences_and_says_where_its_docs_are() {
    let output = cargo(&[
        "metadata",
        "--no-deps",
        "--offline",
        "--format-version",
        "1",
    ]);
    let metadata: serde_json::Value = serde_json::from_slice(&output).unwrap();
    for package in ["closecodes", "closecodes-build"] {
        let files = packaged(package);
        for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
            assert!(files.contains(file), "{package} does not ship {file}");
        }
        let manifest = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == package)
            .unwrap();
        // docs.rs builds every crates.io release at this address.
        assert_eq!(
            manifest["documentation"].as_str(),
            Some(format!("https://docs.rs/{package}").as_str()),
            "{package}'s documentation link"
        );
    }
}

/// The `[dependencies]` block the README gives a newcomer.
fn readme_dependencies() -> toml::Table {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```toml\n[dependencies]")
        .expect("a [dependencies] block")
        + 8;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    toml::from_str::<toml::Table>(block).unwrap()["dependencies"]
        .as_table()
        .unwrap()
        .clone()
}

/// The crates a Rust snippet names at the start of a path (`use futures_util::…`,
/// `tokio::time::sleep`), leaving out the standard library and closecodes itself.
fn crates_named(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("::") {
        let before = &code[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &before[start..];
        let follows_path = before[..start].ends_with("::");
        let is_crate = name.starts_with(|c: char| c.is_ascii_lowercase());
        if !follows_path && is_crate {
            names.insert(name.to_owned());
        }
    }
    for not_a_dependency in [
        "std",
        "core",
        "alloc",
        "crate",
        "self",
        "super",
        "closecodes",
    ] {
        names.remove(not_a_dependency);
    }
    names
}

/// Someone who copies the Policy page's tokio-tungstenite loop into a package with the
/// README's dependencies gets every crate it names, at the tungstenite version the feature
/// speaks, and the README states the Rust version the manifest requires.
#[test]
fn the_readme_dependencies_build_the_documented_client() {
    let dependencies = readme_dependencies();
    let snippet = include_str!("../src/reconnect/tokio_tungstenite.md");
    let code = &snippet[snippet.find("```rust").unwrap()..];
    let code = &code[..code[7..].find("```").unwrap() + 7];
    let named = crates_named(code);
    assert!(
        named.contains("tokio_tungstenite"),
        "the parser found {named:?}"
    );
    for name in &named {
        assert!(
            dependencies.contains_key(&name.replace('_', "-")),
            "the Policy page's loop uses `{name}`, which the README's [dependencies] lack"
        );
    }

    let manifest: toml::Table = toml::from_str(include_str!("../Cargo.toml")).unwrap();
    let version = |table: &toml::Table, name: &str| -> String {
        match &table[name] {
            toml::Value::String(v) => v.clone(),
            other => other["version"].as_str().unwrap().to_owned(),
        }
    };
    let ours = manifest["package"]["version"].as_str().unwrap();
    let asked = version(&dependencies, "closecodes");
    assert!(
        ours.starts_with(&format!("{asked}.")),
        "README asks closecodes {asked}, the crate is {ours}"
    );
    let spoken = version(manifest["dependencies"].as_table().unwrap(), "tungstenite");
    assert_eq!(
        version(&dependencies, "tokio-tungstenite"),
        spoken,
        "tokio-tungstenite x.y uses tungstenite x.y: the README must ask for the one the feature speaks"
    );
    let rust = manifest["package"]["rust-version"].as_str().unwrap();
    assert!(
        include_str!("../README.md").contains(&format!("Rust {rust} or newer")),
        "the README must state rust-version {rust}"
    );
}
