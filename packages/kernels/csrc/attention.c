// Grouped-query attention and its gradient, for the small heads of these models (hd 8-16,
// tens of tokens), computed in 4 x 8 register tiles like the GEMM rather than row by row.
//
// q, out: [B, hq, n, hd]; k, v: [B, hkv, T, hd] (head-major), or the projections' own
// token-major [B, n, heads*hd] (see strides_of); probs: [B, hq, n, T]. Query head h uses kv
// head h / (hq / hkv). causal: query i (position offset + i) sees keys <= offset + i.
#include "common.h"
#include "simd-math.h"
#include "tile.h"

#define round8(x) (((x) + 7) & ~7)

// Element strides of a [B, heads, len, hd] view: head-major memory [B, heads, len, hd] or
// token-major memory [B, len, heads*hd].
typedef struct {
  long batch, head, row;
} strides_t;

static strides_t strides_of(int token_major, int heads, int len, int hd) {
  strides_t st;
  if (token_major) {
    st.batch = (long)len * heads * hd;
    st.head = hd;
    st.row = (long)heads * hd;
  } else {
    st.batch = (long)heads * len * hd;
    st.head = (long)len * hd;
    st.row = hd;
  }
  return st;
}

// dst[c][0..T8) = src[j*ld + c] for j < T, zero for T <= j < T8: a K or V head transposed.
static void transpose_padded(f32 *dst, const f32 *src, long ld, int T, int T8, int hd) {
  for (int c = 0; c < hd; c++) {
    f32 *row = dst + c * T8;
    for (int j = 0; j < T; j++) row[j] = src[j * ld + c];
    for (int j = T; j < T8; j++) row[j] = 0.0f;
  }
}

// dst[j][0..HD8) = src[j*ld + 0..hd), zero-padded: rows of a head, contiguous.
static void copy_padded(f32 *dst, const f32 *src, long ld, int rows, int hd, int HD8) {
  for (int j = 0; j < rows; j++) {
    for (int c = 0; c < hd; c++) dst[j * HD8 + c] = src[j * ld + c];
    for (int c = hd; c < HD8; c++) dst[j * HD8 + c] = 0.0f;
  }
}

// Keys a query sees: all T, or under the causal mask those at positions <= offset + i.
static inline int visible_keys(int causal, int offset, int i, int T) {
  if (!causal) return T;
  int visible = offset + i + 1;
  return visible < T ? visible : T;
}

// s[0..T8) <- softmax of the first `visible` entries, exact zeros after them.
static void softmax_row(f32 *s, int visible, int T8) {
  const v128_t limit = wasm_i32x4_splat(visible);
  const v128_t four = wasm_i32x4_splat(4);
  v128_t index = wasm_i32x4_make(0, 1, 2, 3);
  v128_t mv = wasm_f32x4_splat(-3.0e38f);
  for (int j = 0; j < T8; j += 4, index = wasm_i32x4_add(index, four)) {
    v128_t x = wasm_v128_bitselect(wasm_v128_load(s + j), wasm_f32x4_splat(-1.0e30f), wasm_i32x4_lt(index, limit));
    wasm_v128_store(s + j, x);
    mv = wasm_f32x4_pmax(mv, x);
  }
  v128_t max = wasm_f32x4_splat(hmax4(mv));
  v128_t sumv = wasm_f32x4_splat(0.0f);
  index = wasm_i32x4_make(0, 1, 2, 3);
  for (int j = 0; j < T8; j += 4, index = wasm_i32x4_add(index, four)) {
    v128_t e = wasm_v128_and(exp4(wasm_f32x4_sub(wasm_v128_load(s + j), max)), wasm_i32x4_lt(index, limit));
    wasm_v128_store(s + j, e);
    sumv = wasm_f32x4_add(sumv, e);
  }
  v128_t inv = wasm_f32x4_splat(1.0f / hsum4(sumv));
  for (int j = 0; j < T8; j += 4) wasm_v128_store(s + j, wasm_f32x4_mul(wasm_v128_load(s + j), inv));
}

