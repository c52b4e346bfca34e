// Shared by the kernels: exports and tiny helpers. No static data anywhere (see gemm.c).
#pragma once
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef float f32;

// a * b + c, 4 lanes. Built with -mrelaxed-simd it is one fused multiply-add (relaxed_madd):
// half the instructions of the GEMM's inner loop, which is instruction-bound in V8. The
// baseline build (runtimes without relaxed SIMD) keeps the separate multiply and add.
static inline v128_t madd(v128_t a, v128_t b, v128_t c) {
#ifdef __wasm_relaxed_simd__
  return wasm_f32x4_relaxed_madd(a, b, c);
#else
  return wasm_f32x4_add(wasm_f32x4_mul(a, b), c);
#endif
}
