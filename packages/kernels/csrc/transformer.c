// Fused transformer ops and their gradients; shapes are row-major, pointers are byte offsets
// in the tfjs heap. Each function is the body of one tfjs kernel (see src/ops/*.ts).
#include "common.h"

// expf/sqrtf without libc: sqrt is a wasm instruction; exp by range reduction + polynomial.
static inline f32 exp_approx(f32 x) {
  if (x < -87.0f) return 0.0f;
  if (x > 88.0f) x = 88.0f;
  // x = n ln2 + r, |r| <= ln2/2; e^r by a degree-6 Taylor polynomial (rel. error ~2e-7).
  f32 t = x * 1.44269504088896341f;
  f32 n = (f32)(int)(t + (t >= 0.0f ? 0.5f : -0.5f));
  f32 r = x - n * 0.693145751953125f - n * 1.42860682030941723212e-6f;
  f32 p = 1.0f + r * (1.0f + r * (0.5f + r * (0.16666667f + r * (0.041666668f + r * (0.008333334f + r * 0.0013888889f)))));
  union { f32 f; int i; } scale;
  scale.i = ((int)n + 127) << 23;
  return p * scale.f;
}

static inline f32 sigmoid(f32 x) { return 1.0f / (1.0f + exp_approx(-x)); }

// ---- RoPE, rotate_half form: y = x*cos + rotate_half(x)*sin over vectors of length hd ----
// x, y: [outer, n, inner, hd] (head-major [B*h, n, 1, hd] or token-major [B, n, h, hd]);
// cos, sin: [n, hd]. sign = -1 applies the transpose (the gradient).
EXPORT(rotary)
void rotary(const f32 *x, const f32 *cos, const f32 *sin, f32 *y, int outer, int n, int inner, int hd, f32 sign) {
  int half = hd / 2;
  for (int o = 0; o < outer; o++) {
    for (int t = 0; t < n; t++) {
      const f32 *c = cos + t * hd;
      const f32 *s = sin + t * hd;
      for (int e = 0; e < inner; e++) {
        long base = (((long)o * n + t) * inner + e) * hd;
        const f32 *xr = x + base;
        f32 *yr = y + base;
        if (sign > 0) {
          // rotate_half(x)[i] = -x[i+half], rotate_half(x)[i+half] = x[i]
          for (int i = 0; i < half; i++) {
            yr[i] = xr[i] * c[i] - xr[i + half] * s[i];
            yr[i + half] = xr[i + half] * c[i + half] + xr[i] * s[i + half];
          }
        } else {
          // The transpose (gradient): dy*cos - rotate_half(dy*sin).
          for (int i = 0; i < half; i++) {
            yr[i] = xr[i] * c[i] + xr[i + half] * s[i + half];
            yr[i + half] = xr[i + half] * c[i + half] - xr[i] * s[i];
          }
        }
      }
    }
  }
}

// ---- RMSNorm over the last axis: y = w * x * r, r = 1/sqrt(mean(x^2) + eps) ----
EXPORT(rms_norm) void rms_norm(const f32 *x, const f32 *w, f32 *y, f32 *r_out, int rows, int d, f32 eps) {
  for (int i = 0; i < rows; i++) {
    const f32 *xr = x + (long)i * d;
    f32 *yr = y + (long)i * d;
    f32 ss = 0.0f;
    for (int j = 0; j < d; j++) ss += xr[j] * xr[j];
    f32 r = 1.0f / __builtin_sqrtf(ss / (f32)d + eps);
    r_out[i] = r;
    for (int j = 0; j < d; j++) yr[j] = w[j] * (xr[j] * r);
  }
}

