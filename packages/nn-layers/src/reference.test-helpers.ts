// Plain-JS reference implementations (loops, float64) used to check the tfjs layers.

export type Matrix = number[][];

export function matmul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)));
}

/** Linear with a tfjs-layout kernel [in, out]. */
export function linearRef(x: Matrix, kernel: Matrix, bias?: number[]): Matrix {
  return matmul(x, kernel).map((row) => row.map((v, j) => v + (bias ? bias[j]! : 0)));
}

export function rmsNormRef(x: Matrix, w: number[], eps: number): Matrix {
  return x.map((row) => {
    const ms = row.reduce((s, v) => s + v * v, 0) / row.length;
    return row.map((v, j) => (w[j]! * v) / Math.sqrt(ms + eps));
  });
}

function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function rope(vec: number[], pos: number, theta: number): number[] {
  const d = vec.length;
  const half = d / 2;
  const out = vec.slice();
  for (let i = 0; i < half; i++) {
    const t = pos * Math.pow(theta, (-2 * i) / d);
    out[i] = vec[i]! * Math.cos(t) - vec[i + half]! * Math.sin(t);
    out[i + half] = vec[i + half]! * Math.cos(t) + vec[i]! * Math.sin(t);
  }
  return out;
}

export interface AttentionWeights {
  q: Matrix; qb?: number[]; k: Matrix; kb?: number[]; v: Matrix; vb?: number[]; o: Matrix;
}

/** One sequence [n, hidden] through GQA, PyTorch-style: repeat_interleave of kv heads. */
export function attentionRef(x: Matrix, w: AttentionWeights, nQ: number, nKv: number, theta: number, causal: boolean): Matrix {
  const q = linearRef(x, w.q, w.qb);
  const k = linearRef(x, w.k, w.kb);
  const v = linearRef(x, w.v, w.vb);
  const hd = q[0]!.length / nQ;
  const g = nQ / nKv;
  const n = x.length;
  const context: Matrix = x.map(() => new Array<number>(nQ * hd).fill(0));
  for (let h = 0; h < nQ; h++) {
    const kvHead = Math.floor(h / g);
    const qh = q.map((row, i) => rope(row.slice(h * hd, (h + 1) * hd), i, theta));
    const kh = k.map((row, i) => rope(row.slice(kvHead * hd, (kvHead + 1) * hd), i, theta));
    const vh = v.map((row) => row.slice(kvHead * hd, (kvHead + 1) * hd));
    for (let i = 0; i < n; i++) {
      const scores = kh.map((kr, j) => (causal && j > i ? -Infinity : qh[i]!.reduce((s, a, t) => s + a * kr[t]!, 0) / Math.sqrt(hd)));
      const p = softmax(scores);
      for (let t = 0; t < hd; t++) context[i]![h * hd + t] = p.reduce((s, pj, j) => s + pj * vh[j]![t]!, 0);
    }
  }
  return linearRef(context, w.o);
}