// Scratch floats attention and attention_grad need (16-byte aligned). groups = hq / hkv.
EXPORT(attention_scratch_floats) int attention_scratch_floats(int n, int T, int hd, int groups) {
  int T8 = round8(T), HD8 = round8(hd);
  int forward = hd * T8 + T * HD8 + 4 * T8;
  int backward = hd * T8 + T * HD8 + 4 * T8 + groups * n * (2 * T8 + 2 * HD8);
  return forward > backward ? forward : backward;
}

EXPORT(attention)
void attention(const f32 *q, const f32 *k, const f32 *v, f32 *out, f32 *probs, int B, int hq, int hkv, int n, int T,
               int hd, f32 scale, int causal, int offset, int token_major, f32 *scratch) {
  int groups = hq / hkv;
  int T8 = round8(T), HD8 = round8(hd);
  f32 *kt = scratch;      // [hd][T8]: K of the kv head, transposed
  f32 *vc = kt + hd * T8; // [T][HD8]: V of the kv head, contiguous
  f32 *s = vc + T * HD8;  // [4][T8]: scores, then probabilities, of 4 query rows
  strides_t qs = strides_of(token_major, hq, n, hd);
  strides_t ks = strides_of(token_major, hkv, T, hd);
  for (int b = 0; b < B; b++) {
    for (int kvh = 0; kvh < hkv; kvh++) {
      transpose_padded(kt, k + b * ks.batch + kvh * ks.head, ks.row, T, T8, hd);
      copy_padded(vc, v + b * ks.batch + kvh * ks.head, ks.row, T, hd, HD8);
      for (int h = kvh * groups; h < (kvh + 1) * groups; h++) {
        const f32 *qh = q + b * qs.batch + h * qs.head;
        f32 *oh = out + b * qs.batch + h * qs.head;
        f32 *ph = probs + ((long)b * hq + h) * n * T;
        for (int i0 = 0; i0 < n; i0 += 4) {
          int rows = n - i0 < 4 ? n - i0 : 4;
          // S = scale * Q K^T for 4 query rows.  // [4, T8]
          for (int j = 0; j < T8; j += 8) tile4x8(hd, qh + i0 * qs.row, qs.row, 1, kt + j, T8, s + j, T8, rows, 8, scale, 0);
          int keys = 0; // keys any of the 4 rows sees: the rest of P is zero
          for (int r = 0; r < rows; r++) {
            int visible = visible_keys(causal, offset, i0 + r, T);
            softmax_row(s + r * T8, visible, T8);
            if (visible > keys) keys = visible;
            f32 *pi = ph + (long)(i0 + r) * T;
            for (int j = 0; j < T; j++) pi[j] = s[r * T8 + j];
          }
          // O = P V.  // [4, hd]
          for (int c = 0; c < hd; c += 8) {
            tile4x8(keys, s, T8, 1, vc + c, HD8, oh + i0 * qs.row + c, qs.row, rows, hd - c < 8 ? hd - c : 8, 1.0f, 0);
          }
        }
      }
    }
  }
}

