//! Share links: a whole [`Document`] in the URL fragment, compressed and versioned.
//!
//! Link format 1, the only one so far: `1.<data>`, where `<data>` is the compact JSON of the
//! document (the same JSON as a file, without whitespace), compressed as a raw DEFLATE stream
//! (RFC 1951, no zlib header, best compression) and written in unpadded base64url
//! (RFC 4648 §5: `A–Z a–z 0–9 - _`, all safe in a fragment without escaping).
//!
//! The studio writes the fragment bare: `https://…/#1.rVTbbts4EP0Vgs…`. [`decode`] also accepts
//! a whole pasted URL, a leading `#`, a `d=` key form (`#d=1.…`, alone or among other
//! `&`-separated keys), surrounding whitespace and line breaks inside the data (mail clients wrap
//! long links), and padding.
//!
//! The link format version (the `1.` prefix) and the schema version (`"schema"` inside the JSON)
//! are independent. The schema changes whenever the model does, and old schemas are migrated by
//! [`super::migrate`] whatever link carried them. The link format changes only if the envelope
//! does (another compression, another encoding); [`decode`] then keeps a branch for every
//! earlier format, so old links open forever (STYLE: Mermaid's `pako:` prefix).
//!
//! Architecture invariant: [`decode`] never panics, reads at most [`MAX_LINK_CHARS`] of input and
//! never inflates past [`MAX_INFLATED_BYTES`] (the inflater stops at the cap: a small link cannot
//! expand into a huge allocation).

use super::json;
use super::{DecodeError, Opened};
use crate::document::Document;
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;

/// The link format [`encode`] writes.
pub const LINK_VERSION: u32 = 1;

/// The longest fragment [`decode`] looks at, in bytes (a link is ASCII, so also in characters):
/// 2 MiB, what browsers keep in a URL. [`encode`] does not check it: a caller sharing a huge
/// design should compare the link's length with it and offer a file instead.
pub const MAX_LINK_CHARS: usize = 2 * 1024 * 1024;

/// The most bytes a link may inflate to: the same cap as a design file.
pub const MAX_INFLATED_BYTES: usize = json::MAX_JSON_BYTES;

/// The key of the optional `d=<link>` fragment form.
pub const FRAGMENT_KEY: &str = "d";

/// miniz_oxide's highest level (10, "uber"): links are written once and should be short.
const LEVEL: u8 = 10;

