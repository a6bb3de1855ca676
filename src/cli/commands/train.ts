/** `naba train <model>`: retrain a shipped model from labelled files. Each model is its own file `train-<model>.ts`. */
import type { RegisterSubcommand } from './eval.ts';
import type { RegisterCommand } from './index.ts';
import { register as trainDocfreq } from './train-docfreq.ts';
import { register as trainEntities } from './train-entities.ts';
import { register as trainSections } from './train-sections.ts';

/** Add a model: write `train-<model>.ts` exporting `register: RegisterSubcommand` and list it here. */
const TRAINERS: RegisterSubcommand[] = [trainDocfreq, trainEntities, trainSections];

export const register: RegisterCommand = (program) => {
  const parent = program.command('train').description('train the shipped models from labelled files');
  for (const add of TRAINERS) add(parent);
};