// dx = r*g - x * r^3 * mean(g*x), g = dy*w;  dw = sum_rows dy * x * r
EXPORT(rms_norm_grad)
void rms_norm_grad(const f32 *dy, const f32 *x, const f32 *w, const f32 *r_in, f32 *dx, f32 *dw, int rows, int d) {
  for (int j = 0; j < d; j++) dw[j] = 0.0f;
  for (int i = 0; i < rows; i++) {
    const f32 *xr = x + (long)i * d;
    const f32 *dyr = dy + (long)i * d;
    f32 *dxr = dx + (long)i * d;
    f32 r = r_in[i];
    f32 dot = 0.0f;
    for (int j = 0; j < d; j++) dot += dyr[j] * w[j] * xr[j];
    f32 coef = r * r * r * dot / (f32)d;
    for (int j = 0; j < d; j++) {
      dxr[j] = r * dyr[j] * w[j] - xr[j] * coef;
      dw[j] += dyr[j] * xr[j] * r;
    }
  }
}

// ---- SwiGLU activation: h = silu(g) * u ----
static inline v128_t exp4(v128_t x);

// sigmoid for 4 lanes: 1 / (1 + e^-x)
static inline v128_t sigmoid4(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, exp4(wasm_f32x4_neg(x))));
}

EXPORT(swiglu) void swiglu(const f32 *g, const f32 *u, f32 *h, int size) {
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    v128_t gv = wasm_v128_load(g + i);
    wasm_v128_store(h + i, wasm_f32x4_mul(wasm_f32x4_mul(gv, sigmoid4(gv)), wasm_v128_load(u + i)));
  }
  for (; i < size; i++) {
    f32 s = sigmoid(g[i]);
    h[i] = g[i] * s * u[i];
  }
}

EXPORT(swiglu_grad) void swiglu_grad(const f32 *dh, const f32 *g, const f32 *u, f32 *dg, f32 *du, int size) {
  int i = 0;
  v128_t one = wasm_f32x4_splat(1.0f);
  for (; i + 4 <= size; i += 4) {
    v128_t gv = wasm_v128_load(g + i);
    v128_t dhv = wasm_v128_load(dh + i);
    v128_t s = sigmoid4(gv);
    wasm_v128_store(du + i, wasm_f32x4_mul(dhv, wasm_f32x4_mul(gv, s)));
    // d silu / dg = s * (1 + g * (1 - s))
    v128_t dsilu = wasm_f32x4_mul(s, wasm_f32x4_add(one, wasm_f32x4_mul(gv, wasm_f32x4_sub(one, s))));
    wasm_v128_store(dg + i, wasm_f32x4_mul(wasm_f32x4_mul(dhv, wasm_v128_load(u + i)), dsilu));
  }
  for (; i < size; i++) {
    f32 s = sigmoid(g[i]);
    f32 silu = g[i] * s;
    du[i] = dh[i] * silu;
    dg[i] = dh[i] * u[i] * s * (1.0f + g[i] * (1.0f - s));
  }
}

// ---- Grouped-query attention core ----
// q: [B, hq, n, hd]; k, v: [B, hkv, T, hd]; out: [B, hq, n, hd]; probs: [B, hq, n, T].
// Query head h uses kv head h / (hq/hkv). causal: query i (position offset+i) sees keys <= offset+i.
// SIMD layout: scores are computed 4 keys at a time from K transposed ([hd][T4], T4 = T rounded
// up to 4, zero-padded) and head vectors are updated 4 features at a time when hd % 4 == 0.

static inline v128_t exp4(v128_t x) {
  // e^x for 4 lanes, as exp_approx: x = n ln2 + r, degree-6 polynomial in r, times 2^n.
  x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f));
  x = wasm_f32x4_min(x, wasm_f32x4_splat(88.0f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693145751953125f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(1.42860682030941723212e-6f)));
  v128_t p = wasm_f32x4_splat(0.0013888889f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.008333334f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.041666668f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.16666667f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, scale);
}

