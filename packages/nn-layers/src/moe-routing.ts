/**
 * Where a mixture of experts sends its tokens, decided in plain JavaScript from the router's
 * probabilities (the decisions are discrete; the gate values stay tensors in the layer).
 */

export interface MoERouting {
  tokens: number;
  numExperts: number;
  topK: number;
  /** Expert of token t's r-th choice at `[t * topK + r]`, best first (ties go to the lower index). */
  choices: Int32Array;
  /** 1 where that assignment fits in its expert's capacity, 0 where it is dropped; same positions. */
  kept: Uint8Array;
  /** Assignments an expert accepts, or null for no limit. */
  capacity: number | null;
  /** Assignments chosen per expert, before the capacity limit. */
  selectedCounts: number[];
  /** Assignments per expert that fit in its capacity (what it computes). */
  keptCounts: number[];
}

/** What one forward pass of a mixture of experts did, as numbers for logging. */
export interface MoERoutingStats {
  /** Tokens routed (all leading axes of the input flattened). */
  tokens: number;
  /** f_i: the fraction of the tokens' top-k assignments chosen for expert i (sums to 1). */
  expertLoad: number[];
  /** P_i: the mean router probability of expert i over the tokens (sums to 1). */
  routerProbability: number[];
  /** The fraction of assignments dropped by the capacity limit (0 without one). */
  droppedFraction: number;
  /** Assignments an expert accepts, or null for no limit. */
  capacity: number | null;
  /** The load-balancing loss `alpha * E * sum_i f_i * P_i` of this pass. */
  auxiliaryLoss: number;
}

/** `ceil(capacityFactor * tokens * topK / numExperts)`: the assignments one expert accepts. */
export function expertCapacity(tokens: number, numExperts: number, topK: number, capacityFactor: number): number {
  return Math.ceil((capacityFactor * tokens * topK) / numExperts);
}

/**
 * Top-k routing of `tokens` rows of router probabilities (`probs[t * E + i]`), with an optional
 * capacity: assignments are admitted first choices first (every token's first choice in token
 * order, then every second choice, ...), and an expert that is full drops the rest, as in GShard.
 */
export function routeTokens(probs: ArrayLike<number>, tokens: number, numExperts: number, topK: number, capacityFactor?: number | null): MoERouting {
  const E = numExperts;
  if (probs.length !== tokens * E) throw new Error(`routeTokens: expected ${tokens} x ${E} = ${tokens * E} probabilities, got ${probs.length}`);
  const choices = new Int32Array(tokens * topK);
  const taken = new Uint8Array(E);
  const selectedCounts = new Array<number>(E).fill(0);
  for (let t = 0; t < tokens; t++) {
    taken.fill(0);
    for (let r = 0; r < topK; r++) {
      // The best expert not taken yet; the first untaken one wins ties (and NaN rows).
      let best = taken.indexOf(0);
      for (let i = best + 1; i < E; i++) if (taken[i] === 0 && probs[t * E + i]! > probs[t * E + best]!) best = i;
      taken[best] = 1;
      choices[t * topK + r] = best;
      selectedCounts[best]! += 1;
    }
  }
  const capacity = capacityFactor == null ? null : expertCapacity(tokens, E, topK, capacityFactor);
  const kept = new Uint8Array(tokens * topK);
  const keptCounts = new Array<number>(E).fill(0);
  for (let r = 0; r < topK; r++) {
    for (let t = 0; t < tokens; t++) {
      const e = choices[t * topK + r]!;
      if (capacity !== null && keptCounts[e]! >= capacity) continue;
      kept[t * topK + r] = 1;
      keptCounts[e]! += 1;
    }
  }
  return { tokens, numExperts: E, topK, choices, kept, capacity, selectedCounts, keptCounts };
}

/** f_i, P_i, the dropped fraction and the load-balancing loss of a routing (float64). */
export function routingStats(routing: MoERouting, probs: ArrayLike<number>, auxLossWeight: number): MoERoutingStats {
  const { tokens, numExperts: E, topK } = routing;
  const assignments = tokens * topK;
  const expertLoad = routing.selectedCounts.map((n) => n / assignments);
  const routerProbability = new Array<number>(E).fill(0);
  for (let t = 0; t < tokens; t++) for (let i = 0; i < E; i++) routerProbability[i]! += probs[t * E + i]! / tokens;
  const kept = routing.keptCounts.reduce((a, b) => a + b, 0);
  const balance = expertLoad.reduce((sum, f, i) => sum + f * routerProbability[i]!, 0);
  return {
    tokens,
    expertLoad,
    routerProbability,
    droppedFraction: (assignments - kept) / assignments,
    capacity: routing.capacity,
    auxiliaryLoss: auxLossWeight * E * balance,
  };
}

/**
 * Dense `[tokens, E]` 0/1 masks of the routing: `selected` marks every token's top-k experts,
 * `kept` those that fit in capacity (equal to `selected` without a limit).
 */
export function routingMasks(routing: MoERouting): { selected: Float32Array; kept: Float32Array } {
  const { tokens, numExperts: E, topK } = routing;
  const selected = new Float32Array(tokens * E);
  const kept = new Float32Array(tokens * E);
  for (let t = 0; t < tokens; t++) {
    for (let r = 0; r < topK; r++) {
      const e = routing.choices[t * topK + r]!;
      selected[t * E + e] = 1;
      kept[t * E + e] = routing.kept[t * topK + r]!;
    }
  }
  return { selected, kept };
}

/** Per expert, the tokens it computes (kept assignments), in token order. */
export function tokensPerExpert(routing: MoERouting): Int32Array[] {
  const { tokens, numExperts: E, topK } = routing;
  const lists = routing.keptCounts.map((n) => new Int32Array(n));
  const filled = new Array<number>(E).fill(0);
  for (let t = 0; t < tokens; t++) {
    for (let r = 0; r < topK; r++) {
      if (routing.kept[t * topK + r] === 0) continue;
      const e = routing.choices[t * topK + r]!;
      lists[e]![filled[e]!++] = t;
    }
  }
  return lists;
}
