//! Number and string formatting exactly as the Node host prints them (JSON.stringify, Number#toString,
//! toFixed, toExponential), so every host's output is byte for byte the same. Rust's own formatting differs
//! at the edges (no exponent thresholds, round-half-even on exact ties).

/// ECMAScript Number::toString(x) (JSON.stringify's spelling); `null` for NaN and ±Infinity.
pub fn js_number(x: f64) -> String {
    if !x.is_finite() {
        return "null".into();
    }
    if x == 0.0 {
        return "0".into(); // -0 too
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // Shortest round-trip digits, closest to x among the shortest: d.ddde±x.
    let e = format!("{:e}", x.abs());
    let (mant, exp) = e.split_once('e').unwrap();
    let digits: String = mant.chars().filter(|&c| c != '.').collect();
    let e10: i32 = exp.parse().unwrap();
    let (k, n) = (digits.len() as i32, e10 + 1); // x = 0.digits × 10^n
    if k <= n && n <= 21 {
        return format!("{sign}{digits}{}", "0".repeat((n - k) as usize));
    }
    if 0 < n && n <= 21 {
        return format!("{sign}{}.{}", &digits[..n as usize], &digits[n as usize..]);
    }
    if -6 < n && n <= 0 {
        return format!("{sign}0.{}{digits}", "0".repeat((-n) as usize));
    }
    let es = if n - 1 < 0 { '-' } else { '+' };
    let abs = (n - 1).abs();
    if k == 1 {
        format!("{sign}{digits}e{es}{abs}")
    } else {
        format!("{sign}{}.{}e{es}{abs}", &digits[..1], &digits[1..])
    }
}

/// Rounds the decimal digit string to its first `keep` digits, half away from zero on the exact expansion;
/// the flag says a carry added a leading digit.
fn round_half_up(digits: &str, keep: usize) -> (String, bool) {
    if keep >= digits.len() {
        return (format!("{digits}{}", "0".repeat(keep - digits.len())), false);
    }
    let mut b: Vec<u8> = digits.as_bytes()[..keep].to_vec();
    if digits.as_bytes()[keep] < b'5' {
        return (String::from_utf8(b).unwrap(), false);
    }
    for i in (0..b.len()).rev() {
        if b[i] < b'9' {
            b[i] += 1;
            return (String::from_utf8(b).unwrap(), false);
        }
        b[i] = b'0';
    }
    (format!("1{}", String::from_utf8(b).unwrap()), true)
}

/// Number#toFixed(f) for a finite |x| < 1e21: the exact value rounded half up (ties away from zero).
pub fn js_to_fixed(x: f64, f: usize) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let exact = format!("{:.1100}", x.abs()); // exact: a double has at most 1074 fraction digits
    let (ip, fp) = exact.split_once('.').unwrap();
    let (r, _) = round_half_up(&format!("{ip}{fp}"), ip.len() + f);
    let ilen = r.len() - f;
    if f > 0 {
        format!("{sign}{}.{}", &r[..ilen], &r[ilen..])
    } else {
        format!("{sign}{r}")
    }
}

/// Number#toExponential(f) for a finite x: d.ddddde±x, the exact value rounded half up.
pub fn js_to_exponential(x: f64, f: usize) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let x = x.abs();
    if x == 0.0 {
        return format!("{sign}0.{}e+0", "0".repeat(f));
    }
    let exact = format!("{:.800e}", x); // exact: a double has at most 767 significant digits
    let (mant, exp) = exact.split_once('e').unwrap();
    let mut e10: i32 = exp.parse().unwrap();
    let digits: String = mant.chars().filter(|&c| c != '.').collect();
    let (mut r, carried) = round_half_up(&digits, f + 1);
    if carried {
        r.truncate(f + 1);
        e10 += 1;
    }
    let out = if f > 0 { format!("{}.{}", &r[..1], &r[1..]) } else { r };
    let es = if e10 < 0 { '-' } else { '+' };
    format!("{sign}{out}e{es}{}", e10.abs())
}

/// C's `%e` as the Node host prints it (six decimals, exponent sign and at least two digits); `nan` for a
/// missing value (the record's null), `inf`/`-inf` for infinities.
pub fn format_e(v: Option<f64>) -> String {
    let Some(v) = v else { return "nan".into() };
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let s = js_to_exponential(v, 6);
    let (mant, exp) = s.split_once('e').unwrap();
    let (esign, digits) = exp.split_at(1);
    let neg = if v == 0.0 && v.is_sign_negative() { "-" } else { "" };
    format!("{neg}{mant}e{esign}{digits:0>2}")
}

/// JSON.stringify(s) for a string given as UTF-16 code units: ECMAScript's escapes, lone surrogates as
/// `\udxxx`.
pub fn js_quote_units(units: &[u16]) -> String {
    let mut out = String::from("\"");
    for item in char::decode_utf16(units.iter().copied()) {
        match item {
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok('\u{8}') => out.push_str("\\b"),
            Ok('\u{c}') => out.push_str("\\f"),
            Ok('\n') => out.push_str("\\n"),
            Ok('\r') => out.push_str("\\r"),
            Ok('\t') => out.push_str("\\t"),
            Ok(c) if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            Ok(c) => out.push(c),
            Err(e) => out.push_str(&format!("\\u{:04x}", e.unpaired_surrogate())),
        }
    }
    out.push('"');
    out
}

/// JSON.stringify(s).
pub fn js_quote(s: &str) -> String {
    js_quote_units(&s.encode_utf16().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_javascript_prints_them() {
        for (x, s) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (4.898587196589413e-16, "4.898587196589413e-16"),
            (3.141592653589793, "3.141592653589793"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.1, "0.1"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (10000.0, "10000"),
            (0.044514744999999994, "0.044514744999999994"),
        ] {
            assert_eq!(js_number(x), s, "{x:e}");
        }
    }

    #[test]
    fn fixed_and_exponential_round_exact_ties_up() {
        assert_eq!(js_to_fixed(0.125, 2), "0.13"); // Rust's {:.2} gives 0.12
        assert_eq!(js_to_fixed(0.375, 2), "0.38");
        assert_eq!(js_to_fixed(1.005, 2), "1.00"); // 1.005 is below the tie as a double
        assert_eq!(js_to_fixed(9.999, 2), "10.00");
        assert_eq!(js_to_fixed(0.0, 2), "0.00");
        assert_eq!(js_to_exponential(12345685.0, 6), "1.234569e+7"); // tie, up; Rust gives 1.234568e7
        assert_eq!(js_to_exponential(9.9999995e-5, 6), "9.999999e-5"); // the double is below the tie
        assert_eq!(js_to_exponential(9.99999999e-5, 6), "1.000000e-4");
        assert_eq!(format_e(Some(9.404319e-16)), "9.404319e-16");
        assert_eq!(format_e(Some(-0.0)), "-0.000000e+00");
        assert_eq!(format_e(Some(1.0)), "1.000000e+00");
        assert_eq!(format_e(Some(-1.5e200)), "-1.500000e+200");
        assert_eq!(format_e(None), "nan");
        assert_eq!(format_e(Some(f64::NEG_INFINITY)), "-inf");
    }

    #[test]
    fn quote_as_json_stringify() {
        assert_eq!(js_quote("a\"b\\c\n\u{1}π"), "\"a\\\"b\\\\c\\n\\u0001π\"");
        assert_eq!(js_quote_units(&[0x2d, 0xd83d]), "\"-\\ud83d\"");
    }
}
