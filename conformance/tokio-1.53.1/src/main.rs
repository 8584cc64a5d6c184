//! The conformance cases against Tokio 1.53.1. The cases themselves are shared
//! by every release's program: see `../../src/cases.rs`.

#[path = "../../src/cases.rs"]
mod cases;

fn main() {
    cases::main("1.53.1");
}
