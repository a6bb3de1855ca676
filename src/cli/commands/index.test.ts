import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor } from './index.ts';

describe('commandsFor', () => {
  it('loads only the command that runs', () => {
    expect(commandsFor(['analyze', '--json'])).toEqual([COMMANDS.analyze]);
    expect(commandsFor(['migrate-store', '--from', 'x'])).toEqual([COMMANDS['migrate-store']]);
  });

  it('loads every command for help, no command or an unknown one', () => {
    const all = Object.values(COMMANDS);
    expect(commandsFor([])).toEqual(all);
    expect(commandsFor(['--help'])).toEqual(all);
    expect(commandsFor(['nosuch'])).toEqual(all);
  });

  it('names each command after its file', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const { Command } = await import('commander');
      const program = new Command();
      (await load()).register(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  });
});
