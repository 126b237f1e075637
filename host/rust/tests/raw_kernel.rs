//! The README's "call the kernel from Rust" lines, run as a test against test/vectors.json: wasmtime alone,
//! no host code.

mod common;

#[test]
fn call_the_kernel_from_rust() -> wasmtime::Result<()> {
    let wasm = concat!(env!("CARGO_MANIFEST_DIR"), "/kernel/simd.wasm");
    // --- README snippet starts ---
    use wasmtime::{Engine, Instance, Module, Store};
    let engine = Engine::default();
    let module = Module::new(&engine, std::fs::read(wasm)?)?; // dist/kernel/simd.wasm
    let mut store = Store::new(&engine, ());
    let kernel = Instance::new(&mut store, &module, &[])?; // it imports nothing
    let text = kernel.get_typed_func::<i32, i32>(&mut store, "text")?;
    let define = kernel.get_typed_func::<(i32, i32, i32, i32), i32>(&mut store, "define")?;
    let row_sum = kernel.get_typed_func::<i32, f64>(&mut store, "rowSum")?;
    let buffer = kernel.get_typed_func::<i32, i32>(&mut store, "buffer")?;
    let combine = kernel.get_typed_func::<i32, f64>(&mut store, "combine")?;
    let memory = kernel.get_memory(&mut store, "memory").unwrap();
    let (f, d, n) = ("sin(x+y)", "0,pi,0,pi", 1000); // the problem as text: the kernel parses it
    let at = text.call(&mut store, (f.len() + d.len()) as i32)? as usize; // integrand bytes, then domain bytes
    memory.write(&mut store, at, format!("{f}{d}").as_bytes())?;
    assert_eq!(define.call(&mut store, (f.len() as i32, d.len() as i32, n, n))?, 0); // else errorField, message
    let sums = (0..n)
        .map(|i| row_sum.call(&mut store, i))
        .collect::<Result<Vec<f64>, _>>()?; // any rows, any instance
    let ptr = buffer.call(&mut store, n)? as usize; // then in one instance: buffer, write, combine
    let bytes: Vec<u8> = sums.iter().flat_map(|s| s.to_le_bytes()).collect();
    memory.write(&mut store, ptr, &bytes)?;
    let value = combine.call(&mut store, n)?;
    // --- README snippet ends ---
    assert_eq!(format!("0x{:016x}", value.to_bits()), common::sin_square(1000).simd);
    Ok(())
}
