//! The command line of host/core/cli.ts: the same options, defaults, messages and exit codes (0 done, 1 run
//! failed, 2 bad input, 130 interrupted). Arguments are split exactly as Node's util.parseArgs does (strict,
//! positionals allowed), on UTF-16 code units as JS strings are, and its errors become the same one-line
//! messages.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::AtomicBool;

use crate::integrate::{Integrator, Record, VERSION};
use crate::jsfmt::js_to_fixed;
use crate::kernel::Meta;
use crate::options::{DEFAULT_DOMAIN, Error, MAX_WORKERS, RawOptions, SCHEMES, flag};

/// The name used in messages.
const PROGRAM: &str = "integration2d";

struct Spec {
    name: &'static str,
    short: Option<char>,
    string: bool,
}

const fn spec(name: &'static str, short: Option<char>, string: bool) -> Spec {
    Spec { name, short, string }
}

/// In the Node host's order (the order decides which option an error message names).
const RUN_OPTIONS: &[Spec] = &[
    spec("n", Some('n'), true),
    spec("nx", None, true),
    spec("ny", None, true),
    spec("workers", Some('w'), true),
    spec("scheme", Some('s'), true),
    spec("kernel", Some('k'), true),
    spec("integrand", Some('f'), true),
    spec("domain", Some('d'), true),
    spec("json", None, false),
    spec("list", None, false),
    spec("help", Some('h'), false),
    spec("version", Some('V'), false),
];

const BENCH_OPTIONS: &[Spec] = &[
    spec("n", Some('n'), true),
    spec("workers", Some('w'), true),
    spec("schemes", None, true),
    spec("kernels", None, true),
    spec("integrand", Some('f'), true),
    spec("domain", Some('d'), true),
    spec("repeat", Some('r'), true),
    spec("warmup", None, true),
    spec("out", Some('o'), true),
    spec("help", Some('h'), false),
];

const START_OPTIONS: &[Spec] = &[
    spec("n", Some('n'), true),
    spec("workers", Some('w'), true),
    spec("kernel", Some('k'), true),
];

type U16 = Vec<u16>;

fn u16s(s: &str) -> U16 {
    s.encode_utf16().collect()
}

/// A JS string as Rust text; a lone surrogate becomes U+FFFD, as on Node's stderr.
fn text(u: &[u16]) -> String {
    String::from_utf16_lossy(u)
}

struct Token {
    option: bool,
    name: U16, // long name, or the short letter when unknown
    raw_name: U16,
    value: Option<U16>,
    inline: bool,
}

fn find<'a>(opts: &'a [Spec], name: &[u16]) -> Option<&'a Spec> {
    opts.iter().find(|o| u16s(o.name) == name)
}

fn long_for_short(opts: &[Spec], short: u16) -> U16 {
    opts.iter()
        .find(|o| o.short.is_some_and(|c| c as u32 == short as u32))
        .map_or(vec![short], |o| u16s(o.name))
}

fn is_string(opts: &[Spec], name: &[u16]) -> bool {
    find(opts, name).is_some_and(|o| o.string)
}

const DASH: u16 = b'-' as u16;
const EQ: u16 = b'=' as u16;

