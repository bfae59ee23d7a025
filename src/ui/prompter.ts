import { UsageError } from '../errors.js';

/** Every question examctl asks goes through this, so tests can script the answers. */
export interface Prompter {
  /** Asks a yes/no question; `flag` names the option that answers it off a terminal. */
  confirm(question: string, flag: string): Promise<boolean>;
}

/**
 * On a terminal asks with @inquirer/prompts (loaded only when a question is asked); off one,
 * refuses and names the flag that decides, since no one is there to answer.
 */
export function createPrompter(opts: { yes: boolean; interactive: boolean }): Prompter {
  return {
    async confirm(question, flag) {
      if (opts.yes) return true;
      if (!opts.interactive) {
        throw new UsageError(`${question} No terminal to ask on: pass ${flag} to go ahead`);
      }
      const { confirm } = await import('@inquirer/prompts');
      try {
        return await confirm({ message: question, default: false }, { output: process.stderr });
      } catch (err) {
        // Ctrl-C at the question is a "no": nothing is done, and it is no failure.
        if ((err as Error)?.name === 'ExitPromptError') return false;
        throw err;
      }
    },
  };
}

/** A prompter with scripted answers, for tests. */
export function scriptedPrompter(answers: boolean[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async confirm(question) {
      asked.push(question);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected question: ${question}`);
      return a;
    },
  };
}
