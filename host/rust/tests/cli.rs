//! The CLI contract, through the real binary: the Node CLI's messages word for word for the options the host
//! checks, the kernel's for the integrand and domain (every case of test/cases/bad-expressions.json), exit
//! codes, the record.

mod common;
use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_integration2d"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn int_msg(flag: &str, got: &str) -> String {
    format!("option {flag} must be an integer from 1 to 10000000 (got \"{got}\")")
}

#[test]
fn bad_inputs_exit_2_with_nodes_message() {
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["-n", "abc"], int_msg("-n/--n", "abc")),
        (vec!["-n", "0"], int_msg("-n/--n", "0")),
        (vec!["-n", "1.5"], int_msg("-n/--n", "1.5")),
        (vec!["--n=-5"], int_msg("-n/--n", "-5")),
        (vec!["-n", "10000001"], int_msg("-n/--n", "10000001")),
        (vec!["-n", "1e3"], int_msg("-n/--n", "1e3")),
        (vec!["-n", ""], int_msg("-n/--n", "")),
        (vec!["--nx", "0x10"], int_msg("--nx", "0x10")),
        (
            vec!["--ny", "99999999999999999999999"],
            int_msg("--ny", "99999999999999999999999"),
        ),
        (
            vec!["-w", "0"],
            "option -w/--workers must be an integer from 1 to 256 (got \"0\")".into(),
        ),
        (
            vec!["-w", "257"],
            "option -w/--workers must be an integer from 1 to 256 (got \"257\")".into(),
        ),
        (
            vec!["-s", "processes"],
            "option -s/--scheme must be one of serial, threads (got \"processes\")".into(),
        ),
        (
            vec!["-s", "mpi"],
            "option -s/--scheme must be one of serial, threads (got \"mpi\")".into(),
        ),
        (
            vec!["-s", "serial", "-w", "2"],
            "option -w/--workers must be 1 with --scheme serial (got \"2\")".into(),
        ),
        (
            vec!["-k", "relaxed"],
            "option -k/--kernel must be one of simd, scalar (got \"relaxed\")".into(),
        ),
        (
            vec!["-f", "cos(x", "-w", "0"],
            "option -w/--workers must be an integer from 1 to 256 (got \"0\")".into(),
        ),
        (
            vec!["-f", "cos(x", "-d", "0,1,0"],
            "option -f/--integrand: missing ')' for the '(' at column 4".into(),
        ),
        (vec!["-d", "0,1,0", "-n", "0"], int_msg("-n/--n", "0")),
        (vec!["--bogus"], "unknown option --bogus (see --help)".into()),
        (vec!["-x"], "unknown option -x (see --help)".into()),
        (
            vec!["-n"],
            "option -n/--n needs a value; for a value starting with \"-\" write --n=VALUE".into(),
        ),
        (
            vec!["-d", "-pi,0,0,1"],
            "option -d/--domain needs a value; for a value starting with \"-\" write --domain=VALUE".into(),
        ),
        (vec!["--json=yes"], "option --json takes no value".into()),
        (
            vec!["extra"],
            "unknown command \"extra\" (commands: start, bench)".into(),
        ),
        (
            vec!["-n", "10", "extra"],
            "unexpected argument \"extra\" (see --help)".into(),
        ),
        (vec!["--=a=b"], "unknown option -- (see --help)".into()),
        (vec!["-n", "\"q\"\t"], int_msg("-n/--n", "\\\"q\\\"\\t")),
        (
            vec!["start", "--scheme", "threads"],
            "unknown option --scheme (see --help)".into(),
        ),
    ];
    assert!(cases.len() >= 28);
    for (args, message) in cases {
        let (code, out, err) = cli(&args);
        assert_eq!(
            (code, out.as_str(), err),
            (2, "", format!("integration2d: {message}\n")),
            "{args:?}"
        );
    }
}

#[test]
fn json_record() {
    let (code, out, err) = cli(&["-n", "1000", "--json", "-w", "3"]);
    assert_eq!((code, err.as_str()), (0, ""));
    // The Node CLI's record for the same run (`node dist/node/cli.js -n 1000 --json -w 3`, simd): keys in its
    // order, numbers spelled as JSON.stringify spells them.
    let want = r#"{"value":-2.744822328608712e-16,"bits":"0xbcb3c74db254bb40","exact":4.898587196589413e-16,"error":7.643409525198125e-16,"integrand":"sin(x+y)","domain":[0,3.141592653589793,0,3.141592653589793],"nx":1000,"ny":1000,"scheme":"threads","workers":3,"kernel":"simd","runtime":{"name":"rust-wasmtime","version":"wasmtime 48."#;
    assert_eq!(common::sin_square(1000).simd, "0xbcb3c74db254bb40");
    assert!(out.starts_with(want), "{out}\nwant prefix\n{want}");
    assert!(
        out.contains(",\"time_s\":")
            && out.contains(",\"phases\":{\"startup_s\":")
            && out.ends_with("}}\n")
            && out.lines().count() == 1,
        "{out}"
    );
}

