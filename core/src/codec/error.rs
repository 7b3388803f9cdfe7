//! Why a file or share link could not be read, with a one-line message for people.

use std::fmt;

/// Why a design could not be decoded. `Display` gives one clear sentence for the person who
/// opened the file or link; the fields give the details to code and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The JSON is malformed, or a value does not fit the model. `path` is the JSON path of the
    /// offending value (`design.subnets[3].prefix`; empty for the document itself); `message`
    /// says what is wrong with it (`invalid IP address syntax`).
    Json { path: String, message: String },
    /// The design was written by a newer vnet-studio, with a schema this build does not know.
    FutureVersion { found: u32, supported: u32 },
    /// Not a share link this build knows: no `<link version>.` prefix, or a newer link format.
    /// The text says what was found, as the end of a sentence ("it is empty").
    UnknownFormat(String),
    /// A share link whose data is damaged: bad base64, a bad deflate stream, text that is not
    /// UTF-8. The text names the damage ("the compressed data is invalid").
    Corrupt(String),
    /// The input, or what it expands to, is over `limit` bytes (a decompression-bomb guard).
    TooLarge { limit: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Json { path, message } if path.is_empty() => {
                write!(f, "The design could not be read: {message}.")
            }
            DecodeError::Json { path, message } => {
                write!(f, "The design could not be read at {path}: {message}.")
            }
            DecodeError::FutureVersion { found, supported } => write!(
                f,
                "This design was made by a newer vnet-studio (schema {found}); this one reads up to schema {supported}."
            ),
            DecodeError::UnknownFormat(what) => {
                write!(f, "This is not a share link this vnet-studio can read: {what}.")
            }
            DecodeError::Corrupt(what) => {
                write!(f, "This share link is damaged ({what}): was it cut off when copied?")
            }
            DecodeError::TooLarge { limit } => {
                write!(f, "This design is more than {}, larger than any design the studio accepts.", human_size(*limit))
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Text quoted from the input (a name, a key) may hold control characters: escaped, so that a
/// message stays on one line.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `16 MB`, `1.5 MB`, `64 KB`, `100 bytes` (binary units, as people read file sizes).
fn human_size(bytes: usize) -> String {
    const KB: usize = 1024;
    const MB: usize = 1024 * 1024;
    let (unit, name) = match bytes {
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        _ => return format!("{bytes} bytes"),
    };
    let whole = bytes / unit;
    let tenth = (bytes % unit) / (unit / 10);
    if tenth == 0 {
        format!("{whole} {name}")
    } else {
        format!("{whole}.{tenth} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_clear_sentence() {
        let cases = [
            (
                DecodeError::Json {
                    path: "design.subnets[3].prefix".into(),
                    message: "invalid IP address syntax".into(),
                },
                "The design could not be read at design.subnets[3].prefix: invalid IP address syntax.",
            ),
            (
                DecodeError::Json {
                    path: String::new(),
                    message: "EOF while parsing a value at line 1 column 0".into(),
                },
                "The design could not be read: EOF while parsing a value at line 1 column 0.",
            ),
            (
                DecodeError::FutureVersion { found: 7, supported: 1 },
                "This design was made by a newer vnet-studio (schema 7); this one reads up to schema 1.",
            ),
            (
                DecodeError::Corrupt("the compressed data is invalid".into()),
                "This share link is damaged (the compressed data is invalid): was it cut off when copied?",
            ),
            (
                DecodeError::TooLarge { limit: 16 * 1024 * 1024 },
                "This design is more than 16 MB, larger than any design the studio accepts.",
            ),
            (
                DecodeError::UnknownFormat("it is empty".into()),
                "This is not a share link this vnet-studio can read: it is empty.",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
            assert!(!error.to_string().contains('\n'));
        }
    }

    #[test]
    fn sizes_read_like_file_sizes() {
        assert_eq!(human_size(16 * 1024 * 1024), "16 MB");
        assert_eq!(human_size(3 * 1024 * 1024 / 2), "1.5 MB");
        assert_eq!(human_size(2_000_000), "1.9 MB");
        assert_eq!(human_size(64 * 1024), "64 KB");
        assert_eq!(human_size(100), "100 bytes");
        assert!(human_size(usize::MAX).ends_with(" MB"));
    }
}
