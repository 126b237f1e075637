//! Every vector in test/vectors.json, both kernel builds, serial and threads with 1..4 workers: the exact
//! 64-bit pattern, never a tolerance. (vectors.json is read with a few lines of string handling: the crate
//! keeps wasmtime as its only dependency.)

use integration2d::{Integrator, Options, parse_domain};

struct Vector {
    integrand: String,
    domain_text: String,
    domain: [f64; 4],
    nx: usize,
    ny: usize,
    scalar: String,
    simd: String,
    exact: f64,
}

/// The text of `"key": <value>` in one vector object, up to the next top-level `,` or the end.
fn field<'a>(obj: &'a str, key: &str) -> &'a str {
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

fn load() -> Vec<Vector> {
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

#[test]
fn domain_text_parses_to_domain() {
    for v in load() {
        let d = parse_domain(&v.domain_text).unwrap_or_else(|| panic!("{:?} does not parse", v.domain_text));
        for i in 0..4 {
            assert_eq!(
                d[i].to_bits(),
                v.domain[i].to_bits(),
                "{:?} bound {i}: {} vs {}",
                v.domain_text,
                d[i],
                v.domain[i]
            );
        }
    }
}

#[test]
fn kernels_offered_and_metadata() {
    let mut it = Integrator::new().unwrap();
    // Cranelift compiles wasm SIMD on x86-64 (SSE4.1+) and aarch64: simd must be offered first.
    assert_eq!(it.kernels, ["simd", "scalar"], "simd problem: {:?}", it.simd_problem);
    assert_eq!((it.meta.abi, it.meta.max_cells), (1, 10_000_000));
    assert_eq!(
        it.meta.integrands,
        ["sin(x+y)", "sin(x)*cos(y)", "exp(x+y)", "x*y", "1/(1+x+y)"]
    );
    assert_eq!(it.kernel("scalar").unwrap().meta().unwrap().variant, 0);
    assert_eq!(it.kernel("simd").unwrap().meta().unwrap().variant, 1);
}

#[test]
fn vectors_bit_for_bit() {
    let mut it = Integrator::new().unwrap();
    let mut runs = 0;
    for v in load() {
        for (kernel, want) in [("scalar", &v.scalar), ("simd", &v.simd)] {
            assert_eq!(want.len(), 18, "{} {}: no {kernel} bits", v.integrand, v.domain_text);
            for (scheme, workers) in [
                ("serial", 1),
                ("threads", 1),
                ("threads", 2),
                ("threads", 3),
                ("threads", 4),
            ] {
                let o = Options {
                    nx: Some(v.nx),
                    ny: Some(v.ny),
                    workers: Some(workers),
                    scheme: Some(scheme.into()),
                    kernel: Some(kernel.into()),
                    integrand: Some(v.integrand.clone()),
                    domain: Some(v.domain_text.clone()),
                    ..Default::default()
                };
                let what = format!(
                    "{} {} {}x{} {kernel} {scheme}/{workers}",
                    v.integrand, v.domain_text, v.nx, v.ny
                );
                let r = it.integrate(&o).unwrap_or_else(|e| panic!("{what}: {e}"));
                runs += 1;
                assert_eq!(&r.bits, want, "{what}");
                assert_eq!(
                    (r.scheme.as_str(), r.workers, r.kernel.as_str()),
                    (scheme, workers.min(v.nx), kernel),
                    "{what}"
                );
                assert_eq!(r.exact.map(f64::to_bits), Some(v.exact.to_bits()), "{what}: exact");
                assert_eq!(
                    r.value.map(|x| format!("0x{:016x}", x.to_bits())).as_ref(),
                    Some(want),
                    "{what}: value vs bits"
                );
            }
        }
    }
    assert!(runs >= 150, "{runs} runs");
}

#[test]
fn more_workers_than_rows_run_one_per_row_same_bits() {
    let mut it = Integrator::new().unwrap();
    let t = it
        .integrate(&Options {
            nx: Some(3),
            ny: Some(50),
            workers: Some(16),
            scheme: Some("threads".into()),
            ..Default::default()
        })
        .unwrap();
    let s = it
        .integrate(&Options {
            nx: Some(3),
            ny: Some(50),
            scheme: Some("serial".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((t.workers, &t.bits), (3, &s.bits));
}

#[test]
fn a_cancelled_run_stops() {
    let mut it = Integrator::new().unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(true);
    for scheme in ["serial", "threads"] {
        let o = integration2d::RawOptions {
            n: Some("2000".into()),
            scheme: Some(scheme.into()),
            ..Default::default()
        };
        assert!(
            matches!(it.integrate_raw(&o, &cancel), Err(integration2d::Error::Cancelled(_))),
            "{scheme}"
        );
    }
}