/// parseArgs' argument loop (Node 20).
fn tokenize(args: &[U16], opts: &[Spec]) -> Vec<Token> {
    let mut remaining: std::collections::VecDeque<U16> = args.iter().cloned().collect();
    let mut tokens = Vec::new();
    let option = |name: U16, raw_name: U16, value: Option<U16>, inline: bool| Token {
        option: true,
        name,
        raw_name,
        value,
        inline,
    };
    while let Some(arg) = remaining.pop_front() {
        let n = arg.len();
        let short_like = n >= 2 && arg[0] == DASH && arg[1] != DASH;
        let long_like = n > 2 && arg[0] == DASH && arg[1] == DASH;
        if arg == u16s("--") {
            for r in remaining.drain(..) {
                tokens.push(Token {
                    option: false,
                    name: vec![],
                    raw_name: vec![],
                    value: Some(r),
                    inline: false,
                });
            }
        } else if short_like && n == 2 {
            let long = long_for_short(opts, arg[1]);
            let value = if is_string(opts, &long) {
                remaining.pop_front()
            } else {
                None
            };
            tokens.push(option(long, arg, value, false));
        } else if short_like && !is_string(opts, &long_for_short(opts, arg[1])) {
            // a short option group: -abc → -a -b -c; a string option inside takes the rest
            let mut expanded = Vec::new();
            for i in 1..n {
                if !is_string(opts, &long_for_short(opts, arg[i])) || i == n - 1 {
                    expanded.push(vec![DASH, arg[i]]);
                } else {
                    let mut rest = vec![DASH];
                    rest.extend_from_slice(&arg[i..]);
                    expanded.push(rest);
                    break;
                }
            }
            for e in expanded.into_iter().rev() {
                remaining.push_front(e);
            }
        } else if short_like {
            // a short option and its value: -n5
            tokens.push(option(
                long_for_short(opts, arg[1]),
                vec![DASH, arg[1]],
                Some(arg[2..].to_vec()),
                true,
            ));
        } else if long_like && !arg[3..].contains(&EQ) {
            let long = arg[2..].to_vec();
            let value = if is_string(opts, &long) {
                remaining.pop_front()
            } else {
                None
            };
            tokens.push(option(long, arg, value, false));
        } else if long_like {
            // --name=value: the first '=' splits
            let eq = arg.iter().position(|&c| c == EQ).unwrap();
            let long = arg[2..eq].to_vec();
            let mut raw = vec![DASH, DASH];
            raw.extend_from_slice(&long);
            tokens.push(option(long, raw, Some(arg[eq + 1..].to_vec()), true));
        } else {
            tokens.push(Token {
                option: false,
                name: vec![],
                raw_name: vec![],
                value: Some(arg),
                inline: false,
            });
        }
    }
    tokens
}

enum ParseError {
    Unknown(U16),
    InvalidValue(U16),
}

fn short_and_long(o: &Spec) -> String {
    match o.short {
        Some(c) => format!("-{c}, --{}", o.name),
        None => format!("--{}", o.name),
    }
}

/// parseArgs' strict checks of one option token, with Node's message texts.
fn strict_check(t: &Token, opts: &[Spec]) -> Option<ParseError> {
    let Some(o) = find(opts, &t.name) else {
        let mut m = u16s("Unknown option '");
        m.extend_from_slice(&t.raw_name);
        m.extend(u16s("'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "));
        m.extend(u16s(&crate::jsfmt::js_quote_units(&t.raw_name)));
        return Some(ParseError::Unknown(m));
    };
    if o.string && t.value.is_none() {
        return Some(ParseError::InvalidValue(u16s(&format!(
            "Option '{} <value>' argument missing",
            short_and_long(o)
        ))));
    }
    if !o.string && t.value.is_some() {
        return Some(ParseError::InvalidValue(u16s(&format!(
            "Option '{}' does not take an argument",
            short_and_long(o)
        ))));
    }
    if let Some(v) = &t.value {
        if !t.inline && v.len() > 1 && v[0] == DASH {
            let raw = text(&t.raw_name);
            let example = if raw.starts_with("--") {
                format!("{raw}=-XYZ")
            } else {
                format!("--{}=-XYZ' or '{raw}-XYZ", text(&t.name))
            };
            return Some(ParseError::InvalidValue(u16s(&format!(
                "Option '{raw}' argument is ambiguous.\nDid you forget to specify the option argument for '{raw}'?\nTo specify an option argument starting with a dash use '{example}'."
            ))));
        }
    }
    None
}

/// `/'(-[^' ,]+)(?:, (--[^' ]+))?/.exec(message)?.slice(1).filter(Boolean)` over UTF-16 units.
fn named_in(m: &[u16]) -> Vec<U16> {
    let not = |c: u16, set: &str| !set.encode_utf16().any(|s| s == c);
    let q = b'\'' as u16;
    for i in 0..m.len().saturating_sub(2) {
        if m[i] != q || m[i + 1] != DASH || !not(m[i + 2], "' ,") {
            continue;
        }
        let mut j = i + 2;
        while j < m.len() && not(m[j], "' ,") {
            j += 1;
        }
        let mut named = vec![m[i + 1..j].to_vec()];
        if j + 4 < m.len()
            && m[j] == b',' as u16
            && m[j + 1] == b' ' as u16
            && m[j + 2] == DASH
            && m[j + 3] == DASH
            && not(m[j + 4], "' ")
        {
            let mut k = j + 4;
            while k < m.len() && not(m[k], "' ") {
                k += 1;
            }
            named.push(m[j + 2..k].to_vec());
        }
        return named;
    }
    vec![]
}

