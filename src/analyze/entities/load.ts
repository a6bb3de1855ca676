/**
 * Reading model files. The shipped model is read once, on first use, and kept: analysis stays free of I/O
 * after that.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ModelFile, TaggerModel } from './model.ts';
import { fromModelFile } from './model.ts';

/** Where `naba train entities` writes and the run time reads the model. */
export const SHIPPED_MODEL_PATH = new URL('../../../models/entities.model.json.gz', import.meta.url);

let shipped: TaggerModel | undefined;

/** Reads a model file (gzipped JSON when the name ends in `.gz`). */
export function readModelFile(path: string | URL): TaggerModel {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new Error(`entities: cannot read model ${String(path)} (${(error as Error).message})`);
  }
  const text = String(path).endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return fromModelFile(JSON.parse(text) as ModelFile);
}

export function loadShippedModel(): TaggerModel {
  shipped ??= readModelFile(SHIPPED_MODEL_PATH);
  return shipped;
}