// Gradients: dP = dO V^T; dS = P * (dP - rowsum(dP * P)) * scale; dq = dS K; dk = dS^T q and
// dv = P^T dO, summed over the query heads of a group (so each kv head is written once).
EXPORT(attention_grad)
void attention_grad(const f32 *dout, const f32 *q, const f32 *k, const f32 *v, const f32 *probs, f32 *dq, f32 *dk,
                    f32 *dv, int B, int hq, int hkv, int n, int T, int hd, f32 scale, int token_major, f32 *scratch) {
  int groups = hq / hkv;
  int T8 = round8(T), HD8 = round8(hd);
  long gn = (long)groups * n;
  f32 *vt = scratch;          // [hd][T8]: V transposed
  f32 *kc = vt + hd * T8;     // [T][HD8]: K, contiguous
  f32 *dp = kc + T * HD8;     // [4][T8]: dP of 4 query rows
  f32 *ds = dp + 4 * T8;      // [groups*n][T8]: dS of the group's query heads
  f32 *pp = ds + gn * T8;     // [groups*n][T8]: P of the group's query heads, zero-padded
  f32 *qc = pp + gn * T8;     // [groups*n][HD8]: q of the group's query heads
  f32 *doc = qc + gn * HD8;   // [groups*n][HD8]: dO of the group's query heads
  strides_t qs = strides_of(token_major, hq, n, hd);
  strides_t ks = strides_of(token_major, hkv, T, hd);
  for (int b = 0; b < B; b++) {
    for (int kvh = 0; kvh < hkv; kvh++) {
      long kvOff = b * ks.batch + kvh * ks.head;
      transpose_padded(vt, v + kvOff, ks.row, T, T8, hd);
      copy_padded(kc, k + kvOff, ks.row, T, hd, HD8);
      for (int g = 0; g < groups; g++) {
        int h = kvh * groups + g;
        long qOff = b * qs.batch + h * qs.head;
        const f32 *ph = probs + ((long)b * hq + h) * n * T;
        f32 *dsh = ds + (long)g * n * T8;
        f32 *pph = pp + (long)g * n * T8;
        copy_padded(qc + (long)g * n * HD8, q + qOff, qs.row, n, hd, HD8);
        copy_padded(doc + (long)g * n * HD8, dout + qOff, qs.row, n, hd, HD8);
        for (int i0 = 0; i0 < n; i0 += 4) {
          int rows = n - i0 < 4 ? n - i0 : 4;
          // dP = dO V^T.  // [4, T8]
          for (int j = 0; j < T8; j += 8) tile4x8(hd, dout + qOff + i0 * qs.row, qs.row, 1, vt + j, T8, dp + j, T8, rows, 8, 1.0f, 0);
          for (int r = 0; r < rows; r++) {
            const f32 *pi = ph + (long)(i0 + r) * T;
            f32 *pr = pph + (long)(i0 + r) * T8;
            f32 *dsr = dsh + (long)(i0 + r) * T8;
            const f32 *dpr = dp + r * T8;
            for (int j = 0; j < T; j++) pr[j] = pi[j];
            for (int j = T; j < T8; j++) pr[j] = 0.0f;
            v128_t dot = wasm_f32x4_splat(0.0f);
            for (int j = 0; j < T8; j += 4) dot = madd(wasm_v128_load(dpr + j), wasm_v128_load(pr + j), dot);
            v128_t rowdot = wasm_f32x4_splat(hsum4(dot));
            v128_t sv = wasm_f32x4_splat(scale);
            for (int j = 0; j < T8; j += 4) {
              v128_t d = wasm_f32x4_sub(wasm_v128_load(dpr + j), rowdot);
              wasm_v128_store(dsr + j, wasm_f32x4_mul(wasm_f32x4_mul(wasm_v128_load(pr + j), d), sv));
            }
          }
          // dq = dS K.  // [4, hd]
          for (int c = 0; c < hd; c += 8) {
            tile4x8(T, dsh + (long)i0 * T8, T8, 1, kc + c, HD8, dq + qOff + i0 * qs.row + c, qs.row, rows, hd - c < 8 ? hd - c : 8, 1.0f, 0);
          }
        }
      }
      // dk = dS^T q and dv = P^T dO over all (head, query) pairs of the group.  // [T, hd]
      for (int j0 = 0; j0 < T; j0 += 4) {
        int rows = T - j0 < 4 ? T - j0 : 4;
        for (int c = 0; c < hd; c += 8) {
          int cols = hd - c < 8 ? hd - c : 8;
          tile4x8((int)gn, ds + j0, 1, T8, qc + c, HD8, dk + kvOff + j0 * ks.row + c, ks.row, rows, cols, 1.0f, 0);
          tile4x8((int)gn, pp + j0, 1, T8, doc + c, HD8, dv + kvOff + j0 * ks.row + c, ks.row, rows, cols, 1.0f, 0);
        }
      }
    }
  }
}
