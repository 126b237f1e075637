//! ABI 2 through the library: every refusal in test/cases/bad-expressions.json (the kernel's code, field,
//! column and words, and the library's usage error naming the option), every vector in test/vectors-expr.json
//! in both builds, serial and threads, bit for bit, with its closed form (or none) and catalog fast path.

mod common;
use common::{bad_cases, load_expr};

use integration2d::{Error, Integrator, Options, RawOptions, Refusal};

#[test]
fn every_bad_expression_is_refused_by_the_kernel_in_its_words() {
    let mut it = Integrator::new().unwrap();
    let fields = ["integrand", "domain", "nx", "ny"];
    for kernel in ["scalar", "simd"] {
        let k = it.kernel(kernel).unwrap();
        for c in bad_cases() {
            let (nx, ny) = (c.nx.parse().unwrap(), c.ny.parse().unwrap());
            let r = k.define_text(&c.integrand, &c.domain, nx, ny).unwrap();
            let want = Refusal {
                code: c.code,
                field: fields.iter().position(|f| *f == c.field).unwrap() as i32,
                column: c.column,
                message: c.message.clone(),
            };
            assert_eq!(r, Err(want), "{kernel}: {:?} {:?}", c.integrand, c.domain);
            // A refusal unsets the problem.
            assert!(k.bound(0).unwrap().is_nan() && k.catalog_id().unwrap() == -1);
        }
    }
}

#[test]
fn every_bad_expression_is_the_librarys_usage_error_naming_the_option() {
    let mut it = Integrator::new().unwrap();
    for c in bad_cases() {
        let r = if c.field == "nx" || c.field == "ny" {
            let raw = RawOptions {
                integrand: Some(c.integrand.clone()),
                domain: Some(c.domain.clone()),
                nx: Some(c.nx.clone()),
                ny: Some(c.ny.clone()),
                ..Default::default()
            };
            it.integrate_raw(&raw, &Default::default())
        } else {
            let o = Options {
                nx: Some(c.nx.parse().unwrap()),
                ny: Some(c.ny.parse().unwrap()),
                ..Options::new(&c.integrand, c.domain.as_str())
            };
            it.integrate(&o)
        };
        let (option, message) = (c.flag().to_string(), c.host_message());
        assert_eq!(
            r,
            Err(Error::Usage { option, message }),
            "{:?} {:?}",
            c.integrand,
            c.domain
        );
    }
}

#[test]
fn texts_longer_than_the_text_area_get_the_kernels_words() {
    // Together over 2·maxText there is no area to write to: define refuses the first text over maxText by its
    // length, before reading it.
    let mut it = Integrator::new().unwrap();
    let long = "x+".repeat(5000) + "y";
    for (integrand, domain, option, n) in [
        (long.as_str(), "0,1,0,1", "-f/--integrand", 10001),
        ("x*y", &format!("0,1,0,{}", "1".repeat(9000)), "-d/--domain", 9006),
        (long.as_str(), &"0".repeat(8000), "-f/--integrand", 10001),
    ] {
        let r = it.integrate(&Options::new(integrand, domain));
        let message = format!("option {option}: text longer than 4096 bytes ({n} bytes)");
        assert_eq!(
            r,
            Err(Error::Usage {
                option: option.into(),
                message
            })
        );
    }
}

#[test]
fn a_domain_of_numbers_is_text_by_debug_and_must_be_finite() {
    let mut it = Integrator::new().unwrap();
    let bounds = [-0.1, 0.30000000000000004, 1e-5, 123456789.125];
    let o = Options {
        n: Some(3),
        ..Options::new("x*y", bounds)
    };
    let r = it.integrate(&o).unwrap();
    assert_eq!(r.domain.map(f64::to_bits), bounds.map(f64::to_bits));
    let text = Options {
        n: Some(3),
        ..Options::new("x*y", "-0.1,0.30000000000000004,1e-5,123456789.125")
    };
    assert_eq!(it.integrate(&text).unwrap().bits, r.bits);
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let r = it.integrate(&Options::new("x*y", [0.0, 1.0, bad, 1.0]));
        let message = format!("option -d/--domain must be four finite numbers (got [0.0, 1.0, {bad:?}, 1.0])");
        assert_eq!(
            r,
            Err(Error::Usage {
                option: "-d/--domain".into(),
                message
            })
        );
    }
}

