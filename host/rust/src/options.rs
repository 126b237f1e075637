//! The options contract of host/core/options.ts: names, defaults, ranges and the exact wording of each
//! refusal.

use crate::domain::{DEFAULT_DOMAIN_TEXT, Domain, parse_domain};
use crate::jsfmt::js_quote;

/// Schemes this host offers (no child processes: a Rust program has threads).
pub const SCHEMES: [&str; 2] = ["serial", "threads"];
pub const DEFAULT_N: usize = 10000;
pub const DEFAULT_INTEGRAND: &str = "sin(x+y)";
pub const MAX_WORKERS: usize = 256;

/// Each option's CLI spelling, used in every message.
pub fn flag(option: &str) -> &'static str {
    match option {
        "n" => "-n/--n",
        "nx" => "--nx",
        "ny" => "--ny",
        "workers" => "-w/--workers",
        "scheme" => "-s/--scheme",
        "kernel" => "-k/--kernel",
        "integrand" => "-f/--integrand",
        "domain" => "-d/--domain",
        "json" => "--json",
        "list" => "--list",
        "help" => "-h/--help",
        "version" => "-V/--version",
        "schemes" => "--schemes",
        "kernels" => "--kernels",
        "repeat" => "-r/--repeat",
        "warmup" => "--warmup",
        "out" => "-o/--out",
        _ => "",
    }
}

/// Why a run did not give a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Bad input (exit 2): the option (CLI spelling) and a message saying what is allowed.
    Usage { option: String, message: String },
    /// A worker failed (exit 1): its index and why.
    Worker { worker: usize, message: String },
    /// The run was cancelled (exit 130).
    Cancelled(String),
    /// Anything else (exit 1): the kernel cannot be loaded, or refused the problem.
    Other(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage { message, .. } => f.write_str(message),
            Error::Worker { worker, message } => write!(f, "worker {worker}: {message}"),
            Error::Cancelled(m) | Error::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

pub(crate) fn usage(option: &str, message: String) -> Error {
    Error::Usage {
        option: flag(option).to_string(),
        message,
    }
}

/// Options as text, `None` meaning "not given" (what the CLI passes; the library's typed fields convert to
/// these).
#[derive(Debug, Clone, Default)]
pub struct RawOptions {
    pub n: Option<String>,
    pub nx: Option<String>,
    pub ny: Option<String>,
    pub workers: Option<String>,
    pub scheme: Option<String>,
    pub kernel: Option<String>,
    pub integrand: Option<String>,
    pub domain: Option<String>,
}

/// The library's typed options; `None` is the default.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub n: Option<usize>,
    pub nx: Option<usize>,
    pub ny: Option<usize>,
    pub workers: Option<usize>,
    pub scheme: Option<String>,
    pub kernel: Option<String>,
    pub integrand: Option<String>,
    pub domain: Option<String>,
}

impl From<&Options> for RawOptions {
    fn from(o: &Options) -> Self {
        let num = |v: Option<usize>| v.map(|v| v.to_string());
        RawOptions {
            n: num(o.n),
            nx: num(o.nx),
            ny: num(o.ny),
            workers: num(o.workers),
            scheme: o.scheme.clone(),
            kernel: o.kernel.clone(),
            integrand: o.integrand.clone(),
            domain: o.domain.clone(),
        }
    }
}

/// A validated run: every field filled in, `workers` the number that will run.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub integrand: String,
    pub integrand_id: i32,
    pub domain: Domain,
    pub nx: usize,
    pub ny: usize,
    pub scheme: String,
    pub workers: usize,
    pub kernel: String,
}

/// What the defaults depend on.
#[derive(Debug, Clone)]
pub struct OptionContext {
    pub max_cells: usize,
    pub integrands: Vec<String>,
    /// Logical cores.
    pub cores: usize,
    /// Runnable kernel builds, preferred first.
    pub kernels: Vec<String>,
    pub schemes: Vec<String>,
}

/// `/^[+-]?\d+$/`
fn is_integer_text(s: &str) -> bool {
    let d = s.strip_prefix(['+', '-']).unwrap_or(s);
    !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit())
}

/// Integers are ASCII: optional ASCII whitespace around optional '+' and digits; no NBSP, no other digits, no
/// `_` (the rule every host shares, stricter than JS's trim).
fn integer(option: &str, raw: Option<&str>, fallback: usize, max: usize) -> Result<usize, Error> {
    let Some(raw) = raw else { return Ok(fallback) };
    let text = raw.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r'));
    if is_integer_text(text) && !text.starts_with('-') {
        let digits = text.trim_start_matches('+').trim_start_matches('0');
        // More digits than max has is out of range whatever they are (JS refuses them too).
        if digits.len() <= 20 {
            if let Ok(v) = digits.parse::<u128>() {
                if v >= 1 && v <= max as u128 {
                    return Ok(v as usize);
                }
            }
        }
    }
    Err(usage(
        option,
        format!(
            "option {} must be an integer from 1 to {max} (got {})",
            flag(option),
            js_quote(raw)
        ),
    ))
}

