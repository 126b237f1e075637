//! One instance of the kernel (README § Kernel ABI) under wasmtime: one method per export, plus
//! `define_text`, which is the ABI 2 call order (text → write → define). The two builds are compiled into this
//! crate with `include_bytes!` from `kernel/`, copies of `dist/kernel/` that `npm run build` (or `node
//! scripts/build.mjs --kernel-only`) makes and `cargo package` ships, so the crate builds on its own.

use wasmtime::{Engine, Instance, Memory, Module, Store, TypedFunc};

const SCALAR_WASM: &[u8] = include_bytes!("../kernel/scalar.wasm");
const SIMD_WASM: &[u8] = include_bytes!("../kernel/simd.wasm");

/// The bytes of a build by name ("simd" or "scalar").
pub(crate) fn wasm_bytes(variant: &str) -> Option<&'static [u8]> {
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

/// One instance of a kernel build, with its own store (`Integrator::kernel` gives the calling thread's).
pub struct Kernel {
    store: Store<()>,
    memory: Memory,
    row_sum: TypedFunc<i32, f64>,
    buffer: TypedFunc<i32, i32>,
    combine: TypedFunc<i32, f64>,
    text: TypedFunc<i32, i32>,
    define: TypedFunc<(i32, i32, i32, i32), i32>,
    error_field: TypedFunc<(), i32>,
    error_column: TypedFunc<(), i32>,
    message: TypedFunc<(), i32>,
    message_length: TypedFunc<(), i32>,
    bound: TypedFunc<i32, f64>,
    catalog_id: TypedFunc<(), i32>,
    exact_value: TypedFunc<(), f64>,
    instance: Instance,
}

/// What the kernel says about itself (its metadata JSON, README § Kernel ABI).
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub abi: i32,
    pub variant: i32,
    pub max_cells: usize,
    pub max_text: usize,
    /// The catalog: integrands with a fast path and a closed form.
    pub integrands: Vec<String>,
    /// The language's functions, constants and variables.
    pub functions: Vec<String>,
    pub constants: Vec<String>,
    pub variables: Vec<String>,
}

/// Why `define` refused a problem: which input (0 integrand, 1 domain, 2 nx, 3 ny), where, and the kernel's
/// words.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: i32,
    pub field: i32,
    pub column: i32,
    pub message: String,
}

