//! Running a script of `tests/js/` with node: the pinned packages installed once per run, the
//! header checked against the pin, and each line of the report parsed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;

/// One line of a script's report (tests/js/README.md): what the client did after a close with
/// `code`, or after the goodbye message `text` (the `signals` mode).
#[derive(Debug, Deserialize)]
pub struct Observed {
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default)]
    pub text: Option<String>,
    pub reconnect: bool,
    pub delays_ms: Option<(u64, u64)>,
    pub new_token: Option<bool>,
    pub session: Option<String>,
    #[serde(default)]
    pub retries_ms: Vec<(u64, u64)>,
    /// How many attempts the client makes when every one fails, if it gives up within 20.
    #[serde(default)]
    pub attempts: Option<u32>,
    /// Whether the client went to the address the server gave for resuming.
    #[serde(default)]
    pub resume_url: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Header {
    client: String,
    version: String,
}

fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js")
}

/// Installs the pinned packages once per run (`npm ci`) when `node_modules` does not hold
/// exactly what `package-lock.json` pins.
fn installed() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = js_dir();
        let lock =
            std::fs::read(dir.join("package-lock.json")).expect("tests/js/package-lock.json");
        let stamp = dir.join("node_modules/.closecodes-installed-lock");
        if std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) {
            let status = Command::new("npm")
                .args([
                    "ci",
                    "--ignore-scripts",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ])
                .current_dir(&dir)
                .status()
                .expect(
                    "npm is needed to install the pinned JavaScript clients (tests/js/README.md)",
                );
            assert!(status.success(), "npm ci in tests/js failed: {status}");
            std::fs::write(&stamp, &lock).expect("write the install stamp");
        }
        dir
    })
}

/// The version `package.json` pins for `package`.
fn pinned(package: &str) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(js_dir().join("package.json")).unwrap()).unwrap();
    manifest["dependencies"][package]
        .as_str()
        .unwrap_or_else(|| panic!("{package} is not pinned in tests/js/package.json"))
        .to_owned()
}

/// Runs `script` with `args` (its mode) and returns its report, after checking that the pinned
/// version of `package` ran.
pub fn observe(script: &str, args: &[&str], package: &str) -> Vec<Observed> {
    let dir = installed();
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("node is needed to run the vendors' JavaScript clients (tests/js/README.md)");
    assert!(
        output.status.success(),
        "node {script}: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let header: Header = serde_json::from_str(lines.next().expect("a header line")).unwrap();
    assert_eq!(header.client, package, "{script} ran another package");
    assert_eq!(
        header.version,
        pinned(package),
        "{script} ran another version"
    );
    lines.map(|l| serde_json::from_str(l).unwrap()).collect()
}
