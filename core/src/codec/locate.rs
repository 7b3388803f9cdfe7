//! The JSON path of a position in a JSON text (`design.subnets[3].prefix`), for error messages
//! (DECISIONS 12). serde_json reports where a bad value ends as a line and column; scanning the
//! text up to there gives the path. This replaces a path-tracking deserializer, which doubled the
//! decoding code of every model type in the wasm.

/// One level of nesting on the way to the position.
enum Frame {
    Object { key: Option<String>, expect_key: bool },
    Array { index: usize },
}

/// The path of the value at `line`/`column` (1-based, as serde_json counts them) in `text`.
pub(crate) fn path_at(text: &str, line: usize, column: usize) -> String {
    let end = offset(text, line, column);
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end && i < bytes.len() {
        match bytes[i] {
            b'{' => frames.push(Frame::Object { key: None, expect_key: true }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let (s, next) = string_at(bytes, i);
                if let Some(Frame::Object { key, expect_key }) = frames.last_mut() {
                    if *expect_key {
                        *key = Some(s);
                        *expect_key = false;
                    }
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &frames {
        match f {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                // Keys come from the input: control characters are escaped so a message stays one line.
                for c in k.chars() {
                    if c.is_control() {
                        path.extend(c.escape_default());
                    } else {
                        path.push(c);
                    }
                }
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The byte offset of a 1-based line and column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    start.saturating_add(column).min(text.len())
}

/// The string starting at `bytes[i] == b'"'` (escapes kept simple: `\"` and `\\` are handled,
/// others copied) and the index after its closing quote.
fn string_at(bytes: &[u8], i: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), j + 1),
            b'\\' if j + 1 < bytes.len() => {
                out.push(bytes[j + 1]);
                j += 2;
            }
            b => {
                out.push(b);
                j += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> String {
        // The position just after `needle`, as serde_json reports a bad value's end.
        let pos = text.find(needle).map(|p| p + needle.len()).unwrap_or(0);
        let line = text[..pos].matches('\n').count() + 1;
        let col = pos - text[..pos].rfind('\n').map(|n| n + 1).unwrap_or(0);
        path_at(text, line, col)
    }

    #[test]
    fn paths_name_keys_and_indices() {
        let text = r#"{"design": {"subnets": [{"prefix": "a"}, {"name": "x", "prefix": "10.0.0.300/24"}]}}"#;
        assert_eq!(at(text, r#""10.0.0.300/24""#), "design.subnets[1].prefix");
        assert_eq!(at(text, r#""a""#), "design.subnets[0].prefix");
        let multi = "{\n  \"schema\": 1,\n  \"design\": {\n    \"vnets\": [\n      {\"id\": \"v1\", \"addressSpace\": [\"x\", \"10.0.0.0/33\"]}\n    ]\n  }\n}";
        assert_eq!(at(multi, r#""10.0.0.0/33""#), "design.vnets[0].addressSpace[1]");
    }

    #[test]
    fn strings_with_braces_and_escapes_do_not_confuse_it() {
        let text = r#"{"a": "{[\"", "b": [1, 2, "x"]}"#;
        assert_eq!(at(text, r#""x""#), "b[2]");
    }

    #[test]
    fn control_characters_in_keys_are_escaped() {
        let text = "{\"a\nb\": [\"x\"]}";
        assert_eq!(at(text, "\"x\""), "a\\nb[0]");
    }

    #[test]
    fn never_panics_on_odd_positions() {
        for (line, col) in [(0, 0), (1, 0), (99, 99), (1, 9999)] {
            let _ = path_at("{\"a\": [1, 2", line, col);
            let _ = path_at("", line, col);
            let _ = path_at("é\"ü\n{", line, col);
        }
    }
}
