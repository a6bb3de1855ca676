/** Reading and writing the stored section model (gzipped JSON): the only file I/O of the section classifier. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeModel, encodeModel, type SectionModel } from './model.ts';

/** The shipped model, trained by `naba train sections`. */
export const SHIPPED_MODEL_PATH = fileURLToPath(
  new URL('../../../models/sections.model.json.gz', import.meta.url),
);

export function loadSectionModel(path: string = SHIPPED_MODEL_PATH): SectionModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(
      `sections: cannot read model ${path} (run \`naba train sections\`): ${(error as Error).message}`,
    );
  }
  try {
    const json = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    return decodeModel(JSON.parse(json));
  } catch (error) {
    throw new Error(`sections: bad model file ${path}: ${(error as Error).message}`);
  }
}

/** Writes the model; returns the number of bytes written. */
export function saveSectionModel(model: SectionModel, path: string = SHIPPED_MODEL_PATH): number {
  const json = JSON.stringify(encodeModel(model));
  const bytes = path.endsWith('.gz') ? gzipSync(json, { level: 9 }) : Buffer.from(json);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes.length;
}
