// Checks that the kernel copies are there (src/kernel.rs compiles them in) and records the versions the result
// record names: the wasmtime crate from Cargo.lock, and rustc.
use std::process::Command;

fn main() {
    for file in ["kernel/simd.wasm", "kernel/scalar.wasm", "kernel/build.json"] {
        println!("cargo:rerun-if-changed={file}");
        if !std::path::Path::new(file).is_file() {
            // In the repository the copies come from the kernel build; a packaged crate ships them.
            eprintln!(
                "integration2d: {file} is missing: run `npm run build` (or `node scripts/build.mjs --kernel-only`) at the repository root"
            );
            std::process::exit(1);
        }
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut wasmtime = "unknown".to_string();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasmtime\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                wasmtime = v.trim_end_matches('"').to_string();
            }
        }
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc_version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=INTEGRATION2D_WASMTIME_VERSION={wasmtime}");
    println!("cargo:rustc-env=INTEGRATION2D_RUSTC_VERSION={rustc_version}");
}
