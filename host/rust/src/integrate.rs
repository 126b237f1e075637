//! The run every host shares: load the kernel → hand it the problem as text (`define`: it parses and checks)
//! → hand out rows (one row per claim, an atomic counter) to
//! instances, one per thread, each defining the problem from the same texts → row sums into an array, row i at index i → `buffer` + write + `combine(nx)`
//! in one instance. The host never adds row sums itself: the kernel's combine fixes the order, so any worker
//! count gives the same 64 bits.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::Instant;

use wasmtime::{Config, Engine, Module};

use crate::jsfmt::{format_e, js_number, js_quote, js_to_fixed};
use crate::kernel::{Kernel, Meta, Refusal, wasm_bytes};
use crate::options::{Error, OptionContext, Options, Problem, RawOptions, SCHEMES, flag, resolve_options, usage};

/// The kernel ABI this host speaks (the problem as text); a kernel of a later ABI is a superset.
pub const ABI_VERSION: i32 = 2;

/// This host's version (the npm package's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The runtime named in the record.
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeInfo {
    pub name: String,
    pub version: String,
}

/// Wall time split: workers up and instances ready, then rows computed and combined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Phases {
    pub startup_s: f64,
    pub compute_s: f64,
}

/// The result record every host prints with `--json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Always Some: a value that is not finite fails the run (`Error::Run`).
    pub value: Option<f64>,
    pub bits: String,
    /// None when the integrand has no closed form (not a catalog entry); then `error` is None too.
    pub exact: Option<f64>,
    pub error: Option<f64>,
    pub integrand: String,
    pub domain: [f64; 4],
    pub nx: usize,
    pub ny: usize,
    pub scheme: String,
    pub workers: usize,
    pub kernel: String,
    pub runtime: RuntimeInfo,
    pub time_s: f64,
    pub phases: Phases,
}

