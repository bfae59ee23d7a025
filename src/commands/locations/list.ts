import { Command } from 'commander';
import type { Context } from '../../context.js';
import { listLocations } from '../../domain/exams/locations.js';
import { action, examples, type Deps } from '../runtime.js';
import { result } from '../../ui/result.js';

export function runList(ctx: Context) {
  const rows = listLocations(ctx.db, ctx.actor).map((l) => ({ location: l.name, capacity: l.capacity }));
  return result({
    json: rows,
    human: {
      head: ['location', 'capacity'],
      rows: rows.map((r) => [r.location, r.capacity]),
      empty: 'No locations yet (a planner adds one: locations add <name> --capacity <seats>).',
    },
  });
}

export function listCommand(deps: Deps): Command {
  return examples(
    new Command('list').description('locations and their capacity').action(action(deps, (ctx) => runList(ctx))),
    'locations list',
    'locations list --json',
  );
}
