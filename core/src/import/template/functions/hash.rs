//! `guid()`, `uniqueString()` and `newGuid()` as deterministic stand-ins.
//!
//! Azure computes these from hashes it does not publish in full; the import needs only values
//! that are stable (the same arguments give the same value, so resource ids built from them
//! join up) and shaped like Azure's (a GUID; 13 lowercase base-32 characters), so it uses a
//! 64-bit FNV-1a hash with a SplitMix64 finaliser. The values differ from Azure's.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#uniquestring>

use serde_json::Value;

use super::{arity, str_arg, Ctx, Res};

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "guid" => strings(name, args).map(|parts| Value::String(guid(&parts))),
        "uniquestring" => strings(name, args).map(|parts| Value::String(unique_string(&parts))),
        "newguid" => arity(name, args, 0, 0).map(|_| {
            let n = ctx.frame.shared.new_guids.get() + 1;
            ctx.frame.shared.new_guids.set(n);
            ctx.frame.shared.note(&ctx.path, "newGuid() is different on every deployment; a fixed stand-in is used");
            Value::String(guid(&[&format!("newGuid#{n}")]))
        }),
        _ => return None,
    };
    Some(r)
}

fn strings<'a>(name: &str, args: &'a [Value]) -> Res<Vec<&'a str>> {
    arity(name, args, 1, usize::MAX)?;
    (0..args.len()).map(|i| str_arg(name, args, i)).collect()
}

/// FNV-1a over the parts (each followed by a separator) from `seed`, then SplitMix64's finaliser.
pub(crate) fn hash64(parts: &[&str], seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A version-5-shaped GUID from two seeded hashes.
pub(crate) fn guid(parts: &[&str]) -> String {
    let (a, b) = (hash64(parts, 1), hash64(parts, 2));
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_5000;
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// 13 characters of the base-32 alphabet Azure's values use (`a-z`, `2-7`).
pub(crate) fn unique_string(parts: &[&str]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut h = hash64(parts, 0);
    let mut out = String::with_capacity(13);
    for _ in 0..13 {
        out.push(ALPHABET[(h & 31) as usize] as char);
        h = h.rotate_right(5);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::Value;

    #[test]
    fn stable_and_shaped_like_azure() {
        let a = ok("uniqueString('sub', 'rg')");
        assert_eq!(a, ok("uniqueString('sub', 'rg')"));
        assert_ne!(a, ok("uniqueString('subr', 'g')"));
        let s = a.as_str().unwrap_or_default().to_string();
        assert_eq!(s.len(), 13);
        assert!(s.chars().all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c)));
        let g = ok("guid('a', 'b')");
        let g = g.as_str().unwrap_or_default();
        assert_eq!(g.len(), 36);
        assert_eq!(g.chars().filter(|c| *c == '-').count(), 4);
        assert_eq!(&g[14..15], "5");
        assert_ne!(ok("newGuid()"), Value::Null);
        assert!(err("guid()"));
        assert!(err("uniqueString(1)"));
    }
}
