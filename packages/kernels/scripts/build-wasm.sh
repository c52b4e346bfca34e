#!/usr/bin/env bash
# Compiles csrc/*.c to one WebAssembly module and embeds it (base64) in src/generated/.
# Needs clang and wasm-ld (Debian: apt-get install clang-14 lld-14). The generated file is
# committed, so users and CI never need a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-$(command -v clang-14 || command -v clang)}
out=$(mktemp -d)
"$CLANG" --target=wasm32 -O3 -msimd128 -mmutable-globals -mbulk-memory -nostdlib -ffreestanding -fno-builtin \
  -Wl,--no-entry -Wl,--import-memory -Wl,--export-dynamic -Wl,--export=__stack_pointer \
  -Wall -Werror \
  -o "$out/kernels.wasm" csrc/*.c
# The GEMM again, for a worker thread: on a shared memory of its own (tfjs's heap is not shared).
"$CLANG" --target=wasm32 -O3 -msimd128 -mmutable-globals -mbulk-memory -matomics -nostdlib -ffreestanding -fno-builtin \
  -Wl,--no-entry -Wl,--import-memory -Wl,--shared-memory -Wl,--max-memory=2147483648 \
  -Wl,--export=__stack_pointer -Wall -Werror \
  -o "$out/gemm-shared.wasm" csrc/gemm.c
node scripts/embed-wasm.mjs "$out/kernels.wasm" src/generated/kernels-wasm.ts csrc "$out/gemm-shared.wasm"
