import type { Command, Option } from 'commander';

/**
 * What a completion script needs to know, read from the program's own command tree so that it
 * follows every command and option as they are. Keys are command paths spelt as typed, starting
 * with the program's name ("examctl users add"); an alias gives a second spelling of its subtree.
 */
export interface CompletionTable {
  program: string;
  /** Subcommand names and aliases under each path. */
  subs: Map<string, string[]>;
  /** Every option flag valid at each path: its own, the global ones and --help. */
  options: Map<string, string[]>;
  /** The flags at each path that take a value, so the word after them is that value. */
  valueOptions: Map<string, string[]>;
  /** Fixed values: "path|flag" for an option's, "path|" for the path's own arguments. */
  choices: Map<string, string[]>;
}

/** Words a script may hold in single quotes without escaping; anything else is left out. */
const SAFE = /^[A-Za-z0-9_.:+=@%,/-]+$/;
const safe = (words: readonly string[]) => words.filter((w) => SAFE.test(w));

const visible = (cmd: Command) => cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
const shown = (opts: readonly Option[]) => opts.filter((o) => !o.hidden);
const flagsOf = (o: Option) => [o.long, o.short].filter((f): f is string => !!f);
const takesValue = (o: Option) => o.required || o.optional;

export function completionTable(program: Command): CompletionTable {
  const t: CompletionTable = { program: program.name(), subs: new Map(), options: new Map(), valueOptions: new Map(), choices: new Map() };
  const globals = shown(program.options);
  const visit = (cmd: Command, paths: string[]) => {
    const own = cmd === program ? globals : [...shown(cmd.options), ...globals];
    const subs = visible(cmd);
    const argChoices = cmd.registeredArguments.flatMap((a) => a.argChoices ?? []);
    for (const p of paths) {
      t.subs.set(p, safe(subs.flatMap((c) => [c.name(), ...c.aliases()])));
      t.options.set(p, safe([...own.flatMap(flagsOf), '--help', '-h']));
      t.valueOptions.set(p, safe(own.filter(takesValue).flatMap(flagsOf)));
      for (const o of own) {
        if (!o.argChoices?.length) continue;
        for (const f of flagsOf(o)) t.choices.set(`${p}|${f}`, safe(o.argChoices));
      }
      if (argChoices.length) t.choices.set(`${p}|`, safe(argChoices));
    }
    for (const c of subs) visit(c, paths.flatMap((p) => [c.name(), ...c.aliases()].map((n) => `${p} ${n}`)));
  };
  visit(program, [program.name()]);
  return t;
}
