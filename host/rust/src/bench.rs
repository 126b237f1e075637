//! `integration2d bench`: times the kernel through this host's schemes and writes one benchmark record in the
//! format every host writes (bench/README.md, bench/record.schema.json, schema_version 1). The Python host's
//! bench mode, ported: strong scaling only, no native baseline (`native` is null). Phases per configuration
//! (kernel build × scheme × workers): compile_s (wasmtime `Module::new` + instantiate, fresh each sample),
//! startup_s (fresh threads + instances and one tiny run; none for serial), compute_s (rows computed and
//! combined, after `--warmup` untimed runs). Every run's bits are compared; any difference exits 1.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use wasmtime::{Config, Engine, Module};

use crate::integrate::Integrator;
use crate::jsfmt::{js_number, js_quote};
use crate::kernel::{Kernel, wasm_bytes};
use crate::options::{Error, MAX_WORKERS, RawOptions, SCHEMES, flag};

/// The `assemblyscript` of dist/kernel/build.json (copied beside the kernel) as it was when the kernel bytes
/// were compiled in.
const BUILD_JSON: &str = include_str!("../kernel/build.json");

pub(crate) const HELP: &str = "Usage: integration2d bench [options]

Times the kernel on this machine and writes one benchmark record (bench/README.md).
  -n, --n <int>            cells per axis of the strong-scaling problem (default 10000)
  -w, --workers <list>     worker counts, comma-separated, 1..256 (default 1,2)
      --schemes <list>     of serial, threads (default all)
      --kernels <list>     of simd, scalar (default all)
  -f, --integrand <expr>   integrand, an expression in x and y (default sin(x+y))
  -d, --domain <ax,bx,ay,by>  domain, four constant expressions (default 0,pi,0,pi)
  -r, --repeat <int>       compute samples per run, 1..1000 (default 5)
      --warmup <int>       untimed runs before the samples, 0..100 (default 1)
  -o, --out <file>         where the record goes (default results/rust.json)
  -h, --help               this text
";

/// host/core/stats.ts `summarize()`: median, min, max, unscaled MAD, order-statistic 95 % CI of the median.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub mad: f64,
    pub ci95: [f64; 2],
    pub ci_coverage: f64,
}

fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut s = xs.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    s
}

fn median_sorted(s: &[f64]) -> f64 {
    let m = s.len() >> 1;
    if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

/// P(B ≤ k) for B ~ Binomial(n, ½), summed as stats.ts sums it.
fn binomial_half_cdf(n: usize, k: usize) -> f64 {
    let mut term = 0.5f64.powf(n as f64);
    let mut sum = 0.0;
    for i in 0..=k {
        sum += term;
        term = (term * (n as f64 - i as f64)) / (i as f64 + 1.0);
    }
    sum
}

/// Needs at least one sample.
pub fn summarize(xs: &[f64]) -> Summary {
    let s = sorted(xs);
    let n = s.len();
    let mut k = 1;
    while (k + 1) as f64 <= (n + 1) as f64 / 2.0 && binomial_half_cdf(n, k) <= (1.0 - 0.95) / 2.0 {
        k += 1;
    }
    let median = median_sorted(&s);
    let dev = sorted(&xs.iter().map(|x| (x - median).abs()).collect::<Vec<_>>());
    Summary {
        n,
        median,
        min: s[0],
        max: s[n - 1],
        mad: median_sorted(&dev),
        ci95: [s[k - 1], s[n - k]],
        ci_coverage: 1.0 - 2.0 * binomial_half_cdf(n, k - 1),
    }
}

/// SHA-256 (FIPS 180-4) as lowercase hex: the record names the bytes this binary loads, without a dependency.
pub fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

fn assemblyscript_version() -> String {
    BUILD_JSON
        .split("\"assemblyscript\"")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(1))
        .unwrap_or("unknown")
        .to_string()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// What Node's os module reports: CPU model, logical cores, architecture, "Linux <release> (<PRETTY_NAME>)",
/// MemTotal in bytes.
fn machine_json(cores: usize) -> String {
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown".to_string(), |(_, v)| v.trim().to_string());
    let (ty, rel) = (read("/proc/sys/kernel/ostype"), read("/proc/sys/kernel/osrelease"));
    let mut os = if ty.is_empty() {
        std::env::consts::OS.to_string()
    } else {
        format!("{} {}", ty.trim(), rel.trim())
    };
    if let Some(v) = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
    {
        os += &format!(" ({})", v.trim().trim_matches('"'));
    }
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or("null".to_string(), |kb| (kb * 1024).to_string());
    format!(
        "{{\"cpu\":{},\"logical_cores\":{cores},\"arch\":{},\"os\":{},\"memory_bytes\":{memory}}}",
        js_quote(&cpu),
        js_quote(std::env::consts::ARCH),
        js_quote(&os)
    )
}

fn list_json(xs: &[f64]) -> String {
    format!("[{}]", xs.iter().map(|&x| js_number(x)).collect::<Vec<_>>().join(","))
}

fn summary_json(xs: &[f64]) -> String {
    if xs.is_empty() {
        return "null".into();
    }
    let s = summarize(xs);
    format!(
        "{{\"n\":{},\"median\":{},\"min\":{},\"max\":{},\"mad\":{},\"ci95\":[{},{}],\"ci_coverage\":{}}}",
        s.n,
        js_number(s.median),
        js_number(s.min),
        js_number(s.max),
        js_number(s.mad),
        js_number(s.ci95[0]),
        js_number(s.ci95[1]),
        js_number(s.ci_coverage)
    )
}

fn usage(name: &str, message: String) -> Error {
    Error::Usage {
        option: flag(name).to_string(),
        message,
    }
}

fn name_list(name: &str, raw: &str, allowed: &[String]) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    for x in raw.split(',').map(str::trim) {
        if !allowed.iter().any(|a| a == x) {
            return Err(usage(
                name,
                format!(
                    "option {} must be a comma-separated list of {} (got {})",
                    flag(name),
                    allowed.join(", "),
                    js_quote(raw)
                ),
            ));
        }
        if !out.iter().any(|o| o == x) {
            out.push(x.to_string());
        }
    }
    Ok(out)
}

