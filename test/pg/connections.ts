import pg from 'pg';
import { afterEach } from 'vitest';

/**
 * Connections of a test's own beside examctl's (node-postgres, examctl's schema first), ended
 * after each test: call once at the top of a test file; it answers the function that opens one.
 */
export function serverConnections(): (url: string) => Promise<pg.Client> {
  const open: pg.Client[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) await c.end();
  });
  return async (url) => {
    const c = new pg.Client({ connectionString: url, options: '-c search_path=examctl' });
    await c.connect();
    open.push(c);
    return c;
  };
}
