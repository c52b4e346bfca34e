// The 4 x 8 register tile that the GEMM and the attention kernels are built from.
#pragma once
#include "common.h"

// c[r][0..8) = scale * sum_{k < K} A(r, k) * b[k*ldb + 0..8) (+ bias[0..8)) for the 4 rows r,
// where A(r, k) = a[r*ars + k*aks]: row-major A (ars = lda, aks = 1), a transposed one
// (ars = 1, aks = lda) or a packed panel. Rows past `rows` repeat the last one (nothing
// outside A is read) and are not stored, nor are columns past `cols`; b must have 8 readable
// columns. One broadcast A value at a time keeps 8 accumulators + 2 B + 1 A within V8's 15
// usable vector registers (a 6x8 tile spills and runs slower). Inlined, so a constant scale
// of 1 or a null bias costs nothing.
static inline __attribute__((always_inline)) void tile4x8(int K, const f32 *a, long ars, long aks, const f32 *b, long ldb,
                                                          f32 *c, long ldc, int rows, int cols, f32 scale,
                                                          const f32 *bias) {
  const f32 *a0 = a;
  const f32 *a1 = a + (rows > 1 ? ars : 0);
  const f32 *a2 = a + (rows > 2 ? 2 * ars : (rows - 1) * ars);
  const f32 *a3 = a + (rows > 3 ? 3 * ars : (rows - 1) * ars);
  v128_t c00 = wasm_f32x4_splat(0), c01 = wasm_f32x4_splat(0);
  v128_t c10 = wasm_f32x4_splat(0), c11 = wasm_f32x4_splat(0);
  v128_t c20 = wasm_f32x4_splat(0), c21 = wasm_f32x4_splat(0);
  v128_t c30 = wasm_f32x4_splat(0), c31 = wasm_f32x4_splat(0);
  for (int k = 0; k < K; k++) {
    const f32 *bk = b + k * ldb;
    v128_t b0 = wasm_v128_load(bk), b1 = wasm_v128_load(bk + 4);
    long ak = k * aks;
    v128_t x = wasm_v128_load32_splat(a0 + ak);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = wasm_v128_load32_splat(a1 + ak);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = wasm_v128_load32_splat(a2 + ak);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = wasm_v128_load32_splat(a3 + ak);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
  }
  if (scale != 1.0f) {
    v128_t s = wasm_f32x4_splat(scale);
    c00 = wasm_f32x4_mul(c00, s), c01 = wasm_f32x4_mul(c01, s);
    c10 = wasm_f32x4_mul(c10, s), c11 = wasm_f32x4_mul(c11, s);
    c20 = wasm_f32x4_mul(c20, s), c21 = wasm_f32x4_mul(c21, s);
    c30 = wasm_f32x4_mul(c30, s), c31 = wasm_f32x4_mul(c31, s);
  }
  if (bias) {
    f32 padded[8] = {0};
    const f32 *bias8 = bias;
    if (cols < 8) {
      for (int j = 0; j < cols; j++) padded[j] = bias[j];
      bias8 = padded;
    }
    v128_t bias0 = wasm_v128_load(bias8), bias1 = wasm_v128_load(bias8 + 4);
    c00 = wasm_f32x4_add(c00, bias0), c01 = wasm_f32x4_add(c01, bias1);
    c10 = wasm_f32x4_add(c10, bias0), c11 = wasm_f32x4_add(c11, bias1);
    c20 = wasm_f32x4_add(c20, bias0), c21 = wasm_f32x4_add(c21, bias1);
    c30 = wasm_f32x4_add(c30, bias0), c31 = wasm_f32x4_add(c31, bias1);
  }
  f32 tile[32];
  int whole = rows == 4 && cols == 8;
  f32 *out = whole ? c : tile;
  long ld = whole ? ldc : 8;
  wasm_v128_store(out, c00), wasm_v128_store(out + 4, c01);
  wasm_v128_store(out + ld, c10), wasm_v128_store(out + ld + 4, c11);
  wasm_v128_store(out + 2 * ld, c20), wasm_v128_store(out + 2 * ld + 4, c21);
  wasm_v128_store(out + 3 * ld, c30), wasm_v128_store(out + 3 * ld + 4, c31);
  if (whole) return;
  for (int r = 0; r < rows; r++) {
    for (int j = 0; j < cols; j++) c[r * ldc + j] = tile[r * 8 + j];
  }
}
