import { Command } from 'commander';
import type { Context } from '../../context.js';
import { addLocation } from '../../domain/exams/locations.js';
import { action, type Deps } from '../runtime.js';

export function runAdd(ctx: Context, opts: { name: string; capacity: string }) {
  const actor = ctx.actor;
  const l = addLocation(ctx.db, actor, opts, ctx.now());
  const doc = { location: l.name, capacity: l.capacity };
  if (ctx.out.json) ctx.out.emit(doc);
  else ctx.out.info(`Added location ${l.name} with ${l.capacity} seats.`);
  return doc;
}

export function addCommand(deps: Deps): Command {
  return new Command('add')
    .description('add a location with its capacity in simultaneous candidates')
    .argument('<name>', 'location name')
    .requiredOption('--capacity <seats>', 'seats')
    .action(action<{ capacity: string }>(deps, (ctx, [name], opts) => runAdd(ctx, { name, capacity: opts.capacity })));
}
