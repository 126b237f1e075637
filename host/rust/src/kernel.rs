//! One instance of the kernel (README § Kernel ABI) under wasmtime. The two builds are compiled into this
//! crate with `include_bytes!` from `dist/kernel/` (run `npm run build` or `node scripts/build.mjs
//! --kernel-only` before cargo); cargo rebuilds when they change.

use wasmtime::{Engine, Instance, Memory, Module, Store, TypedFunc};

/// The scalar build's bytes.
pub const SCALAR_WASM: &[u8] = include_bytes!("../../../dist/kernel/scalar.wasm");
/// The simd build's bytes.
pub const SIMD_WASM: &[u8] = include_bytes!("../../../dist/kernel/simd.wasm");

/// The bytes of a build by name ("simd" or "scalar").
pub fn wasm_bytes(variant: &str) -> Option<&'static [u8]> {
    match variant {
        "simd" => Some(SIMD_WASM),
        "scalar" => Some(SCALAR_WASM),
        _ => None,
    }
}

type Fallible<T> = Result<T, String>;

fn msg(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// One instance of a kernel build, with its own store. Send: make one per thread.
pub struct Kernel {
    store: Store<()>,
    memory: Memory,
    setup: TypedFunc<(i32, f64, f64, f64, f64, i32, i32), i32>,
    row_sum: TypedFunc<i32, f64>,
    buffer: TypedFunc<i32, i32>,
    combine: TypedFunc<i32, f64>,
    exact: TypedFunc<(i32, f64, f64, f64, f64), f64>,
    instance: Instance,
}

/// setup()'s refusals (hosts validate first; these are the kernel's own guard).
fn setup_error(code: i32) -> String {
    match code {
        -1 => "unknown integrand id".into(),
        -2 => "nx outside 1..maxCells".into(),
        -3 => "ny outside 1..maxCells".into(),
        -4 => "a domain bound is not finite".into(),
        -5 => "empty domain (needs ax < bx and ay < by)".into(),
        -6 => "the integrand is singular on the domain".into(),
        c => format!("code {c}"),
    }
}

/// What the kernel says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub abi: i32,
    pub variant: i32,
    pub max_cells: usize,
    pub integrands: Vec<String>,
}

impl Kernel {
    /// Instantiates a compiled build (it imports nothing).
    pub fn new(engine: &Engine, module: &Module) -> Fallible<Kernel> {
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, module, &[]).map_err(msg)?;
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or("the kernel exports no memory")?;
        macro_rules! func {
            ($name:literal) => {
                instance
                    .get_typed_func(&mut store, $name)
                    .map_err(|e| format!("kernel export {}: {e}", $name))?
            };
        }
        Ok(Kernel {
            setup: func!("setup"),
            row_sum: func!("rowSum"),
            buffer: func!("buffer"),
            combine: func!("combine"),
            exact: func!("exact"),
            memory,
            instance,
            store,
        })
    }

    /// Fixes the problem for `row_sum` and `combine`.
    pub fn setup(&mut self, id: i32, d: [f64; 4], nx: usize, ny: usize) -> Fallible<()> {
        let code = self
            .setup
            .call(&mut self.store, (id, d[0], d[1], d[2], d[3], nx as i32, ny as i32))
            .map_err(msg)?;
        if code != 0 {
            return Err(format!("kernel setup refused the problem: {}", setup_error(code)));
        }
        Ok(())
    }

    /// The compensated sum of f over row i.
    pub fn row_sum(&mut self, i: usize) -> Fallible<f64> {
        self.row_sum.call(&mut self.store, i as i32).map_err(msg)
    }

    /// Writes `sums` (row i at index i) into the kernel's buffer and returns combine(len): the integral.
    pub fn combine(&mut self, sums: &[f64]) -> Fallible<f64> {
        let ptr = self.buffer.call(&mut self.store, sums.len() as i32).map_err(msg)?;
        if ptr == 0 {
            return Err(format!("kernel buffer({}) failed", sums.len()));
        }
        let bytes: Vec<u8> = sums.iter().flat_map(|v| v.to_le_bytes()).collect();
        // Memory may have grown in buffer(): write through the Memory handle, never a stale slice.
        self.memory
            .write(&mut self.store, ptr as u32 as usize, &bytes)
            .map_err(msg)?;
        self.combine.call(&mut self.store, sums.len() as i32).map_err(msg)
    }

    /// The closed-form integral over the domain as given (NaN if the problem is invalid).
    pub fn exact(&mut self, id: i32, d: [f64; 4]) -> Fallible<f64> {
        self.exact
            .call(&mut self.store, (id, d[0], d[1], d[2], d[3]))
            .map_err(msg)
    }

    fn call_i32(&mut self, name: &str, arg: Option<i32>) -> Fallible<i32> {
        match arg {
            None => {
                let f: TypedFunc<(), i32> = self.instance.get_typed_func(&mut self.store, name).map_err(msg)?;
                f.call(&mut self.store, ()).map_err(msg)
            }
            Some(a) => {
                let f: TypedFunc<i32, i32> = self.instance.get_typed_func(&mut self.store, name).map_err(msg)?;
                f.call(&mut self.store, a).map_err(msg)
            }
        }
    }

    /// An AssemblyScript string: UTF-16LE units at ptr, byte length as a u32 at ptr − 4.
    fn string(&mut self, ptr: i32) -> Fallible<String> {
        let ptr = ptr as u32 as usize;
        let mut len = [0u8; 4];
        self.memory
            .read(&self.store, ptr.wrapping_sub(4), &mut len)
            .map_err(msg)?;
        let mut b = vec![0u8; u32::from_le_bytes(len) as usize];
        self.memory.read(&self.store, ptr, &mut b).map_err(msg)?;
        let units: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        Ok(String::from_utf16_lossy(&units))
    }

    /// ABI version, build, maximum cells and the integrand catalog.
    pub fn meta(&mut self) -> Fallible<Meta> {
        let abi = self.call_i32("abiVersion", None)?;
        let variant = self.call_i32("variant", None)?;
        let max_cells = self.call_i32("maxCells", None)? as usize;
        let count = self.call_i32("integrandCount", None)?;
        let mut integrands = Vec::new();
        for id in 0..count {
            let ptr = self.call_i32("integrandName", Some(id))?;
            integrands.push(self.string(ptr)?);
        }
        Ok(Meta {
            abi,
            variant,
            max_cells,
            integrands,
        })
    }
}
