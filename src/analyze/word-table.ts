/**
 * A number per distinct word, kept in an array indexed by the analyzer's memo numbers (`TokenIds`): a hot
 * loop that works something out per word reads it back with one array load instead of a Map lookup on the
 * word's string. Emptied when the analyzer's memo starts over (a new epoch) or on `clear`.
 */
import { MEMO_SIZE } from '../text/analyzer.ts';

export class WordTable {
  private values: Int32Array | null = null;
  private epoch = -1;

  /** The table for numbers of `epoch`: entry `id` holds the value + 1, 0 when not yet known. */
  of(epoch: number): Int32Array {
    if (this.values === null) this.values = new Int32Array(MEMO_SIZE);
    else if (epoch !== this.epoch) this.values.fill(0);
    this.epoch = epoch;
    return this.values;
  }

  clear(): void {
    this.values?.fill(0);
  }
}
