//! What `terraform fmt` does beyond `hcl-rs`'s formatter: the `=` of consecutive one-line
//! attributes at one indentation aligned (a blank line, a block or a line at another indentation
//! ends the run), and an empty block written `{}`.

/// Aligns the configuration as `terraform fmt` would.
pub(super) fn terraform_fmt(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, _)) = attribute(lines[i]) else {
            out.push_str(&lines[i].replace("{  }", "{}"));
            out.push('\n');
            i += 1;
            continue;
        };
        let mut end = i;
        while end < lines.len() && attribute(lines[end]).is_some_and(|(n, _)| n == indent) {
            end += 1;
        }
        let width = lines[i..end].iter().filter_map(|l| attribute(l)).map(|(_, key)| key.len()).max().unwrap_or(0);
        for line in &lines[i..end] {
            if let Some((_, key)) = attribute(line) {
                let rest = line[indent + key.len()..].trim_start();
                out.push_str(&line[..indent]);
                out.push_str(key);
                out.extend(std::iter::repeat_n(' ', width - key.len() + 1));
                out.push_str(rest);
                out.push('\n');
            }
        }
        i = end;
    }
    out
}

/// `(indentation, key)` of a one-line attribute `key = value`.
fn attribute(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let key_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    if key_len == 0 || !rest[key_len..].trim_start().starts_with("= ") {
        return None;
    }
    let value = rest[key_len..].trim_start()[1..].trim();
    // A value that opens a multi-line object or list is not a one-line attribute.
    if value.ends_with('{') || value.ends_with('[') || value.ends_with('(') {
        return None;
    }
    Some((indent, &rest[..key_len]))
}

#[cfg(test)]
mod tests {
    use super::terraform_fmt;

    #[test]
    fn aligns_runs_of_one_line_attributes() {
        let text = "resource \"a\" \"b\" {\n  name = \"x\"\n  resource_group_name = y\n\n  route {\n    a = 1\n  }\n  features {  }\n}\n";
        let want = "resource \"a\" \"b\" {\n  name                = \"x\"\n  resource_group_name = y\n\n  route {\n    a = 1\n  }\n  features {}\n}\n";
        assert_eq!(terraform_fmt(text), want);
    }
}
