#!/usr/bin/env bash
# Compiles csrc/*.c to WebAssembly and embeds the modules (base64) in src/generated/.
# Needs clang and wasm-ld with relaxed SIMD (LLVM 16 or later; Debian 12: apt-get install
# clang-19 lld-19). The generated file is committed, so users and CI never need a C compiler.
#
# Four modules: the kernels on tfjs's heap and the GEMM alone on a shared memory (for the
# worker thread), each built twice: baseline SIMD128, and with relaxed SIMD (fused
# multiply-add), which the runtime picks when the engine supports it.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-$(command -v clang-19 || command -v clang)}
out=$(mktemp -d)
common=(--target=wasm32 -O3 -msimd128 -mmutable-globals -mbulk-memory -nostdlib -ffreestanding -fno-builtin -Wall -Werror)
kernels=(-Wl,--no-entry -Wl,--import-memory -Wl,--export-dynamic -Wl,--export=__stack_pointer csrc/*.c)
# The GEMM for the worker thread: on a shared memory of its own (tfjs's heap is not shared).
shared=(-matomics -Wl,--no-entry -Wl,--import-memory -Wl,--shared-memory -Wl,--max-memory=2147483648
  -Wl,--export=__stack_pointer csrc/gemm.c)
"$CLANG" "${common[@]}" -o "$out/kernels.wasm" "${kernels[@]}"
"$CLANG" "${common[@]}" -mrelaxed-simd -o "$out/kernels-relaxed.wasm" "${kernels[@]}"
"$CLANG" "${common[@]}" -o "$out/gemm-shared.wasm" "${shared[@]}"
"$CLANG" "${common[@]}" -mrelaxed-simd -o "$out/gemm-shared-relaxed.wasm" "${shared[@]}"
node scripts/embed-wasm.mjs "$out" src/generated/kernels-wasm.ts csrc
