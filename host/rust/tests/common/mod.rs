//! The shared case files every host checks, read as they are (never re-typed): test/vectors.json (ABI 1),
//! test/vectors-expr.json (expressions) and test/cases/bad-expressions.json (every refusal and its words).
#![allow(dead_code)]

use serde_json::Value;

pub struct Vector {
    pub integrand: String,
    pub domain_text: String,
    pub domain: [f64; 4],
    pub nx: usize,
    pub ny: usize,
    pub scalar: String,
    pub simd: String,
    /// None where the integrand has no closed form.
    pub exact: Option<f64>,
    /// The catalog fast path the kernel takes (vectors-expr.json only; -1: none).
    pub catalog: Option<i32>,
}

impl Vector {
    pub fn bits(&self, kernel: &str) -> &str {
        match kernel {
            "scalar" => &self.scalar,
            "simd" => &self.simd,
            _ => panic!("no build {kernel}"),
        }
    }

    pub fn what(&self) -> String {
        format!("{:?} on {:?} {}x{}", self.integrand, self.domain_text, self.nx, self.ny)
    }
}

fn read(relative: &str) -> Value {
    let path = format!("{}/../../test/{relative}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn string(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {v}"))
        .to_string()
}

fn count(v: &Value, key: &str) -> usize {
    v[key].as_u64().unwrap_or_else(|| panic!("no count {key} in {v}")) as usize
}

fn vectors(relative: &str, abi: u64) -> Vec<Vector> {
    let file = read(relative);
    assert_eq!(file["abi"].as_u64(), Some(abi), "{relative}");
    let list = file["vectors"]
        .as_array()
        .unwrap_or_else(|| panic!("{relative}: no vectors"));
    list.iter()
        .map(|v| {
            let d: Vec<f64> = v["domain"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            Vector {
                integrand: string(v, "integrand"),
                domain_text: string(v, "domain_text"),
                domain: d.try_into().unwrap(),
                nx: count(v, "nx"),
                ny: count(v, "ny"),
                scalar: string(&v["bits"], "scalar"),
                simd: string(&v["bits"], "simd"),
                exact: v["exact"].as_f64(),
                catalog: v.get("catalog").map(|c| c.as_i64().unwrap() as i32),
            }
        })
        .collect()
}

/// test/vectors.json: the catalog integrands by name (ABI 1).
pub fn load() -> Vec<Vector> {
    let out = vectors("vectors.json", 1);
    assert!(out.len() >= 10, "{} vectors", out.len());
    out
}

/// test/vectors-expr.json: integrands and domains as text (ABI 2).
pub fn load_expr() -> Vec<Vector> {
    let out = vectors("vectors-expr.json", 2);
    assert!(out.len() >= 20, "{} vectors", out.len());
    out
}

/// One text the kernel refuses, with the other inputs filled in from the file's defaults.
pub struct BadCase {
    /// integrand, domain, nx or ny.
    pub field: String,
    pub integrand: String,
    pub domain: String,
    /// As text, the way the CLI gets them.
    pub nx: String,
    pub ny: String,
    pub code: i32,
    pub column: i32,
    pub message: String,
}

impl BadCase {
    /// The refused input's CLI spelling.
    pub fn flag(&self) -> &'static str {
        match self.field.as_str() {
            "integrand" => "-f/--integrand",
            "domain" => "-d/--domain",
            "nx" => "--nx",
            "ny" => "--ny",
            f => panic!("unknown field {f}"),
        }
    }

    /// What the host says (after `integration2d: ` in the CLI): the kernel's words behind the option, except for
    /// the integers the host's own check refuses first (0, -1, 10000001), which it names the same way.
    pub fn host_message(&self) -> String {
        match self.field.as_str() {
            "nx" | "ny" => {
                let got = if self.field == "nx" { &self.nx } else { &self.ny };
                format!(
                    "option {} must be an integer from 1 to 10000000 (got \"{got}\")",
                    self.flag()
                )
            }
            _ => format!("option {}: {}", self.flag(), self.message),
        }
    }

    /// The arguments that give this case to the CLI (`--opt=TEXT`: texts may start with '-').
    pub fn args(&self) -> Vec<String> {
        vec![
            format!("--integrand={}", self.integrand),
            format!("--domain={}", self.domain),
            format!("--nx={}", self.nx),
            format!("--ny={}", self.ny),
            "-s".into(),
            "serial".into(),
        ]
    }
}

/// test/cases/bad-expressions.json.
pub fn bad_cases() -> Vec<BadCase> {
    let file = read("cases/bad-expressions.json");
    let defaults = &file["defaults"];
    let text_of = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => panic!("not a text: {v}"),
    };
    let cases: Vec<BadCase> = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let field = string(c, "field");
            let input = |key: &str| {
                let given = if field == key {
                    &c["text"]
                } else {
                    c.get(key).unwrap_or(&defaults[key])
                };
                text_of(given)
            };
            BadCase {
                integrand: input("integrand"),
                domain: input("domain"),
                nx: input("nx"),
                ny: input("ny"),
                code: c["code"].as_i64().unwrap() as i32,
                column: c["column"].as_i64().unwrap() as i32,
                message: string(c, "message"),
                field,
            }
        })
        .collect();
    assert!(cases.len() >= 90, "{} cases", cases.len());
    cases
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
