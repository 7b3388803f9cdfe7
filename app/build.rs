//! The studio's wasm is linked with its relocations kept: `scripts/split-wasm` needs them to cut
//! the simulation into a module of its own (app/src/sim.rs). Only this binary, and only for
//! wasm: the worker and native builds link as usual.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
