// Vector math shared by the kernels (header-only, static inline: no data, no exports).
#pragma once
#include "common.h"

// e^x for 4 lanes, as exp_approx: x = n ln2 + r, degree-6 polynomial in r, times 2^n. Written
// for V8's code generation: pmin/pmax are one instruction each (min/max with wasm's NaN rules
// are seven), and n is rounded by adding 1.5 * 2^23, which leaves n in the low bits of the
// float (instead of nearest + trunc_sat, another eight).
static inline v128_t exp4(v128_t x) {
  const v128_t magic = wasm_f32x4_splat(12582912.0f); // 1.5 * 2^23
  x = wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.0f));
  x = wasm_f32x4_pmin(x, wasm_f32x4_splat(88.0f));
  v128_t shifted = madd(x, wasm_f32x4_splat(1.44269504088896341f), magic); // bits: magic + n
  v128_t n = wasm_f32x4_sub(shifted, magic);
  v128_t r = madd(n, wasm_f32x4_splat(-0.693145751953125f), x);
  r = madd(n, wasm_f32x4_splat(-1.42860682030941723212e-6f), r);
  v128_t p = wasm_f32x4_splat(0.0013888889f);
  p = madd(p, r, wasm_f32x4_splat(0.008333334f));
  p = madd(p, r, wasm_f32x4_splat(0.041666668f));
  p = madd(p, r, wasm_f32x4_splat(0.16666667f));
  p = madd(p, r, wasm_f32x4_splat(0.5f));
  p = madd(p, r, wasm_f32x4_splat(1.0f));
  p = madd(p, r, wasm_f32x4_splat(1.0f));
  // 2^n from the low bits: (magic + n + 127) << 23 drops magic's bits (all at bit 22 or above).
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(shifted, wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, scale);
}

// Horizontal max and sum of 4 lanes.
static inline f32 hmax4(v128_t v) {
  v = wasm_f32x4_pmax(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_pmax(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

static inline f32 hsum4(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}
