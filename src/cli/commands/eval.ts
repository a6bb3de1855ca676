/** `naba eval <what>`: quality figures on labelled data. Each measure is its own file `eval-<what>.ts`. */
import type { Command } from 'commander';
import { register as evalEntities } from './eval-entities.ts';
import { register as evalExtract } from './eval-extract.ts';
import { register as evalKeyphrases } from './eval-keyphrases.ts';
import { register as evalPairs } from './eval-pairs.ts';
import { register as evalSections } from './eval-sections.ts';
import type { RegisterCommand } from './index.ts';

export type RegisterSubcommand = (parent: Command) => void;

/** Add an evaluation: write `eval-<what>.ts` exporting `register: RegisterSubcommand` and list it here. */
const EVALS: RegisterSubcommand[] = [evalEntities, evalExtract, evalKeyphrases, evalPairs, evalSections];

export const register: RegisterCommand = (program) => {
  const parent = program.command('eval').description('measure quality on labelled data');
  for (const add of EVALS) add(parent);
};
