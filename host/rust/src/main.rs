//! `integration2d` on Rust (wasmtime): the Node CLI's options, messages and exit codes.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

unsafe extern "C" {
    // libc's signal(2); std links libc already.
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
}

extern "C" fn on_sigint(_: i32) {
    INTERRUPTED.store(true, Ordering::Relaxed); // async-signal-safe: one atomic store
}

fn main() {
    const SIGINT: i32 = 2;
    // SAFETY: installs a handler that only stores to an atomic.
    unsafe { signal(SIGINT, on_sigint) };
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let code = integration2d::cli::main_with(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
        &INTERRUPTED,
    );
    std::process::exit(code);
}
