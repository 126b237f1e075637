//! Every vector in test/vectors.json, both kernel builds, serial and threads with 1..4 workers: the exact
//! 64-bit pattern, never a tolerance.

mod common;
use common::load;

use integration2d::{Integrator, Options, parse_domain};

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
    assert!(it.meta.abi >= 1 && it.meta.max_cells == 10_000_000);
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
