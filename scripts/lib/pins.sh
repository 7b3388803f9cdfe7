# Version pins the bootstrap enforces, as functions a test can call (scripts/test-pins).
# Sourced by scripts/bootstrap; defines functions only.

# The wasm-bindgen crate version in Cargo.lock: the CLI that generates the studio's bindings must
# be exactly this one (a different CLI writes glue the crate's wasm does not match).
lock_wasm_bindgen_version() {
  grep -A1 '^name = "wasm-bindgen"$' "${1:-Cargo.lock}" | sed -n 's/^version = "\(.*\)"/\1/p'
}

# check_wasm_bindgen WANT: succeeds when `wasm-bindgen --version` (the one on PATH) says exactly
# WANT; otherwise says which version it found and how to fix it, on stderr, and fails. The
# bootstrap calls it after every install, so an unlocked fallback install (see bootstrap step 3)
# that produced another version, or an older binary earlier on PATH, stops the set-up loudly.
check_wasm_bindgen() {
  local want=$1 got
  got=$(wasm-bindgen --version 2>/dev/null | head -n 1) || got=""
  [ "$got" = "wasm-bindgen $want" ] && return 0
  {
    printf 'wasm-bindgen on PATH (%s) reports "%s", not the pinned wasm-bindgen %s.\n' \
      "$(command -v wasm-bindgen || echo 'not found')" "${got:-nothing}" "$want"
    printf 'Cargo.lock pins the wasm-bindgen crate at %s and the CLI must match it exactly:\n' "$want"
    printf '  cargo install wasm-bindgen-cli --version %s --force\n' "$want"
  } >&2
  return 1
}