/// Decoding accepts padding whether or not it is there; encoding never writes it.
const BASE64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The share link of a document: `1.<base64url(deflate(compact JSON))>`, without `#`.
/// Deterministic: the same document always gives the same link.
pub fn encode(doc: &Document) -> String {
    let compact = json::to_compact_json(doc);
    let deflated = miniz_oxide::deflate::compress_to_vec(compact.as_bytes(), LEVEL);
    format!("{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Reads a share link: the fragment with or without its leading `#`, a whole URL, or the
/// `d=<link>` key form (see the module documentation). Old schemas are migrated; errors say
/// what is wrong in one sentence. Repeated ids are repaired silently ([`super::restore`]);
/// [`decode_with_repairs`] says which.
pub fn decode(fragment: &str) -> Result<Document, DecodeError> {
    decode_with_repairs(fragment).map(|opened| opened.doc)
}

/// [`decode`], with the repairs made on read ([`super::restore`]), for the studio's notice.
pub fn decode_with_repairs(fragment: &str) -> Result<Opened, DecodeError> {
    if fragment.len() > MAX_LINK_CHARS {
        return Err(DecodeError::TooLarge { limit: MAX_LINK_CHARS });
    }
    let payload = payload(fragment);
    if payload.is_empty() {
        return Err(DecodeError::UnknownFormat("it is empty".into()));
    }
    let Some((version, data)) = payload.split_once('.') else {
        return Err(no_version());
    };
    match version.trim().parse::<u32>() {
        Ok(1) => decode_v1(data),
        Ok(n) if n > LINK_VERSION => Err(DecodeError::UnknownFormat(format!(
            "it uses link format {n}, newer than this vnet-studio reads (up to format {LINK_VERSION})"
        ))),
        _ => Err(no_version()),
    }
}

fn no_version() -> DecodeError {
    DecodeError::UnknownFormat(format!("it does not start with a link format version such as \"{LINK_VERSION}.\""))
}

/// The link inside what was given: after a `#` if there is one, the value of `d=` if present.
fn payload(fragment: &str) -> &str {
    let s = fragment.trim();
    let s = s.split_once('#').map_or(s, |(_, after)| after);
    let key = s.split('&').find_map(|part| part.strip_prefix(FRAGMENT_KEY).and_then(|rest| rest.strip_prefix('=')));
    key.unwrap_or(s).trim()
}

/// Link format 1: base64url of a raw DEFLATE stream of the document's JSON.
fn decode_v1(data: &str) -> Result<Opened, DecodeError> {
    let data: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    if data.is_empty() {
        return Err(DecodeError::Corrupt(format!("it has no data after \"{LINK_VERSION}.\"")));
    }
    let deflated = BASE64_LENIENT.decode(data.as_bytes()).map_err(base64_error)?;
    let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED_BYTES).map_err(|e| {
        match e.status {
            TINFLStatus::HasMoreOutput => DecodeError::TooLarge { limit: MAX_INFLATED_BYTES },
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                DecodeError::Corrupt("the compressed data ends too early".into())
            }
            _ => DecodeError::Corrupt("the compressed data is invalid".into()),
        }
    })?;
    let text = String::from_utf8(inflated)
        .map_err(|_| DecodeError::Corrupt("the design inside is not valid UTF-8 text".into()))?;
    json::from_json_with_repairs(&text)
}

