//! The shared words of the fields' grammars: how names, addresses, prefixes, lists and one-of
//! choices read and print, and how a line of a `Lines` field splits into words. Every error is a
//! sentence for the field; parsing of model values is the model's own `FromStr`.

use std::net::Ipv4Addr;
use std::str::FromStr;
use vnet_core::Id;

pub(super) fn show_text(s: &str) -> String {
    s.to_string()
}

pub(super) fn show_bool(b: &bool) -> String {
    b.to_string()
}

pub(super) fn show_list<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

pub(super) fn show_opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub(super) fn show<T: ToString>(v: &T) -> String {
    v.to_string()
}

pub(super) fn name(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err("A name cannot be empty.".into())
    } else {
        Ok(t.to_string())
    }
}

pub(super) fn check(text: &str) -> Result<bool, String> {
    Ok(text == "true")
}

pub(super) fn prefix(text: &str) -> Result<ipnet::Ipv4Net, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("'{t}' is not an IPv4 prefix such as 10.1.0.0/24."))
}

pub(super) fn ip(text: &str) -> Result<Ipv4Addr, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("'{t}' is not an IPv4 address such as 10.1.0.4."))
}

pub(super) fn opt_ip(text: &str) -> Result<Option<Ipv4Addr>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        ip(text).map(Some)
    }
}

pub(super) fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

pub(super) fn prefixes(text: &str) -> Result<Vec<ipnet::Ipv4Net>, String> {
    let list: Vec<_> = items(text).map(prefix).collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err("At least one prefix is needed, such as 10.1.0.0/16.".into());
    }
    Ok(list)
}

pub(super) fn ips(text: &str) -> Result<Vec<Ipv4Addr>, String> {
    items(text).map(ip).collect()
}

/// The non-blank lines of a `Lines` field, numbered from 1, as words; a comma glues its
/// neighbours into one word, so "TCP, UDP" and "TCP,UDP" are the same list.
pub(super) fn each_line(text: &str) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(n, line)| {
        let glued = line.split(',').map(str::trim).collect::<Vec<_>>().join(",");
        (n + 1, glued.split_whitespace().map(str::to_string).collect())
    })
}

/// An error of line `n` of a `Lines` field (one function, not one copy per parser).
#[inline(never)]
pub(super) fn line_error(n: usize, e: String) -> String {
    format!("Line {n}: {e}")
}

/// A comma list of words, each parsed by `one`; an empty list is an error naming `what`.
pub(super) fn list<T>(word: &str, what: &str, one: fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    let out: Vec<T> = word.split(',').filter(|w| !w.is_empty()).map(one).collect::<Result<_, _>>()?;
    if out.is_empty() {
        return Err(format!("at least one {what} is needed."));
    }
    Ok(out)
}

/// A list printed as one word (no spaces), the inverse of [`list`].
pub(super) fn joined<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The id a line of a `Lines` field keeps, so that editing a line keeps references to it: that
/// of the first old item `same` picks that no earlier line (`out`) took, or else, for a renamed
/// line, that of the old item on the same line if `renamed` says no line names it any more.
pub(super) fn kept<T>(
    old: &[T],
    out: &[T],
    id: fn(&T) -> &Id,
    same: impl Fn(&T) -> bool,
    renamed: impl Fn(&T) -> bool,
    new: impl FnOnce() -> Id,
) -> Id {
    let free = |x: &T| !out.iter().any(|o| id(o) == id(x));
    let by_line = old.get(out.len()).filter(|x| free(x) && renamed(x));
    old.iter().find(|x| same(x) && free(x)).or(by_line).map_or_else(new, |x| id(x).clone())
}

/// The first word of every line: the names a `Lines` field's text gives.
pub(super) fn first_words(text: &str) -> Vec<String> {
    each_line(text).filter_map(|(_, mut w)| w.drain(..).next()).collect()
}

pub(super) fn word<T: FromStr>(text: &str, what: &str, choices: &str) -> Result<T, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("'{t}' is not {what}: use {choices}."))
}

pub(super) fn arm<T: Copy>(text: &str, all: &[(T, &str)], what: &str) -> Result<T, String> {
    let t = text.trim();
    all.iter().find(|(_, n)| n.eq_ignore_ascii_case(t)).map(|(v, _)| *v).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|(_, n)| *n).collect();
        format!("'{t}' is not {what}: use {}.", names.join(", "))
    })
}

pub(super) fn arm_name<T: PartialEq>(v: &T, all: &[(T, &str)]) -> String {
    all.iter().find(|(x, _)| x == v).map(|(_, n)| n.to_string()).unwrap_or_default()
}

pub(super) fn opt_text(text: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// The name of the element `id` among `all` (id, name), or the id itself if it is dangling.
pub(super) fn name_of<'a>(mut all: impl Iterator<Item = (&'a Id, &'a str)>, id: &'a Id) -> &'a str {
    all.find(|(i, _)| *i == id).map_or(id.as_str(), |(_, n)| n)
}

/// The id of the element named `name` among `all`.
pub(super) fn id_of<'a>(
    mut all: impl Iterator<Item = (&'a Id, &'a str)>,
    name: &str,
    what: &str,
) -> Result<Id, String> {
    all.find(|(_, n)| *n == name).map(|(i, _)| i.clone()).ok_or_else(|| format!("there is no {what} named '{name}'."))
}

#[cfg(test)]
pub(super) mod tests {
    use vnet_core::model::Design;

    /// Gallery 8 (hybrid DNS): it has every DNS and hybrid element the grammars read.
    pub(crate) fn hybrid() -> Design {
        let json = include_str!("../../../../public/gallery/hybrid-dns.json");
        vnet_core::codec::json::from_json(json).expect("the gallery design decodes").design
    }
}
