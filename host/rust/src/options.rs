//! The options contract of host/core/options.ts: names, defaults, ranges and the exact wording of each
//! refusal.

use crate::jsfmt::js_quote;

/// Schemes this host offers (no child processes: a Rust program has threads).
pub const SCHEMES: [&str; 2] = ["serial", "threads"];
pub const DEFAULT_N: usize = 10000;
pub const DEFAULT_INTEGRAND: &str = "sin(x+y)";
pub const DEFAULT_DOMAIN: &str = "0,pi,0,pi";
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
    /// The run gave no value (exit 1): the kernel's diagnosis, e.g. `integrand is not finite at x = 0.5, y =
    /// 0.25 (value -Inf)`.
    Run(String),
    /// Anything else (exit 1): the kernel cannot be loaded.
    Other(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage { message, .. } => f.write_str(message),
            Error::Worker { worker, message } => write!(f, "worker {worker}: {message}"),
            Error::Cancelled(m) | Error::Run(m) | Error::Other(m) => f.write_str(m),
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

/// A domain for the library: the text `ax,bx,ay,by` (four constant expressions, README § The language), or
/// four numbers, which become that text with `{:?}` (Rust's shortest round-trip spelling, so the kernel reads
/// back the very same doubles).
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    Text(String),
    Bounds([f64; 4]),
}

impl From<&str> for Domain {
    fn from(text: &str) -> Self {
        Domain::Text(text.to_string())
    }
}

impl From<String> for Domain {
    fn from(text: String) -> Self {
        Domain::Text(text)
    }
}

impl From<[f64; 4]> for Domain {
    fn from(bounds: [f64; 4]) -> Self {
        Domain::Bounds(bounds)
    }
}

impl Domain {
    /// The text the kernel gets; numbers that are not finite have no text and are refused here.
    pub fn text(&self) -> Result<String, Error> {
        match self {
            Domain::Text(t) => Ok(t.clone()),
            Domain::Bounds(b) if b.iter().all(|v| v.is_finite()) => {
                Ok(b.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(","))
            }
            Domain::Bounds(b) => Err(usage(
                "domain",
                format!("option {} must be four finite numbers (got {b:?})", flag("domain")),
            )),
        }
    }
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
    /// An expression in x and y (README § The language); the kernel parses and checks it.
    pub integrand: Option<String>,
    pub domain: Option<Domain>,
}

impl Options {
    /// A problem, the rest defaults: `Options { n: Some(100), ..Options::new("x*y", "0,pi/2,0,1") }`, or a
    /// domain of four numbers, `Options::new("exp(-(x^2+y^2))", [-2.0, 2.0, -2.0, 2.0])`.
    pub fn new(integrand: &str, domain: impl Into<Domain>) -> Options {
        Options {
            integrand: Some(integrand.to_string()),
            domain: Some(domain.into()),
            ..Default::default()
        }
    }

    /// The same options as text, as the CLI would give them.
    pub fn to_raw(&self) -> Result<RawOptions, Error> {
        let num = |v: Option<usize>| v.map(|v| v.to_string());
        Ok(RawOptions {
            n: num(self.n),
            nx: num(self.nx),
            ny: num(self.ny),
            workers: num(self.workers),
            scheme: self.scheme.clone(),
            kernel: self.kernel.clone(),
            integrand: self.integrand.clone(),
            domain: self.domain.as_ref().map(Domain::text).transpose()?,
        })
    }
}

/// A run whose options the host has checked: every field filled in, `workers` the number that will run. The
/// integrand and domain are still text: only the kernel's `define` says whether they are a problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub integrand: String,
    pub domain: String,
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

/// Checks the options the host owns (integers, names) and fills in the defaults; the error names the first bad
/// option, in the Node host's order. The integrand and domain are the kernel's to check (`define`).
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
        integrand: o.integrand.clone().unwrap_or_else(|| DEFAULT_INTEGRAND.into()),
        domain: o.domain.clone().unwrap_or_else(|| DEFAULT_DOMAIN.into()),
        nx,
        ny,
        scheme,
        // More workers than rows would idle: run one per row and report that number.
        workers: requested.min(nx),
        kernel,
    })
}