fn base64_error(e: base64::DecodeError) -> DecodeError {
    use base64::DecodeError as B;
    DecodeError::Corrupt(match e {
        B::InvalidByte(_, byte) if byte.is_ascii_graphic() => {
            format!("it contains '{}', which never appears in a share link", char::from(byte))
        }
        B::InvalidByte(..) => "it contains a character that never appears in a share link".into(),
        B::InvalidLength(_) | B::InvalidLastSymbol(..) => "part of its data is missing".into(),
        B::InvalidPadding => "its padding is wrong".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery;

    fn seed() -> Document {
        gallery::document("seed-lab").unwrap().unwrap()
    }

    fn corrupt(link: &str) -> String {
        match decode(link) {
            Err(DecodeError::Corrupt(what)) => what,
            other => panic!("expected Corrupt for {link:?}, got {other:?}"),
        }
    }

    fn unknown(link: &str) -> String {
        match decode(link) {
            Err(DecodeError::UnknownFormat(what)) => what,
            other => panic!("expected UnknownFormat for {link:?}, got {other:?}"),
        }
    }

    /// Deflates arbitrary bytes into a format-1 link, for hand-made hostile links.
    fn link_of(bytes: &[u8]) -> String {
        format!("1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 6)))
    }

    #[test]
    fn the_seed_lab_link_is_short() {
        let link = encode(&seed());
        eprintln!("seed lab share link: {} characters", link.len());
        assert!(link.len() < 2_000, "{} characters", link.len());
        assert!(link.starts_with("1."));
        assert!(link[2..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn share_links_of_the_gallery_fit_except_the_generated_design() {
        for e in gallery::ENTRIES {
            let doc = Document::new((e.build)().unwrap(), crate::layout::Layout::default());
            let len = encode(&doc).len();
            eprintln!("link length {:>6}  {}", len, e.slug);
            if e.slug != "large-landing-zone" {
                assert!(len < 2000, "{}: a {len}-character link", e.slug);
            }
        }
    }

    #[test]
    fn links_round_trip_and_are_deterministic() {
        let doc = seed();
        let link = encode(&doc);
        assert_eq!(encode(&doc), link);
        assert_eq!(decode(&link).unwrap(), doc);
    }

    #[test]
    fn every_accepted_form_decodes() {
        let doc = seed();
        let link = encode(&doc);
        let (head, tail) = link.split_at(40);
        let forms = [
            format!("#{link}"),
            format!("d={link}"),
            format!("#d={link}"),
            format!("view=trace&d={link}&q=2"),
            format!("https://studio.example/app/#{link}"),
            format!("https://studio.example/#d={link}"),
            format!("  {link}\n"),
            format!("{head}\n  {tail}"),
            format!("{link}{}", "=".repeat((4 - (link.len() - 2) % 4) % 4)),
        ];
        for form in forms {
            assert_eq!(decode(&form).as_ref(), Ok(&doc), "{form}");
        }
    }

    #[test]
    fn empty_and_unversioned_fragments_are_unknown_formats() {
        for empty in ["", "#", "  ", "d=", "#d="] {
            assert_eq!(unknown(empty), "it is empty", "{empty:?}");
        }
        for text in ["gallery=seed-lab", "eJxLTEoGAAJNASc", "x.abc", "0.abc", "-1.abc", "é.abc"] {
            assert!(unknown(text).contains("link format version such as \"1.\""), "{text}");
        }
        let newer = decode("2.abc").unwrap_err();
        assert_eq!(
            newer.to_string(),
            "This is not a share link this vnet-studio can read: it uses link format 2, newer than this vnet-studio reads (up to format 1)."
        );
    }

    #[test]
    fn damaged_links_say_what_is_damaged() {
        let link = encode(&seed());
        assert_eq!(corrupt("1."), "it has no data after \"1.\"");
        assert_eq!(corrupt("1.ab*c"), "it contains '*', which never appears in a share link");
        assert_eq!(corrupt("1.abé"), "it contains a character that never appears in a share link");
        assert_eq!(corrupt("1.abcde"), "part of its data is missing");
        let cut = &link[..link.len() / 2];
        let what = corrupt(cut);
        assert!(what.starts_with("the compressed data") || what == "part of its data is missing", "{what}");
        assert_eq!(corrupt("1.AAAA"), "the compressed data ends too early");
        // BFINAL = 1, BTYPE = 11: a block type that does not exist.
        assert_eq!(corrupt("1.BwAA"), "the compressed data is invalid");
        let e = decode("1.BwAA").unwrap_err();
        assert_eq!(
            e.to_string(),
            "This share link is damaged (the compressed data is invalid): was it cut off when copied?"
        );
    }

    #[test]
    fn bad_contents_are_reported_like_bad_files() {
        assert_eq!(corrupt(&link_of(&[0xff, 0xfe, b'{'])), "the design inside is not valid UTF-8 text");
        assert!(matches!(decode(&link_of(b"not json")), Err(DecodeError::Json { .. })));
        assert_eq!(
            decode(&link_of(br#"{"schema":9,"design":{}}"#)),
            Err(DecodeError::FutureVersion { found: 9, supported: 2 })
        );
        assert_eq!(
            decode(&link_of(br#"{"design":{"name":"no schema"}}"#)).map(|d| d.design.name),
            Ok("no schema".to_string())
        );
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_cap() {
        let bomb = link_of(&vec![b' '; MAX_INFLATED_BYTES + 1]);
        assert!(bomb.len() < 40_000, "{}", bomb.len());
        let e = decode(&bomb).unwrap_err();
        assert_eq!(e, DecodeError::TooLarge { limit: MAX_INFLATED_BYTES });
        assert_eq!(e.to_string(), "This design is more than 16 MB, larger than any design the studio accepts.");
        // Exactly at the cap is allowed through to the JSON reader (which finds no document).
        let full = link_of(&vec![b' '; MAX_INFLATED_BYTES]);
        assert!(matches!(decode(&full), Err(DecodeError::Json { .. })));
    }

    #[test]
    fn overlong_links_are_refused_unread() {
        let long = format!("1.{}", "A".repeat(MAX_LINK_CHARS));
        assert_eq!(decode(&long), Err(DecodeError::TooLarge { limit: MAX_LINK_CHARS }));
    }
}
