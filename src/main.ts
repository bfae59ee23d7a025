import { run } from './run.js';

// A reader that stops early (`examctl ... | head`) closes our stdout: that is not a failure and
// deserves no stack trace. Everything that writes has committed before it prints.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

// The only place that touches process.argv and the exit code.
process.exitCode = await run(process.argv.slice(2), {
  streams: { stdout: process.stdout, stderr: process.stderr },
  env: process.env,
});
