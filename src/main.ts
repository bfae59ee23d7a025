import { run } from './run.js';

// The only place that touches process.argv and the exit code.
process.exitCode = await run(process.argv.slice(2), {
  streams: { stdout: process.stdout, stderr: process.stderr },
  env: process.env,
});