fn one_of(option: &str, raw: Option<&str>, allowed: &[String]) -> Result<String, Error> {
    let Some(raw) = raw else { return Ok(allowed[0].clone()) };
    if !allowed.iter().any(|a| a == raw) {
        return Err(usage(
            option,
            format!(
                "option {} must be one of {} (got {})",
                flag(option),
                allowed.join(", "),
                js_quote(raw)
            ),
        ));
    }
    Ok(raw.to_string())
}

fn domain_of(raw: Option<&str>, integrand: &str) -> Result<Domain, Error> {
    let text = raw.unwrap_or(DEFAULT_DOMAIN_TEXT);
    let Some(d) = parse_domain(text) else {
        return Err(usage(
            "domain",
            format!(
                "option {} must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got {})",
                flag("domain"),
                js_quote(text)
            ),
        ));
    };
    let [ax, bx, ay, by] = d;
    if !(ax < bx && ay < by) {
        return Err(usage(
            "domain",
            format!(
                "option {} needs ax < bx and ay < by (got {})",
                flag("domain"),
                js_quote(text)
            ),
        ));
    }
    if integrand == "1/(1+x+y)" && !(1.0 + ax + ay > 0.0) {
        return Err(usage(
            "domain",
            format!(
                "option {}: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got {})",
                flag("domain"),
                js_quote(text)
            ),
        ));
    }
    Ok(d)
}

/// The kernel weighs every point by the cell area hx·hy: where it overflows (or underflows to 0) no sum can be
/// right, whatever the integrand, so the domain is refused rather than the run failing later.
fn cell_area_of(raw: Option<&str>, [ax, bx, ay, by]: Domain, nx: usize, ny: usize) -> Result<f64, Error> {
    let area = ((bx - ax) / nx as f64) * ((by - ay) / ny as f64);
    if area.is_finite() && area != 0.0 {
        return Ok(area);
    }
    Err(usage(
        "domain",
        format!(
            "option {}: the cell area hx·hy is {} with these bounds and {nx}x{ny} cells (got {})",
            flag("domain"),
            if area == 0.0 { "zero" } else { "not finite" },
            js_quote(raw.unwrap_or(DEFAULT_DOMAIN_TEXT))
        ),
    ))
}

/// Checks every option and fills in the defaults; the error names the first bad option, in the Node host's
/// order.
pub fn resolve_options(o: &RawOptions, ctx: &OptionContext) -> Result<Problem, Error> {
    let max = ctx.max_cells;
    let n = integer("n", o.n.as_deref(), DEFAULT_N, max)?;
    let nx = integer("nx", o.nx.as_deref(), n, max)?;
    let ny = integer("ny", o.ny.as_deref(), n, max)?;
    let default_scheme = if ctx.schemes.iter().any(|s| s == "threads") {
        "threads"
    } else {
        &ctx.schemes[0]
    };
    let scheme = one_of(
        "scheme",
        Some(o.scheme.as_deref().unwrap_or(default_scheme)),
        &ctx.schemes,
    )?;
    let kernel = one_of("kernel", o.kernel.as_deref(), &ctx.kernels)?;
    let integrand = one_of(
        "integrand",
        Some(o.integrand.as_deref().unwrap_or(DEFAULT_INTEGRAND)),
        &ctx.integrands,
    )?;
    let domain = domain_of(o.domain.as_deref(), &integrand)?;
    cell_area_of(o.domain.as_deref(), domain, nx, ny)?;
    let fallback = if scheme == "serial" {
        1
    } else {
        ctx.cores.min(MAX_WORKERS)
    };
    let requested = integer("workers", o.workers.as_deref(), fallback, MAX_WORKERS)?;
    if scheme == "serial" && requested != 1 {
        let got = o.workers.as_deref().map_or("undefined".to_string(), js_quote);
        return Err(usage(
            "workers",
            format!("option {} must be 1 with --scheme serial (got {got})", flag("workers")),
        ));
    }
    Ok(Problem {
        integrand_id: ctx.integrands.iter().position(|i| *i == integrand).unwrap() as i32,
        integrand,
        domain,
        nx,
        ny,
        scheme,
        // More workers than rows would idle: run one per row and report that number.
        workers: requested.min(nx),
        kernel,
    })
}
