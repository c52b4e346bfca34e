// Single-precision matrix multiply for the tfjs wasm backend, with 128-bit SIMD.
//
// The module imports tfjs-backend-wasm's own memory, so tensors are read and written
// where tfjs keeps them (no copies). It must therefore own no memory itself: no static
// data, and no shadow stack beyond what the caller hands over (see kernels.ts).
//
// C[M,N] = op(A)[M,K] * op(B)[K,N], op = optional transpose; row-major throughout.
#include "common.h"
#include "tile.h"

#define MR 4
#define NR 8


// Copies an MR-row panel of a transposed A (op(A)[i,k] = A[k,i], A rows lda apart) starting
// at row i0 into pack[K][MR], zero-padding rows past M. Only worth it for long K: the
// micro-kernel can read op(A) in place, but then each k touches another row of A, and past a
// few hundred rows those stop fitting in L1.
static void pack_a_transposed(const f32 *a, int lda, int M, int K, int i0, f32 *pack) {
  int rows = M - i0 < MR ? M - i0 : MR;
  for (int k = 0; k < K; k++) {
    const f32 *src = a + k * lda + i0;
    for (int r = 0; r < MR; r++) pack[k * MR + r] = r < rows ? src[r] : 0.0f;
  }
}

// K from which a transposed A is packed (measured: 544 reads in place faster, 1600 packed).
#define PACK_A_MIN_K 1024

// Copies an NR-column panel of op(B) starting at column j0 into pack[K][NR], zero-padding.
static void pack_b(const f32 *b, int trans_b, int N, int K, int j0, f32 *pack) {
  int cols = N - j0 < NR ? N - j0 : NR;
  if (!trans_b) {
    for (int k = 0; k < K; k++) {
      const f32 *src = b + k * N + j0;
      for (int c = 0; c < NR; c++) pack[k * NR + c] = c < cols ? src[c] : 0.0f;
    }
  } else {
    // op(B)[k,j] = B[j,k]
    for (int c = 0; c < NR; c++) {
      if (c < cols) {
        const f32 *src = b + (j0 + c) * K;
        for (int k = 0; k < K; k++) pack[k * NR + c] = src[k];
      } else {
        for (int k = 0; k < K; k++) pack[k * NR + c] = 0.0f;
      }
    }
  }
}

// Floats of scratch sgemm needs: one packed A panel plus op(B) packed whole.
EXPORT(sgemm_scratch_floats) int sgemm_scratch_floats(int M, int N, int K) {
  int panels = (N + NR - 1) / NR;
  return K * MR + panels * K * NR;
}

// C = op(A) op(B) (+ bias[N]) for a block of rows: A as stored has rows lda apart (a whole
// matrix: K, or M when transposed), so rows [m0, m0+M) of a larger product are a + m0*lda
// (or a + m0 when transposed). scratch: sgemm_scratch_floats(M, N, K) floats, 16-byte aligned.
EXPORT(sgemm_rows)
void sgemm_rows(int M, int N, int K, const f32 *a, int lda, int trans_a, const f32 *b, int trans_b, f32 *c,
                const f32 *bias, f32 *scratch) {
  f32 *pa = scratch;
  f32 *pb = scratch + K * MR;
  int panels = (N + NR - 1) / NR;
  // Pack op(B) into NR-wide column panels once; reused by every row panel.
  for (int p = 0; p < panels; p++) pack_b(b, trans_b, N, K, p * NR, pb + p * K * NR);
  for (int i0 = 0; i0 < M; i0 += MR) {
    int rows = M - i0 < MR ? M - i0 : MR;
    // op(A)'s rows i0.. in place: row-major A has them lda apart, a transposed A has them
    // adjacent and each k lda further on; a long transposed K is packed first.
    const f32 *ai = trans_a ? a + i0 : a + (long)i0 * lda;
    long ars = trans_a ? 1 : lda, aks = trans_a ? lda : 1;
    if (trans_a && K >= PACK_A_MIN_K) {
      pack_a_transposed(a, lda, M, K, i0, pa);
      ai = pa, ars = 1, aks = MR;
    }
    for (int p = 0; p < panels; p++) {
      int j0 = p * NR;
      int cols = N - j0 < NR ? N - j0 : NR;
      tile4x8(K, ai, ars, aks, pb + p * K * NR, NR, c + i0 * N + j0, N, rows, cols, 1.0f, bias ? bias + j0 : 0);
    }
  }
}

// C = op(A) op(B) (+ bias[N]), whole matrices. scratch: sgemm_scratch_floats(M, N, K) floats.
EXPORT(sgemm) void sgemm(int M, int N, int K, const f32 *a, int trans_a, const f32 *b, int trans_b, f32 *c, const f32 *bias,
                         f32 *scratch) {
  sgemm_rows(M, N, K, a, trans_a ? M : K, trans_a, b, trans_b, c, bias, scratch);
}
