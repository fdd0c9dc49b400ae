#!/usr/bin/env bash
# Build the fuzz targets with libFuzzer on the stable toolchain and run them.
#
#   bash fuzz/run.sh                  # every target, 12 s each (the CI run: about 84 s)
#   bash fuzz/run.sh 3600 read        # one target for an hour (the long run)
#   bash fuzz/run.sh 600 read markup  # some targets, 10 minutes each
#
# cargo-fuzz needs nightly for its sanitizer flags; the coverage instrumentation that
# libFuzzer needs is stable, so this script passes it itself (the flags cargo-fuzz uses
# with `--sanitizer none`). The crate stays cargo-fuzz compatible: with nightly,
# `cargo fuzz run read` works too. Each run uses one core. Corpora grow in
# fuzz/corpus/TARGET (not committed), crashes land in fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-12}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(read markup layout layout_extends build_model extract photo)

triple="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="${CARGO_FUZZ_TARGET_DIR:-$PWD/target}"
# --target keeps these flags off build scripts and proc macros, as cargo-fuzz does.
RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks" \
  cargo build --release --target "$triple" --bins
bin="$CARGO_TARGET_DIR/$triple/release"

status=0
for target in "${targets[@]}"; do
  corpus="corpus/$target"
  mkdir -p "$corpus" "artifacts/$target"
  # Seeds: the repository's own inputs, and every input that once crashed a target.
  case "$target" in
    read) cp ../examples/*.yaml ../tests/fixtures/jsonresume/*.json \
        ../tests/fixtures/jsonresume/examples/*.json ../tests/fixtures/rendercv/*.yaml "$corpus/" ;;
    layout | layout_extends) cp ../layouts/*.yaml "$corpus/" ;;
    extract) cp ../tests/fixtures/pdf/*.pdf "$corpus/" ;;
  esac
  seeds=()
  [ -d "../tests/regressions/$target" ] && seeds+=("../tests/regressions/$target")
  extra=()
  [ -f "dict/$target.dict" ] && extra+=("-dict=dict/$target.dict")
  # Structured inputs need their bytes at once, not a length limit that grows slowly.
  [ "$target" = build_model ] && extra+=("-len_control=0")
  echo "== $target: ${seconds} s"
  # Inputs up to a megabyte, so that what is slow or greedy only at size is found:
  # -timeout: one input taking 10 s is a failure (any 4 MB input builds in 2 s);
  # -rss_limit_mb: a run over 1 GB is one (any 4 MB input builds in 300 MB).
  "$bin/$target" "$corpus" "${seeds[@]}" "${extra[@]}" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=1024 -max_len=1048576 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" 2>"artifacts/$target.log" || status=$?
  grep -E '^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|Done)' \
    "artifacts/$target.log" | tail -4
  if [ "$status" -ne 0 ]; then
    tail -40 "artifacts/$target.log"
    echo "fuzz target $target failed: see fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