// acc[0..hd) += w * x[0..hd)
static inline void axpy(f32 *acc, f32 w, const f32 *x, int hd) {
  if ((hd & 3) == 0) {
    v128_t wv = wasm_f32x4_splat(w);
    for (int c = 0; c < hd; c += 4) {
      wasm_v128_store(acc + c, madd(wv, wasm_v128_load(x + c), wasm_v128_load(acc + c)));
    }
  } else {
    for (int c = 0; c < hd; c++) acc[c] += w * x[c];
  }
}

// s[0..T4) = sum_c x[c] * mt[c][0..T4)  (mt: a transposed, padded K or V). Four keys per
// vector, the accumulator kept in a register across the hd products.
static inline void row_times_transposed(f32 *s, const f32 *x, const f32 *mt, int T4, int hd) {
  for (int j = 0; j < T4; j += 4) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    const f32 *col = mt + j;
    for (int c = 0; c < hd; c++) {
      acc = madd(wasm_v128_load32_splat(x + c), wasm_v128_load(col + c * T4), acc);
    }
    wasm_v128_store(s + j, acc);
  }
}

// out[0..hd) (+)= sum_{j < T} w[j] * rows[j][0..hd) (rows `ld` apart), accumulating in
// registers for the usual head sizes (a compile-time HD4 = hd / 4 keeps them unspilled).
static inline __attribute__((always_inline)) void weighted_rows_fixed(f32 *out, const f32 *w, const f32 *rows, long ld, int T,
                                                                      int HD4, int accumulate) {
  v128_t acc[8];
  for (int q = 0; q < HD4; q++) acc[q] = accumulate ? wasm_v128_load(out + 4 * q) : wasm_f32x4_splat(0.0f);
  for (int j = 0; j < T; j++) {
    v128_t wj = wasm_v128_load32_splat(w + j);
    const f32 *row = rows + j * ld;
    for (int q = 0; q < HD4; q++) acc[q] = madd(wj, wasm_v128_load(row + 4 * q), acc[q]);
  }
  for (int q = 0; q < HD4; q++) wasm_v128_store(out + 4 * q, acc[q]);
}

static void weighted_rows(f32 *out, const f32 *w, const f32 *rows, long ld, int T, int hd, int accumulate) {
  switch (hd) {
    case 4: weighted_rows_fixed(out, w, rows, ld, T, 1, accumulate); return;
    case 8: weighted_rows_fixed(out, w, rows, ld, T, 2, accumulate); return;
    case 12: weighted_rows_fixed(out, w, rows, ld, T, 3, accumulate); return;
    case 16: weighted_rows_fixed(out, w, rows, ld, T, 4, accumulate); return;
    case 32: weighted_rows_fixed(out, w, rows, ld, T, 8, accumulate); return;
    default:
      if (!accumulate) for (int c = 0; c < hd; c++) out[c] = 0.0f;
      for (int j = 0; j < T; j++) axpy(out, w[j], rows + j * ld, hd);
  }
}

// Scratch floats attention and attention_grad need (16-byte aligned).
EXPORT(attention_scratch_floats) int attention_scratch_floats(int n, int T, int hd) {
  int T4 = (T + 3) & ~3;
  int forward = hd * T4 + 2 * T4 + T * hd;
  int backward = hd * T4 + T4 + 3 * n * T + T * hd;
  return forward > backward ? forward : backward;
}

// Element strides of a [B, heads, len, hd] view: head-major memory [B, heads, len, hd] or
// token-major memory [B, len, heads*hd] (the projections' own layout: no transposes needed).
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