type Values = HashMap<String, Option<String>>;

fn usage(message: String, option: String) -> Error {
    Error::Usage { option, message }
}

/// cli.ts's parseOptions: parseArgs, its errors as the contract's one-line usage errors.
fn parse_options(args: &[U16], opts: &[Spec]) -> Result<(Values, Vec<U16>), Error> {
    let mut values = Values::new();
    let mut positionals = Vec::new();
    for t in tokenize(args, opts) {
        if !t.option {
            positionals.push(t.value.unwrap());
            continue;
        }
        if let Some(e) = strict_check(&t, opts) {
            let (unknown, message) = match e {
                ParseError::Unknown(m) => (true, m),
                ParseError::InvalidValue(m) => (false, m),
            };
            let named = named_in(&message);
            let long = opts.iter().find(|o| {
                named.iter().any(|f| {
                    *f == u16s(&format!("--{}", o.name)) || o.short.is_some_and(|c| *f == u16s(&format!("-{c}")))
                })
            });
            let option = match (long, named.last()) {
                (Some(o), _) => format!("--{}", o.name),
                (None, Some(f)) => text(f),
                (None, None) => String::new(),
            };
            let spelled = long.map_or(option.clone(), |o| flag(o.name).to_string());
            if unknown {
                let first = named.first().map_or(option.clone(), |f| text(f));
                return Err(usage(format!("unknown option {first} (see --help)"), option));
            }
            if text(&message).contains("does not take") {
                return Err(usage(format!("option {spelled} takes no value"), option));
            }
            return Err(usage(
                format!("option {spelled} needs a value; for a value starting with \"-\" write {option}=VALUE"),
                option,
            ));
        }
        values.insert(text(&t.name), t.value.map(|v| text(&v)));
    }
    Ok((values, positionals))
}

fn help_text() -> String {
    format!(
        "Usage: {PROGRAM} [options]             one run: the seed's lines, or --json
       {PROGRAM} start [-n N]           the seed's program: serial, threads in turn

Options:
  -n, --n <int>            cells per axis, 1..10000000 (default 10000); sets nx and ny
      --nx <int>, --ny <int>  cells along x / y (default n)
  -w, --workers <int>      workers, 1..{MAX_WORKERS} (default: logical cores; 1 for serial;
                           more than nx runs nx)
  -s, --scheme <name>      {} (default threads)
  -k, --kernel <name>      simd | scalar (default simd where wasm SIMD is supported)
  -f, --integrand <expr>   an expression in x and y, e.g. exp(-(x^2 + y^2)) (default sin(x+y));
                           the kernel parses it (--list shows its functions and constants)
  -d, --domain <ax,bx,ay,by>  four constant expressions, e.g. -pi/2,pi/2,0,sqrt(2)
                           (default {DEFAULT_DOMAIN}); a value starting with '-' needs --domain=…
      --json               print one JSON record instead of the seed's lines
      --list               the catalog (integrands with a closed form) and the language's names
  -h, --help               this text
  -V, --version            versions of the CLI and kernel ABI
",
        SCHEMES.join(" | "),
    )
}

/// `--list`, the same four lines in every host.
fn list_text(m: &Meta) -> String {
    format!(
        "catalog: {}\nfunctions: {}\nconstants: {}\nvariables: {}\n",
        m.integrands.join(", "),
        m.functions.join(" "),
        m.constants.join(" "),
        m.variables.join(" ")
    )
}

fn get(values: &Values, name: &str) -> Option<String> {
    values.get(name).cloned().flatten()
}

/// The output, remembering its first write error: the commands write as they go, and a result that could not
/// be written (a full disk, a closed pipe) fails the run at the end instead of being lost with exit 0.
struct Output<'a> {
    inner: &'a mut dyn Write,
    error: Option<String>,
}

impl Output<'_> {
    fn noted<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            // strerror's words ("No space left on device"), without std's " (os error 28)"
            let text = e.to_string();
            let words = text.rfind(" (os error ").map_or(text.as_str(), |i| &text[..i]);
            self.error.get_or_insert_with(|| words.to_string());
        }
        r
    }
}

impl Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.noted(r)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.noted(r)
    }
}

