/** Append-only typed arrays that double when full: compact per-article columns for a million articles. */

type TypedArray = Int32Array | Uint32Array | Float32Array | Float64Array | Uint16Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Growable<T extends TypedArray> {
  data: T;
  length = 0;
  readonly #ctor: Ctor<T>;

  constructor(ctor: Ctor<T>, capacity = 1024) {
    this.#ctor = ctor;
    this.data = new ctor(Math.max(16, capacity));
  }

  /** Make room for `extra` more values. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.data.length) return;
    let cap = this.data.length;
    while (cap < need) cap *= 2;
    const next = new this.#ctor(cap);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  push(value: number): number {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length] = value;
    return this.length++;
  }

  /** Append all of `values`; returns the offset of the first. */
  append(values: ArrayLike<number>): number {
    this.reserve(values.length);
    const at = this.length;
    this.data.set(values as never, at);
    this.length += values.length;
    return at;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }

  view(from: number, to: number): T {
    return this.data.subarray(from, to) as T;
  }

  bytes(): number {
    return this.data.byteLength;
  }
}
