//! Domain bounds as the user writes them (host/core/domain.ts): plain decimals (`1`, `-0.5`, `2.5e-1`) or
//! rational multiples of π (`pi`, `-pi`, `2pi`, `pi/2`, `3pi/4`, `0.5*pi`). A π form k·pi/m is the double
//! (k × π₆₄) / m, each step rounded once, the sign applied last — the same doubles as every other host.

use crate::jsfmt::js_trim;

/// [ax, bx, ay, by].
pub type Domain = [f64; 4];

/// The domain when none is given.
pub const DEFAULT_DOMAIN_TEXT: &str = "0,pi,0,pi";

/// Length of the match of `\d+\.?\d*|\.\d+` at the start of `s` (0 if none).
fn number(s: &[u8]) -> usize {
    let digits = |from: usize| from + s[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let i = digits(0);
    if i > 0 {
        return if s.get(i) == Some(&b'.') { digits(i + 1) } else { i };
    }
    if s.first() == Some(&b'.') && s.get(1).is_some_and(u8::is_ascii_digit) {
        return digits(1);
    }
    0
}

fn strip_sign(s: &[u8]) -> (&[u8], &[u8]) {
    match s.first() {
        Some(b'+' | b'-') => (&s[..1], &s[1..]),
        _ => (&s[..0], s),
    }
}

/// `/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i`
fn is_decimal(s: &str) -> bool {
    let (_, s) = strip_sign(s.as_bytes());
    let n = number(s);
    if n == 0 {
        return false;
    }
    let s = &s[n..];
    if s.is_empty() {
        return true;
    }
    if !matches!(s[0], b'e' | b'E') {
        return false;
    }
    let (_, s) = strip_sign(&s[1..]);
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

/// Number(text) for text in decimal syntax: overflow gives ±Infinity and underflow 0, as in JS.
fn js_number_of(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

/// `/^([+-]?)(\d+\.?\d*|\.\d+)?\*?(?:pi|π)(?:\/(\d+\.?\d*|\.\d+))?$/i` → (sign, k, m). Under JS's
/// case-insensitive matching `π` also matches `Π` and `ϖ` (both upper-case to Π).
fn pi_form(s: &str) -> Option<(&str, &str, &str)> {
    let b = s.as_bytes();
    let (sign, rest) = strip_sign(b);
    let mut at = sign.len();
    let k_len = number(rest);
    let k = &s[at..at + k_len];
    at += k_len;
    if b.get(at) == Some(&b'*') {
        at += 1;
    }
    let tail = &s[at..];
    let tail = if tail.len() >= 2 && tail.as_bytes()[..2].eq_ignore_ascii_case(b"pi") {
        &tail[2..]
    } else if let Some(t) = ["π", "Π", "ϖ"].iter().find_map(|p| tail.strip_prefix(p)) {
        t
    } else {
        return None;
    };
    let sign = &s[..sign.len()];
    if tail.is_empty() {
        return Some((sign, k, ""));
    }
    let m = tail.strip_prefix('/')?;
    let n = number(m.as_bytes());
    (n > 0 && n == m.len()).then_some((sign, k, m))
}

/// One bound, or None unless it is a finite number in one of the accepted forms.
pub fn parse_bound(text: &str) -> Option<f64> {
    let s = js_trim(text);
    if is_decimal(s) {
        let v = js_number_of(s);
        return v.is_finite().then_some(v);
    }
    let (sign, k, m) = pi_form(s)?;
    let k = if k.is_empty() { 1.0 } else { js_number_of(k) };
    let m = if m.is_empty() { 1.0 } else { js_number_of(m) };
    let v = (k * std::f64::consts::PI) / m; // each step rounded once
    if !v.is_finite() {
        return None;
    }
    Some(if sign == "-" { -v } else { v })
}

/// "ax,bx,ay,by" → four doubles, or None if any part is malformed or there are not four.
pub fn parse_domain(text: &str) -> Option<Domain> {
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut d = [0.0; 4];
    for (slot, part) in d.iter_mut().zip(parts) {
        *slot = parse_bound(part)?;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    #[test]
    fn bounds() {
        let ok = [
            ("0", 0.0),
            ("-0.5", -0.5),
            ("2.5e-1", 0.25),
            ("1.", 1.0),
            (".5", 0.5),
            ("+3", 3.0),
            ("1E2", 100.0),
            ("pi", PI),
            ("-pi", -PI),
            ("2pi", 2.0 * PI),
            ("pi/2", PI / 2.0),
            ("3pi/4", (3.0 * PI) / 4.0),
            ("0.5*pi", 0.5 * PI),
            ("PI", PI),
            ("π", PI),
            ("Π", PI),
            ("ϖ", PI),
            (" pi ", PI),
            ("\u{a0}1\u{feff}", 1.0),
            ("1e-400", 0.0),
            ("7pi/3", (7.0 * PI) / 3.0),
        ];
        for (text, v) in ok {
            assert_eq!(parse_bound(text).map(f64::to_bits), Some(v.to_bits()), "{text:?}");
        }
        for text in [
            "", "x", "inf", "Infinity", "NaN", "1e400", "pi/0", "0pi/0", "2*", "pi/", "pi*2", "1 e2", "0x10", "--1",
            "2pi/2/2", "pi\u{85}",
        ] {
            assert_eq!(parse_bound(text), None, "{text:?}");
        }
        assert_eq!(parse_bound("-0").map(f64::to_bits), Some((-0.0f64).to_bits()));
    }

    #[test]
    fn domains() {
        assert_eq!(parse_domain("0,pi,0,pi"), Some([0.0, PI, 0.0, PI]));
        assert_eq!(parse_domain("0,1,0"), None);
        assert_eq!(parse_domain("0,1,0,1,2"), None);
        assert_eq!(parse_domain("0,,0,1"), None);
    }
}
