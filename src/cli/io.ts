import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the outside world: injected so tests run the CLI in-process. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes of `passerelle`. */
export const EXIT = {
  ok: 0,
  /** Unreadable input, invalid file, bad usage. */
  invalid: 1,
  /** The PGlite data folder is used by another process (the server). */
  locked: 2,
  /** The catchment import was refused because it creates conflicts. */
  conflicts: 3,
} as const;

/** An error meant for the user: its message (French) is printed as is and the process exits with `code`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.invalid,
  ) {
    super(message);
  }
}

export const writeLine = (stream: Writable, line = '') => {
  stream.write(`${line}\n`);
};

const nf = new Intl.NumberFormat('fr-FR');
/** 1 000 000 (French grouping; the narrow no-break space becomes a plain space for terminals). */
export const frNumber = (n: number, digits = 0) =>
  nf.format(Number(n.toFixed(digits))).replace(/[\u202f\u00a0]/g, ' ');

export const plural = (n: number, one: string, many: string) => `${frNumber(n)} ${n > 1 ? many : one}`;