/// Runs the CLI on `args` (as the OS gives them: invalid UTF-8 becomes U+FFFD, as in Node); returns the
/// exit code. Setting `cancel` (main wires it to Ctrl-C) stops the run: exit 130. Output that cannot be
/// written is a failure: exit 1 and one line.
pub fn main_with(args: &[std::ffi::OsString], out: &mut dyn Write, err: &mut dyn Write, cancel: &AtomicBool) -> i32 {
    let args: Vec<U16> = args.iter().map(|a| u16s(&a.to_string_lossy())).collect();
    let mut out = Output {
        inner: out,
        error: None,
    };
    let result = run(&args, &mut out, err, cancel);
    let _ = out.flush();
    match (result, out.error) {
        (Ok(_), Some(e)) => {
            let _ = writeln!(err, "{PROGRAM}: cannot write the output: {e}");
            1
        }
        (Ok(code), None) => code,
        (Err(e), _) => {
            let (code, line) = match &e {
                _ if cancel.load(std::sync::atomic::Ordering::Relaxed) => {
                    (130, "cancelled: interrupted (Ctrl-C)".to_string())
                }
                Error::Cancelled(m) => (130, format!("cancelled: {m}")),
                Error::Usage { message, .. } => (2, message.clone()),
                Error::Worker { .. } | Error::Run(_) => (1, format!("run failed: {e}")),
                Error::Other(m) => (1, m.clone()),
            };
            let _ = writeln!(err, "{PROGRAM}: {line}");
            code
        }
    }
}

fn run(args: &[U16], out: &mut dyn Write, err: &mut dyn Write, cancel: &AtomicBool) -> Result<i32, Error> {
    if let Some(first) = args.first() {
        if !first.is_empty() && first[0] != DASH {
            if *first == u16s("start") {
                return start(&args[1..], out, cancel);
            }
            if *first == u16s("bench") {
                return bench(&args[1..], out, err, cancel);
            }
            return Err(usage(
                format!(
                    "unknown command {} (commands: start, bench)",
                    crate::jsfmt::js_quote_units(first)
                ),
                String::new(),
            ));
        }
    }
    let (values, positionals) = parse_options(args, RUN_OPTIONS)?;
    if let Some(p) = positionals.first() {
        return Err(usage(
            format!("unexpected argument {} (see --help)", crate::jsfmt::js_quote_units(p)),
            String::new(),
        ));
    }
    let mut it = Integrator::new()?;
    let w = |out: &mut dyn Write, s: String| {
        let _ = out.write_all(s.as_bytes());
    };
    if values.contains_key("help") {
        w(out, help_text());
        return Ok(0);
    }
    if values.contains_key("version") {
        w(out, format!("integration2d {VERSION} (kernel ABI {})\n", it.meta().abi));
        return Ok(0);
    }
    if values.contains_key("list") {
        w(out, list_text(it.meta()));
        return Ok(0);
    }
    let raw = RawOptions {
        n: get(&values, "n"),
        nx: get(&values, "nx"),
        ny: get(&values, "ny"),
        workers: get(&values, "workers"),
        scheme: get(&values, "scheme"),
        kernel: get(&values, "kernel"),
        integrand: get(&values, "integrand"),
        domain: get(&values, "domain"),
    };
    let r = it.integrate_raw(&raw, cancel)?;
    if values.contains_key("json") {
        w(out, r.to_json() + "\n");
    } else {
        w(out, r.human_lines().join("\n") + "\n");
    }
    Ok(0)
}

/// `bench`: one benchmark record (src/bench.rs).
fn bench(args: &[U16], out: &mut dyn Write, err: &mut dyn Write, cancel: &AtomicBool) -> Result<i32, Error> {
    let (values, positionals) = parse_options(args, BENCH_OPTIONS)?;
    if let Some(p) = positionals.first() {
        return Err(usage(
            format!("unexpected argument {} (see --help)", crate::jsfmt::js_quote_units(p)),
            String::new(),
        ));
    }
    if values.contains_key("help") {
        let _ = out.write_all(crate::bench::HELP.as_bytes());
        return Ok(0);
    }
    let a = crate::bench::BenchArgs {
        n: get(&values, "n"),
        workers: get(&values, "workers"),
        schemes: get(&values, "schemes"),
        kernels: get(&values, "kernels"),
        integrand: get(&values, "integrand"),
        domain: get(&values, "domain"),
        repeat: get(&values, "repeat"),
        warmup: get(&values, "warmup"),
        out: get(&values, "out"),
    };
    crate::bench::bench(a, out, err, cancel)
}

