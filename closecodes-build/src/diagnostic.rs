//! Compiler-style errors for mistakes in `codes/*.toml`.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// One TOML file handed to the compiler: the path shown in messages and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as messages show it, e.g. `codes/metered.toml`.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

impl SourceFile {
    /// A file with the path messages show for it and its contents.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The file name without its `.toml` extension, which must equal the vendor id.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.strip_suffix(".toml").unwrap_or(name)
    }
}

/// A place in a source file: byte span plus the 1-based line and column (in characters) it starts at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file's display path.
    pub path: String,
    /// Byte offsets into the file's text.
    pub span: Range<usize>,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// Locates `span` in `file`, clamping it to the text so a bad span can never panic.
    pub fn new(file: &SourceFile, span: Range<usize>) -> Location {
        let len = file.text.len();
        let mut start = span.start.min(len);
        while !file.text.is_char_boundary(start) {
            start -= 1;
        }
        let end = span.end.clamp(start, len);
        let before = &file.text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location {
            path: file.path.clone(),
            span: start..end,
            line,
            column,
        }
    }
}

/// A mistake in the data, with where it is, which key, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the mistake is; `None` for mistakes about the set of files as a whole.
    pub location: Option<Location>,
    /// The TOML key path the mistake concerns, e.g. `code[2].action`.
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A mistake at `span` of `file`.
    pub fn at(
        file: &SourceFile,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            location: Some(Location::new(file, span)),
            key: key.into(),
            message: message.into(),
            help: None,
        }
    }

    /// A mistake about the files as a whole, with no single place to point at.
    pub fn global(key: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: None,
            key: key.into(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds the advice on how to fix the mistake.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Renders the mistake like rustc does, quoting the offending line of `text` (the file's contents).
    pub fn render(&self, text: &str) -> String {
        let title = format!("`{}`: {}", self.key, self.message);
        let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
        if let Some(location) = &self.location {
            group = group.element(
                Snippet::source(text)
                    .line_start(1)
                    .path(location.path.as_str())
                    .annotation(AnnotationKind::Primary.span(location.span.clone())),
            );
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        Renderer::plain().render(&[group])
    }
}

/// One line per mistake: `path:line:column: key: message (help)`, the form tests and logs match on.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(
                f,
                "{}:{}:{}: ",
                location.path, location.line, location.column
            )?;
        }
        write!(f, "`{}`: {}", self.key, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Renders every diagnostic against its file, followed by a count, as a failed build prints them.
pub fn render_all(diagnostics: &[Diagnostic], files: &[SourceFile]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let text = diagnostic
            .location
            .as_ref()
            .and_then(|l| files.iter().find(|f| f.path == l.path))
            .map_or("", |f| f.text.as_str());
        out.push_str(&diagnostic.render(text));
        out.push_str("\n\n");
    }
    let n = diagnostics.len();
    out.push_str(&format!(
        "error: could not compile the close-code data due to {n} previous error{}",
        if n == 1 { "" } else { "s" }
    ));
    out
}