EXPORT(attention)
void attention(const f32 *q, const f32 *k, const f32 *v, f32 *out, f32 *probs, int B, int hq, int hkv, int n, int T,
               int hd, f32 scale, int causal, int offset, int token_major, f32 *scratch) {
  int groups = hq / hkv;
  int T4 = (T + 3) & ~3;
  f32 *kt = scratch;
  f32 *s = scratch + hd * T4;
  f32 *vc = s + T4; // v of one kv head, contiguous [T, hd]
  strides_t qs = strides_of(token_major, hq, n, hd);
  strides_t ks = strides_of(token_major, hkv, T, hd);
  for (int b = 0; b < B; b++) {
    for (int kvh = 0; kvh < hkv; kvh++) {
      const f32 *kh = k + b * ks.batch + kvh * ks.head;
      const f32 *vh0 = v + b * ks.batch + kvh * ks.head;
      for (int c = 0; c < hd; c++) {
        f32 *row = kt + c * T4;
        for (int j = 0; j < T; j++) row[j] = kh[j * ks.row + c];
        for (int j = T; j < T4; j++) row[j] = 0.0f;
      }
      for (int j = 0; j < T; j++) {
        for (int c = 0; c < hd; c++) vc[j * hd + c] = vh0[j * ks.row + c];
      }
      const f32 *vh = vc;
      for (int h = kvh * groups; h < (kvh + 1) * groups; h++) {
        const f32 *qh = q + b * qs.batch + h * qs.head;
        f32 *oh = out + b * qs.batch + h * qs.head;
        f32 *ph = probs + ((long)b * hq + h) * n * T;
        for (int i = 0; i < n; i++) {
          int visible = causal ? offset + i + 1 : T;
          if (visible > T) visible = T;
          row_times_transposed(s, qh + i * qs.row, kt, T4, hd);
          f32 max = -3.0e38f;
          for (int j = 0; j < visible; j++) {
            s[j] *= scale;
            if (s[j] > max) max = s[j];
          }
          // Lanes past `visible` become exp(-inf-ish) = 0 and are overwritten below anyway.
          for (int j = visible; j < T4; j++) s[j] = -1.0e30f;
          v128_t mv = wasm_f32x4_splat(max);
          v128_t sumv = wasm_f32x4_splat(0.0f);
          for (int j = 0; j < T4; j += 4) {
            v128_t e = exp4(wasm_f32x4_sub(wasm_v128_load(s + j), mv));
            wasm_v128_store(s + j, e);
            sumv = wasm_f32x4_add(sumv, e);
          }
          f32 sum = wasm_f32x4_extract_lane(sumv, 0) + wasm_f32x4_extract_lane(sumv, 1) +
                    wasm_f32x4_extract_lane(sumv, 2) + wasm_f32x4_extract_lane(sumv, 3);
          f32 inv = 1.0f / sum;
          f32 *pi = ph + (long)i * T;
          for (int j = 0; j < T; j++) pi[j] = j < visible ? s[j] * inv : 0.0f;
          weighted_rows(oh + i * qs.row, pi, vh, hd, visible, hd, 0);
        }
      }
    }
  }
}