/// The seed's program: each scheme in turn on the same problem, the seed's lines, then a table.
fn start(args: &[U16], out: &mut dyn Write, cancel: &AtomicBool) -> Result<i32, Error> {
    let (values, positionals) = parse_options(args, START_OPTIONS)?;
    if let Some(p) = positionals.first() {
        return Err(usage(
            format!("unexpected argument {} (see --help)", crate::jsfmt::js_quote_units(p)),
            String::new(),
        ));
    }
    let mut it = Integrator::new()?;
    let mut records: Vec<Record> = Vec::new();
    for scheme in SCHEMES {
        let workers = if scheme == "serial" {
            Some("1".to_string())
        } else {
            get(&values, "workers")
        };
        let raw = RawOptions {
            n: get(&values, "n"),
            kernel: get(&values, "kernel"),
            scheme: Some(scheme.to_string()),
            workers,
            ..Default::default()
        };
        let r = it.integrate_raw(&raw, cancel)?;
        let lines = r.human_lines();
        let _ = write!(out, "# {scheme}\n{}\n{}\n", lines[0], lines[1]);
        records.push(r);
    }
    let serial = records[0].time_s;
    let _ = write!(
        out,
        "\n{:<10} {:>7} {:>9} {:>8}  bits\n",
        "scheme", "workers", "time (s)", "speedup"
    );
    for r in &records {
        let _ = writeln!(
            out,
            "{:<10} {:>7} {:>9} {:>8}  {}",
            r.scheme,
            r.workers,
            js_to_fixed(r.time_s, 3),
            js_to_fixed(serial / r.time_s, 2),
            r.bits
        );
    }
    if records.iter().all(|r| r.bits == records[0].bits) {
        let _ = write!(out, "\nAll {} schemes gave the same bits.\n", records.len());
        Ok(0)
    } else {
        let _ = write!(out, "\nBITS DIFFER between schemes: this is a bug.\n");
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Values, String> {
        let args: Vec<U16> = args.iter().map(|a| u16s(a)).collect();
        parse_options(&args, RUN_OPTIONS)
            .map(|(v, _)| v)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn parse_args_forms() {
        let v = parse(&["-n5", "--nx=7", "--ny", "8", "-w", "-", "-hV", "--domain=-pi,0,0,1"]).unwrap();
        assert_eq!(get(&v, "n").as_deref(), Some("5"));
        assert_eq!(get(&v, "nx").as_deref(), Some("7"));
        assert_eq!(get(&v, "ny").as_deref(), Some("8"));
        assert_eq!(get(&v, "workers").as_deref(), Some("-"));
        assert!(v.contains_key("help") && v.contains_key("version"));
        assert_eq!(get(&v, "domain").as_deref(), Some("-pi,0,0,1"));
        assert_eq!(get(&parse(&["-hn5"]).unwrap(), "n").as_deref(), Some("5"));
        assert_eq!(get(&parse(&["-n=5"]).unwrap(), "n").as_deref(), Some("=5"));
        assert_eq!(get(&parse(&["-n", "1", "-n", "2"]).unwrap(), "n").as_deref(), Some("2"));
    }

    #[test]
    fn parse_args_errors_as_node_words_them() {
        for (args, message) in [
            (&["--=5"][..], "unknown option --=5 (see --help)"),
            (&["--=a=b"], "unknown option -- (see --help)"),
            (&["-h=1"], "unknown option -= (see --help)"),
            (
                &["-n", "--"],
                "option -n/--n needs a value; for a value starting with \"-\" write --n=VALUE",
            ),
            (
                &["--n", "-5"],
                "option -n/--n needs a value; for a value starting with \"-\" write --n=VALUE",
            ),
            (
                &["--nx"],
                "option --nx needs a value; for a value starting with \"-\" write --nx=VALUE",
            ),
            (&["--json="], "option --json takes no value"),
            (&["-V=x"], "unknown option -= (see --help)"),
            (&["--help=x"], "option -h/--help takes no value"),
            (&["-\u{1F600}"], "unknown option -\u{FFFD} (see --help)"),
            (&["--a,b"], "unknown option --a (see --help)"),
        ] {
            assert_eq!(parse(args).unwrap_err(), message, "{args:?}");
        }
    }
}
