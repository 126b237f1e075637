//! integration2d's Rust host: the WebAssembly kernel under wasmtime, computing ∫∫ f(x,y) by the midpoint
//! rule with the same 64 bits as every other host (README § How the result stays the same bits everywhere).
//! The problem is text, parsed and checked by the kernel (README § The language):
//!
//! ```no_run
//! let o = integration2d::Options { n: Some(1000), workers: Some(2), ..integration2d::Options::new("exp(-(x^2+y^2))", "-2,2,-2,2") };
//! let r = integration2d::integrate(&o).unwrap();
//! println!("{} {} {:?}", r.value.unwrap(), r.bits, r.exact); // exact: None, no closed form
//! ```

pub mod bench;
pub mod cli;
pub mod integrate;
pub mod jsfmt;
pub mod kernel;
pub mod options;

pub use integrate::{ABI_VERSION, Integrator, Phases, Record, RuntimeInfo, VERSION, bits_of, integrate};
pub use kernel::{Kernel, Meta, Refusal};
pub use options::{Domain, Error, Options, Problem, RawOptions};
