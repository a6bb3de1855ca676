/**
 * 32-bit hashing for fingerprints and hash tables. Plain integer arithmetic (Math.imul) so every
 * process, worker and rebuild computes the same values: placement must be deterministic.
 */

/** FNV-1a over the UTF-16 code units of `s`. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** murmur3's finalizer: a bijection on 32 bits that spreads every input bit over the output. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Order-dependent combination of two hashes (for n-grams and band keys). */
export function combine(h: number, x: number): number {
  return mix32((Math.imul(h, 0x9e3779b1) ^ x) >>> 0);
}
