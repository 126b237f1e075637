//! test/vectors.json for the integration tests, read with a few lines of string handling (the crate keeps
//! wasmtime as its only dependency).
#![allow(dead_code)]

#[allow(dead_code)]
pub struct Vector {
    pub integrand: String,
    pub domain_text: String,
    pub domain: [f64; 4],
    pub nx: usize,
    pub ny: usize,
    pub scalar: String,
    pub simd: String,
    pub exact: f64,
}

/// The text of `"key": <value>` in one vector object, up to the next top-level `,` or the end.
pub fn field<'a>(obj: &'a str, key: &str) -> &'a str {
    let at = obj
        .find(&format!("\"{key}\":"))
        .unwrap_or_else(|| panic!("no {key} in {obj}"))
        + key.len()
        + 3;
    let rest = obj[at..].trim_start();
    let mut depth = 0;
    let mut in_string = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '[' | '{' if !in_string => depth += 1,
            ']' | '}' if !in_string => {
                if depth == 0 {
                    return rest[..i].trim();
                }
                depth -= 1;
            }
            ',' if !in_string && depth == 0 => return rest[..i].trim(),
            _ => {}
        }
    }
    rest.trim()
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_string()
}

pub fn load() -> Vec<Vector> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../test/vectors.json");
    let text = std::fs::read_to_string(path).expect("test/vectors.json");
    assert_eq!(field(&text, "abi"), "1");
    let list = field(&text, "vectors");
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '{' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let o = &list[start..=i];
                    let d: Vec<f64> = field(o, "domain")
                        .trim_matches(['[', ']'])
                        .split(',')
                        .map(|x| x.trim().parse().unwrap())
                        .collect();
                    let bits = field(o, "bits");
                    out.push(Vector {
                        integrand: unquote(field(o, "integrand")),
                        domain_text: unquote(field(o, "domain_text")),
                        domain: [d[0], d[1], d[2], d[3]],
                        nx: field(o, "nx").parse().unwrap(),
                        ny: field(o, "ny").parse().unwrap(),
                        scalar: unquote(field(bits, "scalar")),
                        simd: unquote(field(bits, "simd")),
                        exact: field(o, "exact").parse().unwrap(),
                    });
                }
            }
            _ => {}
        }
    }
    assert!(out.len() >= 10, "{} vectors", out.len());
    out
}

/// The vector for sin(x+y) on [0,pi]², n×n.
pub fn sin_square(n: usize) -> Vector {
    load()
        .into_iter()
        .find(|v| v.integrand == "sin(x+y)" && v.domain_text == "0,pi,0,pi" && v.nx == n && v.ny == n)
        .unwrap_or_else(|| panic!("no sin(x+y) {n}x{n} vector"))
}

/// The double a bits string encodes.
pub fn value_of(bits: &str) -> f64 {
    f64::from_bits(u64::from_str_radix(bits.trim_start_matches("0x"), 16).unwrap())
}
