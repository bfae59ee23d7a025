import { Argument, Command } from 'commander';
import type { Deps } from '../runtime.js';
import { createOutput } from '../../ui/output.js';
import { printResult, result } from '../../ui/result.js';
import { SHELLS, completionScript, type Shell } from './scripts.js';
import { completionTable } from './table.js';

const INSTALL = `
Load it in the shell you use:
  bash:  source <(examctl completion bash)          (add the line to ~/.bashrc)
  zsh:   source <(examctl completion zsh)           (in ~/.zshrc, after compinit)
  fish:  examctl completion fish > ~/.config/fish/completions/examctl.fish`;

/**
 * Prints a completion script built from the whole command tree, which `wholeProgram` builds (the
 * root hands it in: this group cannot import the root that loads it). Like --help it opens no
 * database and needs no acting user.
 */
export function completionCommand(deps: Deps, wholeProgram: () => Promise<Command>): Command {
  return new Command('completion')
    .description('print a completion script for bash, zsh or fish (needs no database)')
    .addArgument(new Argument('<shell>', 'the shell: bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', INSTALL + '\n\nExamples:\n  $ examctl completion bash > ~/.local/share/bash-completion/completions/examctl\n  $ source <(examctl completion bash)\n')
    .action(async (shell: Shell) => {
      // No Context: the script is made from the command tree alone. It still leaves through the printer.
      const out = await createOutput(deps.streams, { json: false, color: false, env: deps.env });
      const script = completionScript(shell, completionTable(await wholeProgram()));
      await printResult(out, result({ human: (page) => page.write(script) }));
    });
}
