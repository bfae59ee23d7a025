import { Command } from 'commander';
import type { Deps } from '../runtime.js';
import { grantCommand } from './grant.js';
import { revokeCommand } from './revoke.js';
import { importCommand } from './import.js';
import { listCommand } from './list.js';
import { extendedCommand } from './extended.js';

export function rolesCommand(deps: Deps): Command {
  return new Command('roles')
    .description('system roles: grant, revoke, import, list, extended access')
    .addCommand(grantCommand(deps))
    .addCommand(revokeCommand(deps))
    .addCommand(importCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(extendedCommand(deps));
}
