/**
 * A first-order structured perceptron over IOB2 tags: emission weights per (feature, tag), transition
 * weights per (previous tag, tag), Viterbi decoding that forbids `I-X` unless it continues an `X` span,
 * and weight averaging (the lazy "w − u/c" form) against overfitting.
 */

/** `allowed[prev * T + cur]` (prev = T for the sentence start) says whether the transition is legal in IOB2. */
export function iob2Allowed(tags: readonly string[]): Uint8Array {
  const T = tags.length;
  const allowed = new Uint8Array((T + 1) * T);
  for (let prev = 0; prev <= T; prev++) {
    for (let cur = 0; cur < T; cur++) {
      const c = tags[cur]!;
      let ok = true;
      if (c.startsWith('I-')) {
        const p = prev < T ? tags[prev]! : 'O';
        ok = p !== 'O' && p.slice(2) === c.slice(2);
      }
      allowed[prev * T + cur] = ok ? 1 : 0;
    }
  }
  return allowed;
}

/** Per tag, the tags that may precede it (ascending, as the full scan would visit them). */
const predecessors = new WeakMap<Uint8Array, Int32Array[]>();

function legalPredecessors(allowed: Uint8Array, T: number): Int32Array[] {
  let lists = predecessors.get(allowed);
  if (!lists) {
    lists = [];
    for (let t = 0; t < T; t++) {
      const prev: number[] = [];
      for (let p = 0; p < T; p++) if (allowed[p * T + t]) prev.push(p);
      lists.push(Int32Array.from(prev));
    }
    predecessors.set(allowed, lists);
  }
  return lists;
}

// Scratch rows for decoding, grown as needed: typed-array allocation costs more than a short sentence's decoding.
let scoreRows = new Float64Array(0);
let backRows = new Int32Array(0);

/** Best tag sequence given emission scores (`n × T`) and transition scores (`(T + 1) × T`, last row = start). */
export function viterbi(
  emit: ArrayLike<number>,
  n: number,
  T: number,
  trans: ArrayLike<number>,
  allowed: Uint8Array,
): number[] {
  if (n === 0) return [];
  if (scoreRows.length < n * T) {
    scoreRows = new Float64Array(Math.max(n * T, 2 * scoreRows.length));
    backRows = new Int32Array(scoreRows.length);
  }
  const score = scoreRows;
  const back = backRows;
  const before = legalPredecessors(allowed, T);
  for (let t = 0; t < T; t++) {
    score[t] = allowed[T * T + t] ? emit[t]! + trans[T * T + t]! : Number.NEGATIVE_INFINITY;
  }
  for (let i = 1; i < n; i++) {
    const prevRow = (i - 1) * T;
    for (let t = 0; t < T; t++) {
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      const legal = before[t]!;
      for (let k = 0; k < legal.length; k++) {
        const p = legal[k]!;
        const s = score[prevRow + p]! + trans[p * T + t]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[i * T + t] = best + emit[i * T + t]!;
      back[i * T + t] = arg;
    }
  }
  let last = 0;
  for (let t = 1; t < T; t++) if (score[(n - 1) * T + t]! > score[(n - 1) * T + last]!) last = t;
  const path = new Array<number>(n);
  path[n - 1] = last;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]!]!;
  return path;
}

/** A sentence as feature ids per token and gold tag ids. */
export type Example = { feats: Int32Array[]; gold: number[] };

/** Trains emission and transition weights; returns the averaged weights. */
export function trainPerceptron(
  examples: readonly Example[],
  nFeatures: number,
  T: number,
  allowed: Uint8Array,
  opts: {
    epochs: number;
    seed: number;
    onEpoch?: (epoch: number, errors: number) => void;
    /** Called after each epoch with the weights averaged so far (to follow a dev split epoch by epoch). */
    onAverage?: (epoch: number, weights: { emission: Float32Array; transition: Float64Array }) => void;
  },
): { emission: Float32Array; transition: Float64Array } {
  const w = new Float64Array(nFeatures * T);
  const u = new Float64Array(nFeatures * T);
  const tw = new Float64Array((T + 1) * T);
  const tu = new Float64Array((T + 1) * T);
  let c = 1;
  const order = examples.map((_, i) => i);
  const random = mulberry32(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    let errors = 0;
    for (const idx of order) {
      const ex = examples[idx]!;
      const n = ex.gold.length;
      const emit = emissions(ex.feats, w, T);
      const pred = viterbi(emit, n, T, tw, allowed);
      for (let i = 0; i < n; i++) {
        const g = ex.gold[i]!;
        const p = pred[i]!;
        const gp = i === 0 ? T : ex.gold[i - 1]!;
        const pp = i === 0 ? T : pred[i - 1]!;
        if (g !== p) {
          errors++;
          for (const f of ex.feats[i]!) {
            w[f * T + g]! += 1;
            u[f * T + g]! += c;
            w[f * T + p]! -= 1;
            u[f * T + p]! -= c;
          }
        }
        if (g !== p || gp !== pp) {
          tw[gp * T + g]! += 1;
          tu[gp * T + g]! += c;
          tw[pp * T + p]! -= 1;
          tu[pp * T + p]! -= c;
        }
      }
      c++;
    }
    opts.onEpoch?.(epoch + 1, errors);
    if (opts.onAverage && epoch + 1 < opts.epochs) opts.onAverage(epoch + 1, averaged());
  }
  const result = averaged();
  opts.onAverage?.(opts.epochs, result);
  return result;

  function averaged(): { emission: Float32Array; transition: Float64Array } {
    const emission = new Float32Array(nFeatures * T);
    for (let k = 0; k < emission.length; k++) emission[k] = w[k]! - u[k]! / c;
    const transition = new Float64Array((T + 1) * T);
    for (let k = 0; k < transition.length; k++) transition[k] = tw[k]! - tu[k]! / c;
    return { emission, transition };
  }
}

function emissions(feats: readonly Int32Array[], w: ArrayLike<number>, T: number): Float64Array {
  const emit = new Float64Array(feats.length * T);
  feats.forEach((fs, i) => {
    for (const f of fs) {
      const base = f * T;
      for (let t = 0; t < T; t++) emit[i * T + t]! += w[base + t]!;
    }
  });
  return emit;
}

/** Seeded PRNG so training is repeatable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(arr: T[], random: () => number): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [arr[i], arr[j]] = [arr[j]!, arr[i]!];
  }
}