#[test]
fn seed_lines() {
    let (code, out, _) = cli(&["-n", "1000", "-s", "serial", "-k", "scalar"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 3, "{out}");
    // The Node CLI's first line for the same run.
    assert_eq!(lines[0], "Integral value is -2.754640e-16, Error is 7.653227e-16");
    assert!(
        lines[1].starts_with("Time spent: ") && lines[1].ends_with(" sec"),
        "{out}"
    );
    assert_eq!(
        lines[2],
        "Scheme serial, workers 1, kernel scalar, n 1000x1000, integrand sin(x+y), bits 0xbcb3d96a0feb2592"
    );
    assert_eq!(common::sin_square(1000).scalar, "0xbcb3d96a0feb2592");
}

#[test]
fn list_version_help() {
    let (code, out, err) = cli(&["--list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!((code, err.as_str(), lines.len()), (0, "", 4), "{out}");
    assert_eq!(lines[0], "catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)");
    assert!(
        lines[1].starts_with("functions: sin cos tan asin ") && lines[1].ends_with(" min max if"),
        "{out}"
    );
    assert_eq!(lines[2..], ["constants: pi e", "variables: x y"]);
    assert_eq!(
        cli(&["-V"]),
        (0, "integration2d 0.1.0 (kernel ABI 2)\n".into(), String::new())
    );
    let (code, out, _) = cli(&["--help", "-n", "abc"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  -s, --scheme <name>      serial | threads (default threads)\n")
            && out.contains("  -f, --integrand <expr>   an expression in x and y"),
        "{out}"
    );
}

#[test]
fn start_runs_every_scheme() {
    let (code, out, _) = cli(&["start", "-n", "200", "-w", "2"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("# serial\nIntegral value is") && out.contains("\n# threads\n"),
        "{out}"
    );
    assert!(
        out.ends_with("\nAll 2 schemes gave the same bits.\n") && out.matches("0x").count() == 2,
        "{out}"
    );
}

#[test]
fn integers_are_ascii_digits_only() {
    // Optional ASCII whitespace, optional '+', ASCII digits: NBSP, BOM, other scripts' digits and '_' are refused.
    for (flag, name, got) in [
        ("-n", "-n/--n", "\u{a0}10"),
        ("-n", "-n/--n", "10\u{feff}"),
        ("--nx", "--nx", "\u{ff11}\u{ff10}"),
        ("--ny", "--ny", "\u{661}\u{660}"),
        ("-n", "-n/--n", "1_000"),
    ] {
        assert_eq!(
            cli(&[flag, got]),
            (2, String::new(), format!("integration2d: {}\n", int_msg(name, got))),
            "{got:?}"
        );
    }
    for text in [" 12\t", "+12", "\n0012 "] {
        let (code, out, err) = cli(&["-n", text, "--json", "-s", "serial"]);
        assert_eq!(code, 0, "{text:?}: {err}");
        assert!(out.contains("\"nx\":12,\"ny\":12,"), "{text:?}: {out}");
    }
}

#[test]
fn every_bad_expression_exits_2_with_one_line_in_the_kernels_words() {
    // 0, -1, 10000001 for --nx/--ny: the host's own integer check comes first, naming the option as well.
    for c in &common::bad_cases() {
        let args = c.args();
        let (code, out, err) = cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            (code, out.as_str(), err),
            (2, "", format!("integration2d: {}\n", c.host_message())),
            "{args:?}"
        );
    }
}

#[test]
fn an_expression_runs_and_one_without_a_closed_form_has_no_error() {
    let (code, out, err) = cli(&["-f", "sin(y + x)", "-n", "1000", "--json", "-k", "scalar"]);
    assert_eq!((code, err.as_str()), (0, ""));
    // sin(x+y)'s bits (the same function, evaluated in the same order), but no closed form: not the catalog's text.
    assert_eq!(common::sin_square(1000).scalar, "0xbcb3d96a0feb2592");
    let want = r#"{"value":-2.75464021460554e-16,"bits":"0xbcb3d96a0feb2592","exact":null,"error":null,"integrand":"sin(y + x)","domain":[0,3.141592653589793,0,3.141592653589793],"nx":1000,"ny":1000,"scheme":"threads","#;
    assert!(out.starts_with(want), "{out}\nwant prefix\n{want}");

    let gauss = ["-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "200"];
    let (code, out, err) = cli(&gauss);
    assert_eq!((code, err.as_str()), (0, ""));
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("Integral value is 3.11") && first.ends_with(", Error is unknown (no closed form)"),
        "{out}"
    );
    assert!(out.contains(", integrand exp(-(x^2 + y^2)), bits 0x"), "{out}");
    let (code, out, _) = cli(&[&gauss[..], &["--json"]].concat());
    assert!(
        code == 0
            && out.contains(r#","exact":null,"error":null,"integrand":"exp(-(x^2 + y^2))","domain":[-2,2,-2,2],"#),
        "{out}"
    );
}

#[test]
fn expression_vectors_through_the_cli_both_builds_threads() {
    for v in common::load_expr().iter().step_by(5) {
        for kernel in ["simd", "scalar"] {
            let (nx, ny) = (v.nx.to_string(), v.ny.to_string());
            let f = format!("--integrand={}", v.integrand);
            let d = format!("--domain={}", v.domain_text);
            let (code, out, err) = cli(&[&f, &d, "--nx", &nx, "--ny", &ny, "-k", kernel, "-w", "2", "--json"]);
            assert_eq!((code, err.as_str()), (0, ""), "{}", v.what());
            let r: serde_json::Value = serde_json::from_str(&out).unwrap();
            let domain: Vec<f64> = r["domain"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_f64().unwrap())
                .collect();
            assert_eq!(
                (
                    r["bits"].as_str(),
                    r["exact"].as_f64(),
                    domain,
                    r["nx"].as_u64(),
                    r["ny"].as_u64()
                ),
                (
                    Some(v.bits(kernel)),
                    v.exact,
                    v.domain.to_vec(),
                    Some(v.nx as u64),
                    Some(v.ny as u64)
                ),
                "{} {kernel}: {out}",
                v.what()
            );
            assert_eq!(
                (r["scheme"].as_str(), r["workers"].as_u64(), r["kernel"].as_str()),
                (Some("threads"), Some(2), Some(kernel)),
                "{out}"
            );
        }
    }
}

#[test]
fn a_value_that_is_not_finite_fails_the_run_with_the_kernels_diagnosis() {
    for scheme in ["serial", "threads"] {
        for (args, diagnosis) in [
            (
                &["-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"][..],
                "integrand is not finite at x = 0.25, y = 0.25 (value Inf)",
            ),
            (
                &["-f", "exp(x+y)", "-d", "0,700,0,700", "-n", "100"],
                "integrand is not finite at x = 17.5, y = 696.5 (value Inf)",
            ),
            (
                &["-f", "x*y", "-d", "0,1e150,0,1e150", "-n", "10"],
                "the integral overflows: the sum of f over the grid (2.4999999999999997e+301) times the cell area (9.999999999999998e+297) is beyond the largest double",
            ),
            (
                &["-f", "x*y", "--domain=-1e150,0,0,1e150", "-n", "10"],
                "the integral overflows: the sum of f over the grid (-2.4999999999999997e+301) times the cell area (9.999999999999998e+297) is beyond the largest double",
            ),
        ] {
            for json in [false, true] {
                let mut a = args.to_vec();
                a.extend(["-s", scheme]);
                if json {
                    a.push("--json");
                }
                assert_eq!(
                    cli(&a),
                    (1, String::new(), format!("integration2d: run failed: {diagnosis}\n")),
                    "{a:?}"
                );
            }
        }
    }
}

#[test]
fn output_that_cannot_be_written_fails_with_one_line() {
    let with_stdout = |args: &[&str], stdout: std::process::Stdio| {
        let out = Command::new(env!("CARGO_BIN_EXE_integration2d"))
            .args(args)
            .stdout(stdout)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8(out.stderr).unwrap())
    };
    for args in [
        &["-n", "100"][..],
        &["-n", "100", "--json"],
        &["--help"],
        &["--list"],
        &["--version"],
        &["start", "-n", "50"],
    ] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        assert_eq!(
            with_stdout(args, full.into()),
            (
                1,
                "integration2d: cannot write the output: No space left on device\n".into()
            ),
            "{args:?} on /dev/full"
        );
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // nobody reads: EPIPE (Rust ignores SIGPIPE), not a panic
        assert_eq!(
            with_stdout(args, writer.into()),
            (1, "integration2d: cannot write the output: Broken pipe\n".into()),
            "{args:?} on a closed pipe"
        );
    }
}

#[test]
fn ctrl_c_stops_a_run_with_exit_130_and_one_line() {
    for scheme in ["serial", "threads"] {
        // n = 60000 is many seconds of work: the run is still computing when SIGINT comes.
        let child = Command::new(env!("CARGO_BIN_EXE_integration2d"))
            .args(["-n", "60000", "-s", scheme])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1000));
        let sent = std::time::Instant::now();
        let kill = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let out = child.wait_with_output().unwrap();
        let took = sent.elapsed();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap()
            ),
            (
                Some(130),
                String::new(),
                "integration2d: cancelled: interrupted (Ctrl-C)\n".into()
            ),
            "{scheme}"
        );
        // a bound that catches a run that ignores the signal, not a timing figure (the machine is shared)
        assert!(took.as_secs() < 10, "{scheme}: exited {took:?} after SIGINT");
    }
}