impl Kernel {
    /// Instantiates a compiled build (it imports nothing).
    pub(crate) fn new(engine: &Engine, module: &Module) -> Fallible<Kernel> {
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
            row_sum: func!("rowSum"),
            buffer: func!("buffer"),
            combine: func!("combine"),
            text: func!("text"),
            define: func!("define"),
            error_field: func!("errorField"),
            error_column: func!("errorColumn"),
            message: func!("message"),
            message_length: func!("messageLength"),
            bound: func!("bound"),
            catalog_id: func!("catalogId"),
            exact_value: func!("exactValue"),
            memory,
            instance,
            store,
        })
    }

    /// The area for `bytes` bytes of text (integrand then domain); 0 if bytes ∉ [0, 2·maxText].
    fn text(&mut self, bytes: i32) -> Fallible<i32> {
        self.text.call(&mut self.store, bytes).map_err(msg)
    }

    /// Parses and checks the texts already written at `text()` and fixes the problem: 0 or a refusal code.
    fn define(&mut self, f_len: i32, d_len: i32, nx: i32, ny: i32) -> Fallible<i32> {
        self.define.call(&mut self.store, (f_len, d_len, nx, ny)).map_err(msg)
    }

    /// After a refused `define`: 0 integrand, 1 domain, 2 nx, 3 ny.
    pub fn error_field(&mut self) -> Fallible<i32> {
        self.error_field.call(&mut self.store, ()).map_err(msg)
    }

    /// 1-based column (code points) of the refusal in its text; 0 where there is none.
    pub fn error_column(&mut self) -> Fallible<i32> {
        self.error_column.call(&mut self.store, ()).map_err(msg)
    }

    /// Where the last message's UTF-8 bytes are.
    fn message_ptr(&mut self) -> Fallible<i32> {
        self.message.call(&mut self.store, ()).map_err(msg)
    }

    /// How many bytes the last message has (0 after a success).
    fn message_length(&mut self) -> Fallible<i32> {
        self.message_length.call(&mut self.store, ()).map_err(msg)
    }

    /// The last message: `define`'s refusal or `combine`'s diagnosis.
    pub fn message(&mut self) -> Fallible<String> {
        let (ptr, len) = (self.message_ptr()?, self.message_length()?);
        let mut b = vec![0u8; len as u32 as usize];
        self.memory
            .read(&self.store, ptr as u32 as usize, &mut b)
            .map_err(msg)?;
        String::from_utf8(b).map_err(|e| format!("the kernel's message is not UTF-8: {e}"))
    }

    /// Bound k (0 ax, 1 bx, 2 ay, 3 by) of the defined problem; NaN if none.
    pub fn bound(&mut self, k: i32) -> Fallible<f64> {
        self.bound.call(&mut self.store, k).map_err(msg)
    }

    /// [ax, bx, ay, by] of the defined problem.
    pub fn bounds(&mut self) -> Fallible<[f64; 4]> {
        Ok([self.bound(0)?, self.bound(1)?, self.bound(2)?, self.bound(3)?])
    }

    /// The catalog entry whose fast path the problem takes, or −1.
    pub fn catalog_id(&mut self) -> Fallible<i32> {
        self.catalog_id.call(&mut self.store, ()).map_err(msg)
    }

    /// The closed form on the problem's domain; NaN when there is none.
    pub fn exact_value(&mut self) -> Fallible<f64> {
        self.exact_value.call(&mut self.store, ()).map_err(msg)
    }

    /// The ABI 2 call order: both texts written at `text(fLen + dLen)`, then `define`. Ok(Err(refusal)) when the
    /// kernel refuses the problem.
    pub fn define_text(&mut self, integrand: &str, domain: &str, nx: i32, ny: i32) -> Fallible<Result<(), Refusal>> {
        let len = |s: &str| i32::try_from(s.len()).unwrap_or(i32::MAX);
        let (f_len, d_len) = (len(integrand), len(domain));
        let ptr = self.text(f_len.saturating_add(d_len))?;
        // No area means a text over maxText: define refuses it by its length before reading a byte, so it
        // still gives the kernel's own words.
        if ptr != 0 {
            let bytes = [integrand.as_bytes(), domain.as_bytes()].concat();
            self.memory
                .write(&mut self.store, ptr as u32 as usize, &bytes)
                .map_err(msg)?;
        }
        let code = self.define(f_len, d_len, nx, ny)?;
        if code == 0 {
            return Ok(Ok(()));
        }
        Ok(Err(Refusal {
            code,
            field: self.error_field()?,
            column: self.error_column()?,
            message: self.message()?,
        }))
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

    fn call_i32(&mut self, name: &str) -> Fallible<i32> {
        let f: TypedFunc<(), i32> = self.instance.get_typed_func(&mut self.store, name).map_err(msg)?;
        f.call(&mut self.store, ()).map_err(msg)
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

    /// ABI version, build, caps, the catalog and the language's names.
    pub fn meta(&mut self) -> Fallible<Meta> {
        let ptr = self.call_i32("metadata")?;
        let json: serde_json::Value =
            serde_json::from_str(&self.string(ptr)?).map_err(|e| format!("the kernel's metadata: {e}"))?;
        let number = |key: &str| json[key].as_u64().ok_or(format!("the kernel's metadata has no {key}"));
        let names = |key: &str| -> Fallible<Vec<String>> {
            json[key]
                .as_array()
                .and_then(|a| a.iter().map(|v| v.as_str().map(String::from)).collect())
                .ok_or(format!("the kernel's metadata has no list {key}"))
        };
        Ok(Meta {
            abi: self.call_i32("abiVersion")?,
            variant: self.call_i32("variant")?,
            max_cells: number("maxCells")? as usize,
            max_text: number("maxText")? as usize,
            integrands: names("integrands")?,
            functions: names("functions")?,
            constants: names("constants")?,
            variables: names("variables")?,
        })
    }
}
