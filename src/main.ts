// The only place that touches process.argv and the exit code.
import { dbNamed } from './argv.js';
import { isPostgresUrl } from './db/port.js';

// On a server, the thread that will hold the connection starts first, and loads node-postgres and
// connects while the rest of the program loads.
const target = dbNamed(process.argv.slice(2), process.env);
if (target && isPostgresUrl(target)) (await import('./db/pg/client.js')).startThreadEarly();
const { run } = await import('./run.js');

// A reader that stops early (`examctl ... | head`) closes our stdout: that is not a failure and
// deserves no stack trace. Everything that writes has committed before it prints.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

process.exitCode = await run(process.argv.slice(2), {
  streams: { stdout: process.stdout, stderr: process.stderr },
  env: process.env,
});