fn parse_uint(t: &str) -> Option<usize> {
    let t = t.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn workers_list(raw: &str) -> Result<Vec<usize>, Error> {
    let mut out = Vec::new();
    for x in raw.split(',') {
        match parse_uint(x) {
            Some(v) if (1..=MAX_WORKERS).contains(&v) => {
                if !out.contains(&v) {
                    out.push(v)
                }
            }
            _ => {
                return Err(usage(
                    "workers",
                    format!(
                        "option {} must be a comma-separated list of integers from 1 to {MAX_WORKERS} (got {})",
                        flag("workers"),
                        js_quote(raw)
                    ),
                ));
            }
        }
    }
    Ok(out)
}

fn int_option(name: &str, raw: Option<String>, fallback: usize, lo: usize, hi: usize) -> Result<usize, Error> {
    let Some(raw) = raw else { return Ok(fallback) };
    match parse_uint(&raw) {
        Some(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(usage(
            name,
            format!(
                "option {} must be an integer from {lo} to {hi} (got {})",
                flag(name),
                js_quote(&raw)
            ),
        )),
    }
}

fn iso_now() -> String {
    let d = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let (secs, ms) = (d.as_secs() as i64, d.subsec_millis());
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    // civil_from_days (H. Hinnant)
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The options bench takes, as text (None = not given).
#[derive(Default)]
pub(crate) struct BenchArgs {
    pub n: Option<String>,
    pub workers: Option<String>,
    pub schemes: Option<String>,
    pub kernels: Option<String>,
    pub integrand: Option<String>,
    pub domain: Option<String>,
    pub repeat: Option<String>,
    pub warmup: Option<String>,
    pub out: Option<String>,
}

pub(crate) fn bench(a: BenchArgs, out: &mut dyn Write, err: &mut dyn Write, cancel: &AtomicBool) -> Result<i32, Error> {
    let workers = workers_list(a.workers.as_deref().unwrap_or("1,2"))?;
    let all_schemes: Vec<String> = SCHEMES.iter().map(|s| s.to_string()).collect();
    let schemes = name_list(
        "schemes",
        a.schemes.as_deref().unwrap_or(&all_schemes.join(",")),
        &all_schemes,
    )?;
    let mut it = Integrator::new()?;
    let kernels = name_list(
        "kernels",
        a.kernels.as_deref().unwrap_or(&it.kernels().join(",")),
        it.kernels(),
    )?;
    let repeat = int_option("repeat", a.repeat, 5, 1, 1000)?;
    let warmup = int_option("warmup", a.warmup, 1, 0, 100)?;
    let path = a.out.unwrap_or_else(|| "results/rust.json".into());
    let base = it.resolve(&RawOptions {
        n: a.n,
        integrand: a.integrand,
        domain: a.domain,
        scheme: Some("serial".into()),
        kernel: Some(kernels[0].clone()),
        ..Default::default()
    })?;
    let asc = assemblyscript_version();
    let mut runs: Vec<String> = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    for kernel in &kernels {
        let wasm = wasm_bytes(kernel).ok_or_else(|| Error::Other(format!("no kernel build {kernel}")))?;
        let sha = sha256_hex(wasm);
        let mut kernel_bits: Vec<String> = Vec::new();
        for scheme in &schemes {
            let ws = if scheme == "serial" { vec![1] } else { workers.clone() };
            for w in ws {
                let mut p = base.clone();
                p.scheme = scheme.clone();
                p.kernel = kernel.clone();
                p.workers = w.min(base.nx);
                let (mut startup, mut compile, mut compute) = (Vec::new(), Vec::new(), Vec::new());
                let mut config = Config::new();
                config.wasm_simd(true);
                let engine = Engine::new(&config).map_err(|e| Error::Other(e.to_string()))?;
                for _ in 0..repeat {
                    let t0 = Instant::now();
                    let module = Module::new(&engine, wasm).map_err(|e| Error::Other(e.to_string()))?;
                    let k = Kernel::new(&engine, &module).map_err(Error::Other)?;
                    compile.push(t0.elapsed().as_secs_f64());
                    drop(k);
                    if scheme != "serial" {
                        let mut tiny = p.clone();
                        tiny.nx = p.workers;
                        tiny.ny = 1;
                        startup.push(it.run(&tiny, cancel)?.phases.startup_s);
                    }
                }
                let mut bits: Vec<String> = Vec::new();
                let mut last = None;
                for i in 0..warmup + repeat {
                    let r = it.run(&p, cancel)?;
                    if !bits.contains(&r.bits) {
                        bits.push(r.bits.clone());
                    }
                    if i >= warmup {
                        compute.push(r.phases.compute_s);
                    }
                    last = Some(r);
                }
                let last = last.unwrap();
                let evals = p.nx * p.ny;
                let med = summarize(&compute).median;
                let ns = med / evals as f64 * 1e9;
                let domain: Vec<String> = last.domain.iter().map(|&d| js_number(d)).collect();
                runs.push(format!(
                    "{{\"problem\":{{\"integrand\":{},\"domain\":[{}],\"nx\":{},\"ny\":{}}},\"scheme\":{},\"workers\":{},\"kernel\":{{\"build\":{},\"sha256\":\"{sha}\",\"assemblyscript\":{}}},\"scaling\":\"strong\",\"warmup\":{warmup},\"samples\":{{\"startup_s\":{},\"compile_s\":{},\"compute_s\":{}}},\"summary\":{{\"startup_s\":{},\"compile_s\":{},\"compute_s\":{}}},\"evaluations\":{evals},\"ns_per_eval\":{},\"ns_per_eval_core\":{},\"value\":{},\"bits\":{},\"bits_identical\":{}}}",
                    js_quote(&p.integrand),
                    domain.join(","),
                    p.nx,
                    p.ny,
                    js_quote(&p.scheme),
                    p.workers,
                    js_quote(kernel),
                    js_quote(&asc),
                    list_json(&startup),
                    list_json(&compile),
                    list_json(&compute),
                    summary_json(&startup),
                    summary_json(&compile),
                    summary_json(&compute),
                    js_number(ns),
                    js_number(ns * p.workers as f64),
                    last.value.map_or("null".into(), js_number),
                    js_quote(&last.bits),
                    bits.len() == 1
                ));
                let _ = writeln!(
                    err,
                    "bench: {kernel} {scheme} ×{}: compute median {med:.3} s, {:.2} ns/eval/core, bits {}",
                    p.workers,
                    ns * p.workers as f64,
                    last.bits
                );
                if bits.len() != 1 {
                    bad.push(format!("{kernel} {scheme} ×{}: {bits:?}", p.workers));
                }
                if !kernel_bits.contains(&last.bits) {
                    kernel_bits.push(last.bits.clone());
                }
            }
        }
        if kernel_bits.len() > 1 {
            bad.push(format!("{kernel}: schemes and worker counts gave {kernel_bits:?}"));
        }
    }
    let doc = format!(
        "{{\"schema\":\"integration2d-bench\",\"schema_version\":1,\"date\":\"{}\",\"host\":\"rust\",\"machine\":{},\"runtime\":{{\"name\":{},\"version\":{},\"flags\":[\"--release\"],\"user_agent\":null}},\"native\":null,\"runs\":[{}]}}\n",
        iso_now(),
        machine_json(it.cores()),
        js_quote(&it.runtime().name),
        js_quote(&it.runtime().version),
        runs.join(",")
    );
    let p = std::path::Path::new(&path);
    if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Other(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(p, doc).map_err(|e| Error::Other(format!("cannot write {path}: {e}")))?;
    let _ = writeln!(out, "bench: {} runs written to {path}", runs.len());
    if !bad.is_empty() {
        let _ = writeln!(err, "integration2d: BITS DIFFER (this is a bug): {}", bad.join("; "));
        return Ok(1);
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_answers() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn summary_as_stats_ts() {
        let s = summarize(&[5.0, 1.0, 4.0, 2.0, 3.0]);
        assert_eq!((s.median, s.min, s.max, s.mad), (3.0, 1.0, 5.0, 1.0));
        assert_eq!((s.ci95, s.ci_coverage), ([1.0, 5.0], 0.9375));
        let s = summarize(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!((s.median, s.ci95), (3.5, [1.0, 6.0]));
    }
}
