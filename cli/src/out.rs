//! Everything the CLI prints goes through here (issue 24 §1): [`say!`] for a line of stdout,
//! [`tell!`] for a line of stderr, [`json`] for `--json` output.
//!
//! Two guarantees, kept in this one place so that no printer can forget them:
//!
//! - **Names cannot drive the terminal.** A design's names, and Azure's JSON imported in its place,
//!   are untrusted text: an ANSI escape in a VNet's name could recolour, hide or rewrite what a
//!   reviewer reads in CI, a CR could overwrite a line, a NUL could truncate it in some viewers, and
//!   a bidi override (U+202A–202E, U+2066–2069) could make `deny` read as `allow`. [`clean`] escapes
//!   each of them (as Rust's `\u{1b}`) in every text line. JSON output is escaped by serde instead
//!   (control characters become `\u001b`); it is printed as is.
//! - **A closed pipe ends quietly.** `vnet … | head -1` closes stdout early; `println!` would
//!   panic ("failed printing to stdout: Broken pipe") with a backtrace hint. Here the first
//!   `BrokenPipe` stops all further output, and the command finishes with the exit code its
//!   answer deserves (so `set -o pipefail` still sees a finding), printing nothing more.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout's reader has gone away: everything after is dropped.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether `c` must not reach a terminal as is: every control character (C0 with NUL, TAB, LF,
/// CR and ESC; DEL; C1 with CSI), and the bidirectional formatting characters (the embeddings and
/// overrides U+202A–202E, the isolates U+2066–2069, and the marks U+200E, U+200F and U+061C).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` with each unsafe character escaped as `\u{…}`; borrowed when there is none (the
/// common case).
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `text` and a newline to stdout, unless the pipe is already closed.
fn write_stdout(text: &str) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = io::stdout().lock();
    let written = stdout.write_all(text.as_bytes()).and_then(|()| stdout.write_all(b"\n"));
    if let Err(e) = written {
        CLOSED.store(true, Ordering::Relaxed);
        // A reader that went away is the normal end of `| head`; any other failure (a full disk
        // behind a redirection) is said once, and output stops as well.
        if e.kind() != io::ErrorKind::BrokenPipe {
            line_to_stderr(&format!("error: cannot write the output: {e}"));
        }
    }
}

/// One line of text output, escaped ([`clean`]).
pub fn line(text: &str) {
    write_stdout(&clean(text));
}

/// Several lines of text output (a multi-line report), each escaped.
pub fn lines(text: &str) {
    for l in text.lines() {
        line(l);
    }
}

/// `--json` output: serde has already escaped every control character inside its strings.
pub fn json(text: &str) {
    write_stdout(text);
}

/// One line on stderr (errors, warnings, notes), escaped; a closed stderr is ignored.
pub fn line_to_stderr(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", clean(text));
}

/// `println!` through [`line`].
macro_rules! say {
    () => {
        $crate::out::line("")
    };
    ($($arg:tt)*) => {
        $crate::out::line(&format!($($arg)*))
    };
}

/// `eprintln!` through [`line_to_stderr`].
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::out::line_to_stderr(&format!($($arg)*))
    };
}

pub(crate) use {say, tell};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(clean("hub → spoke-1 (10.0.0.0/16) é"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_ansi_cr_nul_and_bidi_overrides() {
        assert_eq!(clean("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(clean("x\ry\0z\n"), "x\\u{d}y\\u{0}z\\u{a}");
        assert_eq!(clean("\u{202E}ynned\u{202C}"), "\\u{202e}ynned\\u{202c}");
        assert_eq!(clean("\u{2066}a\u{2069}\u{9b}"), "\\u{2066}a\\u{2069}\\u{9b}");
    }
}