// Gradients of attention: dP = dO v^T; dS = P * (dP - rowsum(dP * P)); dq = scale dS k;
// dk = scale dS^T q; dv = P^T dO. dk/dv accumulate over the query heads of a group.
EXPORT(attention_grad)
void attention_grad(const f32 *dout, const f32 *q, const f32 *k, const f32 *v, const f32 *probs, f32 *dq, f32 *dk,
                    f32 *dv, int B, int hq, int hkv, int n, int T, int hd, f32 scale, int token_major, f32 *scratch) {
  int groups = hq / hkv;
  int T4 = (T + 3) & ~3;
  f32 *vt = scratch;             // [hd][T4]: V transposed
  f32 *dp = vt + hd * T4;        // [T4]: one row of dP
  f32 *ds = dp + T4;             // [n][T]: dS of one query head
  f32 *dst = ds + n * T;         // [T][n]: dS transposed
  f32 *pt = dst + T * n;         // [T][n]: P transposed
  f32 *kc = pt + T * n;          // [T][hd]: K of the kv head, contiguous
  strides_t qs = strides_of(token_major, hq, n, hd);
  strides_t ks = strides_of(token_major, hkv, T, hd);
  for (int b = 0; b < B; b++) {
    for (int kvh = 0; kvh < hkv; kvh++) {
      long kvOff = b * ks.batch + kvh * ks.head;
      const f32 *kh = k + kvOff;
      const f32 *vh = v + kvOff;
      for (int c = 0; c < hd; c++) {
        f32 *row = vt + c * T4;
        for (int j = 0; j < T; j++) row[j] = vh[j * ks.row + c];
        for (int j = T; j < T4; j++) row[j] = 0.0f;
      }
      for (int j = 0; j < T; j++) {
        for (int c = 0; c < hd; c++) kc[j * hd + c] = kh[j * ks.row + c];
      }
      for (int h = kvh * groups; h < (kvh + 1) * groups; h++) {
        const f32 *qh = q + b * qs.batch + h * qs.head;
        const f32 *doh = dout + b * qs.batch + h * qs.head;
        const f32 *ph = probs + ((long)b * hq + h) * n * T;
        f32 *dqh = dq + b * qs.batch + h * qs.head;
        int first = h == kvh * groups; // the first query head of the group initialises dk, dv
        // dS = P * (dP - rowsum(dP * P)) * scale, dP = dO V^T; then dq = dS K.
        for (int i = 0; i < n; i++) {
          const f32 *pi = ph + (long)i * T;
          row_times_transposed(dp, doh + i * qs.row, vt, T4, hd);
          f32 rowdot = 0.0f;
          for (int j = 0; j < T; j++) rowdot += dp[j] * pi[j];
          f32 *dsi = ds + i * T;
          for (int j = 0; j < T; j++) dsi[j] = pi[j] * (dp[j] - rowdot) * scale;
          weighted_rows(dqh + i * qs.row, dsi, kc, hd, T, hd, 0);
        }
        // dk_j = sum_i dS[i][j] q_i and dv_j = sum_i P[i][j] dO_i, over the group's query heads.
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < T; j++) {
            dst[j * n + i] = ds[i * T + j];
            pt[j * n + i] = ph[(long)i * T + j];
          }
        }
        for (int j = 0; j < T; j++) {
          weighted_rows(dk + kvOff + j * ks.row, dst + j * n, qh, qs.row, n, hd, !first);
          weighted_rows(dv + kvOff + j * ks.row, pt + j * n, doh, qs.row, n, hd, !first);
        }
      }
    }
  }
}

// ---- Linear: y = x W + b; gradients dx = dy W^T, dW = x^T dy, db = column sums of dy ----
EXPORT(column_sums) void column_sums(const f32 *x, f32 *out, int rows, int cols) {
  for (int j = 0; j < cols; j++) out[j] = 0.0f;
  for (int i = 0; i < rows; i++) {
    const f32 *row = x + (long)i * cols;
    int j = 0;
    if ((cols & 3) == 0) {
      for (; j < cols; j += 4) wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_v128_load(row + j)));
    }
    for (; j < cols; j++) out[j] += row[j];
  }
}

// ---- AdamW (PyTorch): p' = p(1 - lr wd) - step * m' / (sqrt(v')/bc2 + eps) ----
// Same operation order as the unfused tfjs code in @llmnist/train, in float32.
EXPORT(adamw)
void adamw(const f32 *p, const f32 *g, const f32 *m, const f32 *v, f32 *p_out, f32 *m_out, f32 *v_out, int size,
           f32 decay, f32 b1, f32 one_minus_b1, f32 b2, f32 one_minus_b2, f32 bc2_sqrt, f32 eps, f32 step_size) {
  for (int i = 0; i < size; i++) {
    f32 gi = g[i];
    f32 mn = m[i] * b1 + gi * one_minus_b1;
    f32 vn = v[i] * b2 + (gi * gi) * one_minus_b2;
    f32 denom = __builtin_sqrtf(vn) / bc2_sqrt + eps;
    p_out[i] = p[i] * decay - (mn / denom) * step_size;
    m_out[i] = mn;
    v_out[i] = vn;
  }
}
