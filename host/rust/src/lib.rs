//! integration2d's Rust host: the WebAssembly kernel under wasmtime, computing ∫∫ f(x,y) by the midpoint
//! rule with the same 64 bits as every other host (README § How the result stays the same bits everywhere).
//! The problem is text, parsed and checked by the kernel (README § The language); the kernel is compiled into
//! this crate, so nothing is read at run time.
//!
//! [`integrate`] is one run; [`Integrator`] compiles the kernel once for many runs; [`Options`] says what to
//! compute, [`Record`] is the result and [`Error`] why there is none:
//!
//! ```
//! use integration2d::{Error, Options, integrate};
//!
//! let o = Options { n: Some(1000), workers: Some(2), ..Options::new("1/(1+x+y)", "0,1,0,1") };
//! let r = integrate(&o)?;
//! assert_eq!(r.bits, "0x3fe0be72d53b6b12"); // test/vectors.json: the same bits from every host and build
//! assert_eq!(r.exact, Some(0.523248143764548)); // a catalog integrand: closed form, and r.error
//!
//! let g = integrate(&Options { n: Some(200), ..Options::new("exp(-(x^2+y^2))", [-2.0, 2.0, -2.0, 2.0]) })?;
//! assert_eq!((g.exact, g.error), (None, None)); // any expression in x and y; no closed form
//!
//! match integrate(&Options::new("sin(x+", "0,1,0,1")) {
//!     Err(Error::Usage { option, message }) => {
//!         assert_eq!(option, "-f/--integrand");
//!         assert_eq!(message, "option -f/--integrand: unexpected end of text at column 7");
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), Error>(())
//! ```

mod bench;
#[doc(hidden)]
pub mod cli; // the `integration2d` binary's, not an API: only `main_with`, which src/main.rs calls
mod integrate;
mod jsfmt;
mod kernel;
mod options;

pub use integrate::{ABI_VERSION, Integrator, Phases, Record, RuntimeInfo, VERSION, bits_of, integrate};
pub use kernel::{Kernel, Meta, Refusal};
pub use options::{Domain, Error, Options, RawOptions};
