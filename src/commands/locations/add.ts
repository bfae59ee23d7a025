import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addLocation } from '../../domain/exams/locations.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runAdd(ctx: Context, opts: { name: string; capacity: string }) {
  const l = addLocation(ctx.db, ctx.actor, opts, ctx.now());
  return result({ json: { location: l.name, capacity: l.capacity }, notes: [`Added location ${l.name} with ${l.capacity} seats.`] });
}

export function addCommand(deps: Deps): Command {
  return examples(
    new Command('add')
      .description('add a location with its capacity in simultaneous candidates')
      .argument('<name>', 'location name')
      .requiredOption('--capacity <seats>', 'seats')
      .action(action<{ capacity: string }>(deps, (ctx, [name], opts) => runAdd(ctx, { name, capacity: opts.capacity }))),
    "locations add 'Examination House' --capacity 1450",
  );
}
