// Fused transformer ops and their gradients; shapes are row-major, pointers are byte offsets
// in the tfjs heap. Each function is the body of one tfjs kernel (see src/ops/*.ts).
#include "common.h"
#include "simd-math.h"

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
  int half4 = half & ~3; // the lanes done 4 at a time; the rest (half % 4) one by one
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
          for (int i = 0; i < half4; i += 4) {
            v128_t lo = wasm_v128_load(xr + i), hi = wasm_v128_load(xr + i + half);
            wasm_v128_store(yr + i, wasm_f32x4_sub(wasm_f32x4_mul(lo, wasm_v128_load(c + i)), wasm_f32x4_mul(hi, wasm_v128_load(s + i))));
            wasm_v128_store(yr + i + half, wasm_f32x4_add(wasm_f32x4_mul(hi, wasm_v128_load(c + i + half)),
                                                          wasm_f32x4_mul(lo, wasm_v128_load(s + i + half))));
          }
          for (int i = half4; i < half; i++) {
            yr[i] = xr[i] * c[i] - xr[i + half] * s[i];
            yr[i + half] = xr[i + half] * c[i + half] + xr[i] * s[i + half];
          }
        } else {
          // The transpose (gradient): dy*cos - rotate_half(dy*sin).
          for (int i = 0; i < half4; i += 4) {
            v128_t lo = wasm_v128_load(xr + i), hi = wasm_v128_load(xr + i + half);
            wasm_v128_store(yr + i, wasm_f32x4_add(wasm_f32x4_mul(lo, wasm_v128_load(c + i)),
                                                   wasm_f32x4_mul(hi, wasm_v128_load(s + i + half))));
            wasm_v128_store(yr + i + half, wasm_f32x4_sub(wasm_f32x4_mul(hi, wasm_v128_load(c + i + half)),
                                                          wasm_f32x4_mul(lo, wasm_v128_load(s + i))));
          }
          for (int i = half4; i < half; i++) {
            yr[i] = xr[i] * c[i] + xr[i + half] * s[i + half];
            yr[i + half] = xr[i + half] * c[i + half] - xr[i] * s[i];
          }
        }
      }
    }
  }
}

// sum_j a[j] * b[j] (* c[j] when c is given): four lanes, then the tail.
static inline f32 dot(const f32 *a, const f32 *b, const f32 *c, int d) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  int j = 0;
  for (; j + 4 <= d; j += 4) {
    v128_t ab = wasm_f32x4_mul(wasm_v128_load(a + j), wasm_v128_load(b + j));
    acc = c ? madd(ab, wasm_v128_load(c + j), acc) : wasm_f32x4_add(acc, ab);
  }
  f32 sum = hsum4(acc);
  for (; j < d; j++) sum += c ? a[j] * b[j] * c[j] : a[j] * b[j];
  return sum;
}

// ---- RMSNorm over the last axis: y = w * x * r, r = 1/sqrt(mean(x^2) + eps) ----
EXPORT(rms_norm) void rms_norm(const f32 *x, const f32 *w, f32 *y, f32 *r_out, int rows, int d, f32 eps) {
  for (int i = 0; i < rows; i++) {
    const f32 *xr = x + (long)i * d;
    f32 *yr = y + (long)i * d;
    f32 r = 1.0f / __builtin_sqrtf(dot(xr, xr, 0, d) / (f32)d + eps);
    r_out[i] = r;
    v128_t rv = wasm_f32x4_splat(r);
    int j = 0;
    for (; j + 4 <= d; j += 4) wasm_v128_store(yr + j, wasm_f32x4_mul(wasm_v128_load(w + j), wasm_f32x4_mul(wasm_v128_load(xr + j), rv)));
    for (; j < d; j++) yr[j] = w[j] * (xr[j] * r);
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
    f32 coef = r * r * r * dot(dyr, w, xr, d) / (f32)d;
    v128_t rv = wasm_f32x4_splat(r), cv = wasm_f32x4_splat(coef);
    int j = 0;
    for (; j + 4 <= d; j += 4) {
      v128_t dyv = wasm_v128_load(dyr + j), xv = wasm_v128_load(xr + j);
      wasm_v128_store(dxr + j, wasm_f32x4_sub(wasm_f32x4_mul(wasm_f32x4_mul(rv, dyv), wasm_v128_load(w + j)), wasm_f32x4_mul(xv, cv)));
      wasm_v128_store(dw + j, madd(wasm_f32x4_mul(dyv, xv), rv, wasm_v128_load(dw + j)));
    }
    for (; j < d; j++) {
      dxr[j] = r * dyr[j] * w[j] - xr[j] * coef;
      dw[j] += dyr[j] * xr[j] * r;
    }
  }
}

// ---- SwiGLU activation: h = silu(g) * u ----
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
