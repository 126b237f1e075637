//! integration2d's Rust host: the WebAssembly kernel under wasmtime, computing ∫∫ f(x,y) by the midpoint
//! rule with the same 64 bits as every other host (README § How the result stays the same bits everywhere).
//!
//! ```no_run
//! let r = integration2d::integrate(&integration2d::Options { n: Some(1000), workers: Some(2), ..Default::default() }).unwrap();
//! println!("{} {}", r.value.unwrap(), r.bits);
//! ```

pub mod bench;
pub mod cli;
pub mod domain;
pub mod integrate;
pub mod jsfmt;
pub mod kernel;
pub mod options;

pub use domain::{Domain, parse_bound, parse_domain};
pub use integrate::{Integrator, Phases, Record, RuntimeInfo, VERSION, bits_of, integrate};
pub use kernel::{Kernel, Meta};
pub use options::{Error, Options, Problem, RawOptions};
