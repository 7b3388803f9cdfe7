//! Date functions that need no clock: `dateTimeAdd`, `dateTimeFromEpoch`, `dateTimeToEpoch`
//! (`utcNow` is a stand-in in `deployment`). UTC only; an offset in the input is applied.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date>
//! `dateTimeAdd` without a format writes the result in the base value's own layout
//! (`2020-04-07T14:53:14Z` stays ISO; the docs' `M/d/yyyy h:mm:ss tt` rendering of a `'u'` base
//! is .NET culture output the import does not imitate); with a format it understands the
//! standard `o`, `s`, `u` and the custom `yyyy MM dd HH mm ss` tokens.

use serde_json::Value;

use super::{arity, int_arg, str_arg, Fail, Res};

pub(crate) fn call(name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "datetimeadd" => arity(name, args, 2, 3).and_then(|_| {
            let base = str_arg(name, args, 0)?;
            let (secs, layout) = parse_time(base)?;
            let out = add_duration(secs, str_arg(name, args, 1)?)?;
            match args.get(2) {
                Some(f) => {
                    format_time(out, f.as_str().ok_or_else(|| Fail::error("dateTimeAdd(): format must be a string"))?)
                }
                None => Ok(layout.render(out)),
            }
            .map(Value::String)
        }),
        "datetimefromepoch" => arity(name, args, 1, 1).and_then(|_| int_arg(name, args, 0)).and_then(|s| {
            if !(-62_135_596_800..=253_402_300_799).contains(&s) {
                return Err(Fail::error("dateTimeFromEpoch(): outside years 1 to 9999"));
            }
            Ok(Value::String(Layout::ISO.render(s)))
        }),
        "datetimetoepoch" => {
            arity(name, args, 1, 1).and_then(|_| parse_time(str_arg(name, args, 0)?)).map(|(s, _)| Value::from(s))
        }
        _ => return None,
    };
    Some(r)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1) - days_from_civil(y, m, 1)
}

/// How the base value was written, to write the result the same way.
#[derive(Clone, Copy)]
struct Layout {
    separator: char,
    zulu: bool,
}

impl Layout {
    const ISO: Layout = Layout { separator: 'T', zulu: true };

    fn render(self, secs: i64) -> String {
        let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
        let t = secs.rem_euclid(86_400);
        format!(
            "{y:04}-{mo:02}-{d:02}{}{:02}:{:02}:{:02}{}",
            self.separator,
            t / 3600,
            t / 60 % 60,
            t % 60,
            if self.zulu { "Z" } else { "" }
        )
    }
}

/// `yyyy-MM-dd[(T| )HH:mm[:ss[.fff]]][Z|±hh:mm]` → seconds since the epoch (UTC).
fn parse_time(s: &str) -> Res<(i64, Layout)> {
    let bad = || Fail::error(format!("'{s}' is not an ISO 8601 date and time"));
    let s = s.trim();
    let num = |t: &str| t.parse::<i64>().map_err(|_| bad());
    let (date, rest) = s.split_at(s.find(['T', ' ']).unwrap_or(s.len()));
    let separator = rest.chars().next().unwrap_or('T');
    let mut parts = date.split('-');
    let (y, m, d) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d), None) => (num(y)?, num(m)?, num(d)?),
        _ => return Err(bad()),
    };
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(bad());
    }
    let time = rest.get(1..).unwrap_or("");
    let (clock, offset, zulu) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0, true)
    } else if let Some(at) = time.rfind(['+', '-']).filter(|_| !time.is_empty()) {
        let (h, mi) = time[at + 1..].split_once(':').ok_or_else(bad)?;
        let sign = if time[at..].starts_with('-') { -1 } else { 1 };
        (&time[..at], sign * (num(h)? * 3600 + num(mi)? * 60), false)
    } else {
        (time, 0, false)
    };
    let mut hms = clock.split(':');
    let h = hms.next().filter(|t| !t.is_empty()).map_or(Ok(0), num)?;
    let mi = hms.next().map_or(Ok(0), num)?;
    let sec = hms.next().map_or(Ok(0), |t| num(t.split('.').next().unwrap_or("0")))?;
    if hms.next().is_some() || !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..61).contains(&sec) {
        return Err(bad());
    }
    let secs = days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + sec - offset;
    Ok((secs, Layout { separator, zulu: zulu || offset != 0 }))
}