#[test]
fn expression_vectors_bit_for_bit_both_builds_serial_and_threads() {
    let mut it = Integrator::new().unwrap();
    let mut runs = 0;
    for v in load_expr() {
        for kernel in ["scalar", "simd"] {
            let want = v.bits(kernel);
            // The texts as given, serial; the domain as numbers (→ text by {:?}), threads.
            for (scheme, workers, o) in [
                ("serial", 1, Options::new(&v.integrand, v.domain_text.as_str())),
                ("threads", 3, Options::new(&v.integrand, v.domain)),
            ] {
                let o = Options {
                    nx: Some(v.nx),
                    ny: Some(v.ny),
                    scheme: Some(scheme.into()),
                    workers: Some(workers),
                    kernel: Some(kernel.into()),
                    ..o
                };
                let what = format!("{} {kernel} {scheme}/{workers}", v.what());
                let r = it.integrate(&o).unwrap_or_else(|e| panic!("{what}: {e}"));
                runs += 1;
                assert_eq!(r.bits, want, "{what}");
                assert_eq!(r.exact.map(f64::to_bits), v.exact.map(f64::to_bits), "{what}: exact");
                assert_eq!(r.error.is_none(), v.exact.is_none(), "{what}: error");
                assert_eq!(r.domain.map(f64::to_bits), v.domain.map(f64::to_bits), "{what}: domain");
                assert_eq!(
                    (r.integrand.as_str(), r.workers),
                    (v.integrand.as_str(), workers.min(v.nx)),
                    "{what}"
                );
            }
            let k = it.kernel(kernel).unwrap();
            k.define_text(&v.integrand, &v.domain_text, v.nx as i32, v.ny as i32)
                .unwrap()
                .unwrap();
            assert_eq!(
                Some(k.catalog_id().unwrap()),
                v.catalog,
                "{} {kernel}: catalog",
                v.what()
            );
        }
    }
    assert_eq!(runs, 4 * load_expr().len());
}

#[test]
fn an_expression_equal_to_a_catalog_entry_gives_its_bits_without_its_fast_path() {
    let mut it = Integrator::new().unwrap();
    let v = common::sin_square(1000);
    for kernel in ["scalar", "simd"] {
        let o = Options {
            n: Some(1000),
            kernel: Some(kernel.into()),
            ..Options::new("sin(y + x)", "0,pi,0,pi")
        };
        let r = it.integrate(&o).unwrap();
        assert_eq!(
            (r.bits.as_str(), r.exact, r.error),
            (v.bits(kernel), None, None),
            "{kernel}"
        );
        let k = it.kernel(kernel).unwrap();
        k.define_text("sin(y + x)", "0,pi,0,pi", 1000, 1000).unwrap().unwrap();
        assert_eq!(k.catalog_id().unwrap(), -1);
    }
}

#[test]
fn a_value_that_is_not_finite_fails_the_run_with_the_kernels_diagnosis() {
    let mut it = Integrator::new().unwrap();
    for scheme in ["serial", "threads"] {
        for kernel in ["scalar", "simd"] {
            let o = Options {
                nx: Some(2),
                ny: Some(2),
                scheme: Some(scheme.into()),
                kernel: Some(kernel.into()),
                ..Options::new("1/(x-0.25)", "0,1,0,1")
            };
            assert_eq!(
                it.integrate(&o),
                Err(Error::Run(
                    "integrand is not finite at x = 0.25, y = 0.25 (value Inf)".into()
                )),
                "{scheme} {kernel}"
            );
        }
    }
}