/// "0x" + 16 lowercase hex digits of the IEEE-754 pattern, NaN canonical.
pub fn bits_of(v: f64) -> String {
    let bits = if v.is_nan() { 0x7ff8_0000_0000_0000 } else { v.to_bits() };
    format!("0x{bits:016x}")
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn make_record(p: &Problem, value: f64, exact: f64, domain: [f64; 4], runtime: &RuntimeInfo, phases: Phases) -> Record {
    Record {
        value: finite(value),
        bits: bits_of(value),
        exact: finite(exact),
        error: finite((value - exact).abs()),
        integrand: p.integrand.clone(),
        domain,
        nx: p.nx,
        ny: p.ny,
        scheme: p.scheme.clone(),
        workers: p.workers,
        kernel: p.kernel.clone(),
        runtime: runtime.clone(),
        time_s: phases.startup_s + phases.compute_s,
        phases,
    }
}

impl Record {
    /// The record as the Node host's JSON.stringify prints it (same keys, order and number spelling).
    pub fn to_json(&self) -> String {
        let num = |v: Option<f64>| v.map_or("null".to_string(), js_number);
        let domain: Vec<String> = self.domain.iter().map(|&v| js_number(v)).collect();
        format!(
            "{{\"value\":{},\"bits\":{},\"exact\":{},\"error\":{},\"integrand\":{},\"domain\":[{}],\"nx\":{},\"ny\":{},\"scheme\":{},\"workers\":{},\"kernel\":{},\"runtime\":{{\"name\":{},\"version\":{}}},\"time_s\":{},\"phases\":{{\"startup_s\":{},\"compute_s\":{}}}}}",
            num(self.value),
            js_quote(&self.bits),
            num(self.exact),
            num(self.error),
            js_quote(&self.integrand),
            domain.join(","),
            self.nx,
            self.ny,
            js_quote(&self.scheme),
            self.workers,
            js_quote(&self.kernel),
            js_quote(&self.runtime.name),
            js_quote(&self.runtime.version),
            js_number(self.time_s),
            js_number(self.phases.startup_s),
            js_number(self.phases.compute_s),
        )
    }

    /// The seed's two lines plus the run's settings.
    pub fn human_lines(&self) -> [String; 3] {
        let error = match self.exact {
            Some(_) => format_e(self.error),
            None => "unknown (no closed form)".into(),
        };
        [
            format!("Integral value is {}, Error is {error}", format_e(self.value)),
            format!("Time spent: {} sec", js_to_fixed(self.time_s, 2)),
            format!(
                "Scheme {}, workers {}, kernel {}, n {}x{}, integrand {}, bits {}",
                self.scheme, self.workers, self.kernel, self.nx, self.ny, self.integrand, self.bits
            ),
        ]
    }
}

/// The compiled kernel builds and one instance of each on the calling thread (metadata, exact values,
/// combine).
pub struct Integrator {
    engine: Engine,
    modules: HashMap<String, Module>,
    main: HashMap<String, Kernel>,
    kernels: Vec<String>,
    simd_problem: Option<String>,
    meta: Meta,
    cores: usize,
    runtime: RuntimeInfo,
}

impl Integrator {
    /// Compiles the simd build (falling back to scalar if wasmtime cannot) and reads the kernel's metadata.
    pub fn new() -> Result<Integrator, Error> {
        let mut config = Config::new();
        config.wasm_simd(true);
        let engine = Engine::new(&config).map_err(|e| Error::Other(e.to_string()))?;
        let mut it = Integrator {
            engine,
            modules: HashMap::new(),
            main: HashMap::new(),
            kernels: vec![],
            simd_problem: None,
            meta: Meta {
                abi: 0,
                variant: 0,
                max_cells: 0,
                max_text: 0,
                integrands: vec![],
                functions: vec![],
                constants: vec![],
                variables: vec![],
            },
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            runtime: RuntimeInfo {
                name: "rust-wasmtime".into(),
                version: format!(
                    "wasmtime {}, rustc {}",
                    env!("INTEGRATION2D_WASMTIME_VERSION"),
                    env!("INTEGRATION2D_RUSTC_VERSION")
                ),
            },
        };
        match it.kernel("simd") {
            Ok(_) => it.kernels = vec!["simd".into(), "scalar".into()],
            Err(e) => {
                it.simd_problem = Some(e.to_string());
                it.kernels = vec!["scalar".into()];
            }
        }
        let first = it.kernels[0].clone();
        it.meta = it.kernel(&first)?.meta().map_err(Error::Other)?;
        if it.meta.abi < ABI_VERSION {
            return Err(Error::Other(format!(
                "kernel ABI {} is not the {ABI_VERSION} this host speaks",
                it.meta.abi
            )));
        }
        Ok(it)
    }

    /// Builds this runtime runs, preferred first: simd, scalar where Cranelift compiles wasm SIMD for this
    /// CPU, else scalar.
    pub fn kernels(&self) -> &[String] {
        &self.kernels
    }

    /// Why simd is not offered (None when it is).
    pub fn simd_problem(&self) -> Option<&str> {
        self.simd_problem.as_deref()
    }

    /// What the kernel says about itself: ABI, caps, the catalog and the language's names.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Logical cores: the default worker count of `threads`.
    pub fn cores(&self) -> usize {
        self.cores
    }

    /// The runtime every record names.
    pub fn runtime(&self) -> &RuntimeInfo {
        &self.runtime
    }

    fn module(&mut self, variant: &str) -> Result<Module, Error> {
        if let Some(m) = self.modules.get(variant) {
            return Ok(m.clone());
        }
        let bytes = wasm_bytes(variant).ok_or_else(|| Error::Other(format!("no kernel build {variant}")))?;
        let m = Module::new(&self.engine, bytes)
            .map_err(|e| Error::Other(format!("wasmtime cannot compile the {variant} kernel: {e}")))?;
        self.modules.insert(variant.to_string(), m.clone());
        Ok(m)
    }

    /// The calling thread's instance of a build ("simd" or "scalar").
    pub fn kernel(&mut self, variant: &str) -> Result<&mut Kernel, Error> {
        if !self.main.contains_key(variant) {
            let module = self.module(variant)?;
            let k = Kernel::new(&self.engine, &module).map_err(Error::Other)?;
            self.main.insert(variant.to_string(), k);
        }
        Ok(self.main.get_mut(variant).unwrap())
    }

    /// Checks options without running anything: the host's own (integers, names), then the kernel's (`define`
    /// of the integrand and domain).
    pub(crate) fn resolve(&mut self, o: &RawOptions) -> Result<Problem, Error> {
        let p = resolve_options(
            o,
            &OptionContext {
                max_cells: self.meta.max_cells,
                cores: self.cores,
                kernels: self.kernels.clone(),
                schemes: SCHEMES.iter().map(|s| s.to_string()).collect(),
            },
        )?;
        check(self.kernel(&p.kernel)?, &p)?;
        Ok(p)
    }

    /// One run from typed options (None = default).
    pub fn integrate(&mut self, o: &Options) -> Result<Record, Error> {
        self.integrate_raw(&o.to_raw()?, &AtomicBool::new(false))
    }

    /// One run from options as the CLI gives them; setting `cancel` stops every worker between rows.
    pub fn integrate_raw(&mut self, o: &RawOptions, cancel: &AtomicBool) -> Result<Record, Error> {
        let p = self.resolve(o)?;
        self.run(&p, cancel)
    }

    /// Computes a validated problem.
    pub(crate) fn run(&mut self, p: &Problem, cancel: &AtomicBool) -> Result<Record, Error> {
        let module = self.module(&p.kernel)?;
        let runtime = self.runtime.clone();
        let k = self.kernel(&p.kernel)?;
        // The kernel's check, before any worker is involved; this instance then combines.
        check(k, p)?;
        if p.scheme == "serial" {
            let t0 = Instant::now();
            let mut sums = vec![0.0; p.nx];
            for (i, s) in sums.iter_mut().enumerate() {
                if cancel.load(Ordering::Relaxed) {
                    return Err(cancelled());
                }
                *s = k.row_sum(i).map_err(Error::Other)?;
            }
            let phases = Phases {
                startup_s: 0.0,
                compute_s: t0.elapsed().as_secs_f64(),
            };
            return finish(k, p, &sums, &runtime, phases);
        }
        let (sums, mut phases) = thread_rows(&self.engine, &module, p, cancel)?;
        let k = self.kernel(&p.kernel)?;
        let t1 = Instant::now();
        let mut r = finish(k, p, &sums, &runtime, phases)?;
        phases.compute_s += t1.elapsed().as_secs_f64();
        r.phases = phases;
        r.time_s = phases.startup_s + phases.compute_s;
        Ok(r)
    }
}

fn cancelled() -> Error {
    Error::Cancelled("interrupted (Ctrl-C)".into())
}

/// The option each `errorField` names.
const FIELDS: [&str; 4] = ["integrand", "domain", "nx", "ny"];

/// The kernel's refusal as the usage error of the option it names, in the kernel's words.
fn refused(r: Refusal) -> Error {
    let option = FIELDS.get(r.field as usize).copied().unwrap_or("integrand");
    usage(option, format!("option {}: {}", flag(option), r.message))
}

/// `define` from the problem's texts: the kernel parses and checks them.
fn define(k: &mut Kernel, p: &Problem) -> Result<Result<(), Refusal>, String> {
    let cells = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    k.define_text(&p.integrand, &p.domain, cells(p.nx), cells(p.ny))
}

/// The main side's `define`: a refusal is the usage error of the option the kernel names.
fn check(k: &mut Kernel, p: &Problem) -> Result<(), Error> {
    define(k, p).map_err(Error::Other)?.map_err(refused)
}

/// The record, from the row sums, in the instance `define` checked: a value that is not finite is a failed run
/// with the kernel's diagnosis, never a result.
fn finish(k: &mut Kernel, p: &Problem, sums: &[f64], runtime: &RuntimeInfo, phases: Phases) -> Result<Record, Error> {
    let value = k.combine(sums).map_err(Error::Other)?;
    if !value.is_finite() {
        return Err(Error::Run(k.message().map_err(Error::Other)?));
    }
    let exact = k.exact_value().map_err(Error::Other)?;
    let domain = k.bounds().map_err(Error::Other)?;
    Ok(make_record(p, value, exact, domain, runtime, phases))
}

/// p.workers threads, one kernel instance each; each claims the next row with one atomic increment and
/// stores its sum at index i. startup = threads up and instances ready; compute = rows.
fn thread_rows(
    engine: &Engine,
    module: &Module,
    p: &Problem,
    cancel: &AtomicBool,
) -> Result<(Vec<f64>, Phases), Error> {
    let t0 = Instant::now();
    let sums: Vec<AtomicU64> = (0..p.nx).map(|_| AtomicU64::new(0)).collect();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    let fail = |e: Error| {
        first_error.lock().unwrap().get_or_insert(e);
        stop.store(true, Ordering::Relaxed);
    };
    let ready = Barrier::new(p.workers + 1);
    let t1 = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..p.workers)
            .map(|w| {
                let (sums, next, stop, ready, fail) = (&sums, &next, &stop, &ready, &fail);
                std::thread::Builder::new()
                    .name(format!("integration2d-{w}"))
                    .spawn_scoped(scope, move || {
                        // Each worker defines the problem from the texts itself: the same program, the same bits.
                        let k = Kernel::new(engine, module).and_then(|mut k| match define(&mut k, p)? {
                            Ok(()) => Ok(k),
                            Err(r) => Err(format!("the kernel refused the problem: {}", r.message)),
                        });
                        ready.wait();
                        let mut k = match k {
                            Ok(k) => k,
                            Err(e) => return fail(Error::Worker { worker: w, message: e }),
                        };
                        while !stop.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= p.nx {
                                return;
                            }
                            if cancel.load(Ordering::Relaxed) {
                                return fail(cancelled());
                            }
                            match k.row_sum(i) {
                                Ok(v) => sums[i].store(v.to_bits(), Ordering::Relaxed),
                                Err(e) => return fail(Error::Worker { worker: w, message: e }),
                            }
                        }
                    })
                    .expect("spawn a worker thread")
            })
            .collect();
        ready.wait();
        let t1 = Instant::now();
        for (w, h) in handles.into_iter().enumerate() {
            if h.join().is_err() {
                fail(Error::Worker {
                    worker: w,
                    message: "panicked".into(),
                });
            }
        }
        t1
    });
    if let Some(e) = first_error.into_inner().unwrap() {
        return Err(e);
    }
    let sums = sums.into_iter().map(|s| f64::from_bits(s.into_inner())).collect();
    Ok((
        sums,
        Phases {
            startup_s: (t1 - t0).as_secs_f64(),
            compute_s: t1.elapsed().as_secs_f64(),
        },
    ))
}

/// A one-shot run: load the kernel, run.
pub fn integrate(o: &Options) -> Result<Record, Error> {
    Integrator::new()?.integrate(o)
}
