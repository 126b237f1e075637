//! Every vector in test/vectors.json (ABI 1's catalog), now handed to the kernel as text (the integrand's
//! name, the domain's numbers spelled by `{:?}`), both kernel builds, serial and threads with 1..4 workers: the
//! exact 64-bit pattern, never a tolerance. Same bits as ABI 1's setup: the catalog fast path keeps them.

mod common;
use common::load;

use integration2d::{Integrator, Options};

#[test]
fn domain_text_defines_the_domain_and_the_catalog_entry() {
    let mut it = Integrator::new().unwrap();
    let catalog = it.meta().integrands.clone();
    for kernel in ["scalar", "simd"] {
        let k = it.kernel(kernel).unwrap();
        for v in load() {
            k.define_text(&v.integrand, &v.domain_text, v.nx as i32, v.ny as i32)
                .unwrap()
                .unwrap_or_else(|r| panic!("{}: {r:?}", v.what()));
            let bounds = k.bounds().unwrap().map(f64::to_bits);
            assert_eq!(bounds, v.domain.map(f64::to_bits), "{} {kernel}", v.what());
            let id = catalog.iter().position(|c| *c == v.integrand).unwrap() as i32;
            assert_eq!(k.catalog_id().unwrap(), id, "{} {kernel}", v.what());
            assert_eq!(
                k.exact_value().unwrap().to_bits(),
                v.exact.unwrap().to_bits(),
                "{}",
                v.what()
            );
        }
    }
}

#[test]
fn kernels_offered_and_metadata() {
    let mut it = Integrator::new().unwrap();
    // Cranelift compiles wasm SIMD on x86-64 (SSE4.1+) and aarch64: simd must be offered first.
    assert_eq!(
        it.kernels(),
        ["simd", "scalar"],
        "simd problem: {:?}",
        it.simd_problem()
    );
    assert!(it.meta().abi >= 1 && it.meta().max_cells == 10_000_000);
    assert_eq!(
        it.meta().integrands,
        ["sin(x+y)", "sin(x)*cos(y)", "exp(x+y)", "x*y", "1/(1+x+y)"]
    );
    assert_eq!((it.meta().abi, it.meta().max_text), (2, 4096));
    assert_eq!(
        (it.meta().constants.join(" "), it.meta().variables.join(" ")),
        ("pi e".into(), "x y".into())
    );
    assert!(it.meta().functions.iter().any(|f| f == "atan2") && it.meta().functions.len() >= 30);
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
                    ..Options::new(&v.integrand, v.domain)
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
                assert_eq!(r.exact.map(f64::to_bits), v.exact.map(f64::to_bits), "{what}: exact");
                assert_eq!(r.domain.map(f64::to_bits), v.domain.map(f64::to_bits), "{what}: domain");
                assert_eq!(r.integrand, v.integrand, "{what}");
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