/// Adds an ISO 8601 duration `[-]P[nY][nM][nW][nD][T[nH][nM][nS]]`: years and months on the
/// calendar (the day clamped to the month's end), the rest in seconds.
fn add_duration(secs: i64, duration: &str) -> Res<i64> {
    let bad = || Fail::error(format!("'{duration}' is not an ISO 8601 duration"));
    let (sign, body) = match duration.trim().strip_prefix('-') {
        Some(b) => (-1, b),
        None => (1, duration.trim().trim_start_matches('+')),
    };
    let body = body.strip_prefix('P').ok_or_else(bad)?;
    let (mut months, mut seconds) = (0i64, 0i64);
    let mut in_time = false;
    let mut number = String::new();
    for c in body.chars() {
        match c {
            'T' if number.is_empty() => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().map_err(|_| bad())?;
                number.clear();
                let add = match (in_time, unit) {
                    (false, 'Y') => (n.checked_mul(12), Some(0)),
                    (false, 'M') => (Some(n), Some(0)),
                    (false, 'W') => (Some(0), n.checked_mul(7 * 86_400)),
                    (false, 'D') => (Some(0), n.checked_mul(86_400)),
                    (true, 'H') => (Some(0), n.checked_mul(3600)),
                    (true, 'M') => (Some(0), n.checked_mul(60)),
                    (true, 'S') => (Some(0), Some(n)),
                    _ => return Err(bad()),
                };
                let (Some(mo), Some(s)) = add else { return Err(bad()) };
                months = months.checked_add(mo).ok_or_else(bad)?;
                seconds = seconds.checked_add(s).ok_or_else(bad)?;
            }
        }
    }
    if !number.is_empty() || months.abs() > 120_000 || seconds.abs() > 400_000_000_000 {
        return Err(bad());
    }
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let total = y * 12 + (m - 1) + sign * months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    if !(1..=9999).contains(&ny) {
        return Err(Fail::error("dateTimeAdd(): the result is outside years 1 to 9999"));
    }
    let day = d.min(days_in_month(ny, nm));
    Ok(days_from_civil(ny, nm, day) * 86_400 + secs.rem_euclid(86_400) + sign * seconds)
}

fn format_time(secs: i64, format: &str) -> Res<String> {
    match format {
        "o" | "O" => return Ok(format!("{}.0000000Z", Layout::ISO.render(secs).trim_end_matches('Z'))),
        "s" => return Ok(Layout { separator: 'T', zulu: false }.render(secs)),
        "u" => return Ok(Layout { separator: ' ', zulu: true }.render(secs)),
        _ => {}
    }
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    let mut out = format.to_string();
    for (token, value) in [
        ("yyyy", format!("{y:04}")),
        ("MM", format!("{mo:02}")),
        ("dd", format!("{d:02}")),
        ("HH", format!("{:02}", t / 3600)),
        ("mm", format!("{:02}", t / 60 % 60)),
        ("ss", format!("{:02}", t % 60)),
    ] {
        out = out.replace(token, &value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn dates() {
        assert_eq!(ok("dateTimeFromEpoch(1683040573)"), json!("2023-05-02T15:16:13Z"));
        assert_eq!(ok("dateTimeToEpoch('2023-05-02T15:16:13Z')"), json!(1683040573));
        assert_eq!(ok("dateTimeAdd('2020-04-07T14:53:14Z', 'P3Y')"), json!("2023-04-07T14:53:14Z"));
        assert_eq!(ok("dateTimeAdd('2020-04-07 14:53:14Z', '-P9D')"), json!("2020-03-29 14:53:14Z"));
        assert_eq!(ok("dateTimeAdd('2020-04-07T14:53:14Z', 'PT1H', 'yyyy-MM-dd HH:mm')"), json!("2020-04-07 15:53"));
        assert_eq!(ok("dateTimeAdd('2020-01-31T00:00:00Z', 'P1M')"), json!("2020-02-29T00:00:00Z"));
        assert_eq!(ok("dateTimeAdd('2020-01-01T00:00:00+02:00', 'PT0S', 'u')"), json!("2019-12-31 22:00:00Z"));
        assert!(err("dateTimeAdd('yesterday', 'P1D')"));
        assert!(err("dateTimeAdd('2020-01-01T00:00:00Z', '1D')"));
        assert!(err("dateTimeAdd('2020-01-01T00:00:00Z', 'P99999999999Y')"));
        assert!(err("dateTimeToEpoch('2020-02-30T00:00:00Z')"));
    }
}
