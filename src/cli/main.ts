// Entry point of the `passerelle` command (bin/passerelle.js, `npm run passerelle -- <args>`).
import { run } from './run';

// `passerelle lookup … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // `npm run passerelle` runs in the package folder; file names typed by the user are relative to theirs.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
