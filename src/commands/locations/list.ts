import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listLocations } from '../../domain/exams/locations.js';
import { action, type Deps } from '../runtime.js';

export function runList(ctx: Context) {
  const actor = ctx.actor;
  const rows = listLocations(ctx.db, actor).map((l) => ({ location: l.name, capacity: l.capacity }));
  if (ctx.out.json) ctx.out.emit(rows);
  else if (rows.length === 0) ctx.out.info('No locations yet (a planner adds one: locations add <name> --capacity <seats>).');
  else ctx.out.table(['location', 'capacity'], rows.map((r) => [r.location, r.capacity]));
  return rows;
}

export function listCommand(deps: Deps): Command {
  return new Command('list').description('locations and their capacity').action(action(deps, (ctx) => runList(ctx)));
}
