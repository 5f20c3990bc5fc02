import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { BanCsvError } from '../geo/geocoder/ban-csv';
import { importAddressPoints } from '../server/modules/territories/import-addresses';
import { withDatabase } from './database';
import { CliError, EXIT, frNumber, plural, writeLine, type CliIo } from './io';

/** `passerelle geocoder import`: loads BAN CSV exports into the offline geocoder's table, one transaction per file. */
export async function geocoderImportCommand(io: CliIo, files: string[]): Promise<number> {
  const paths = files.map((f) => {
    const path = resolve(io.cwd, f);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new CliError(`« ${f} » n’est pas un fichier.`);
      size = st.size;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`Fichier introuvable : ${f}`);
    }
    return { name: f, path, size };
  });
  return withDatabase(io, async ({ db }) => {
    let failed = false;
    for (const file of paths) {
      const bar = io.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              stream: io.stderr as NodeJS.WritableStream,
              format: `${basename(file.name)} {bar} {percentage} % | {rows} adresses`,
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
      let read = 0;
      async function* counted() {
        for await (const chunk of createReadStream(file.path)) {
          read += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      }
      bar?.start(file.size, 0, { rows: '0' });
      try {
        const r = await importAddressPoints(db, counted(), {
          source: `BAN ${basename(file.name)}`,
          onProgress: (rows) => bar?.update(read, { rows: frNumber(rows) }),
        });
        bar?.stop();
        writeLine(
          io.stdout,
          `${file.name} : ${plural(r.imported, 'adresse importée', 'adresses importées')}, ${plural(r.rejected, 'ligne rejetée', 'lignes rejetées')} ` +
            `(${plural(r.citycodes.length, 'commune', 'communes')} ; ${plural(r.replaced, 'adresse précédente remplacée', 'adresses précédentes remplacées')}).`,
        );
        for (const reason of r.rejections.slice(0, 10)) writeLine(io.stdout, `  rejet : ${reason}`);
        if (r.rejected > 10) writeLine(io.stdout, `  … et ${frNumber(r.rejected - 10)} autres rejets.`);
      } catch (err) {
        bar?.stop();
        if (!(err instanceof BanCsvError)) throw err;
        failed = true;
        writeLine(io.stderr, `${file.name} : ${err.message}. Rien n’a été importé depuis ce fichier.`);
      }
    }
    writeLine(
      io.stdout,
      'Un serveur déjà démarré (PostgreSQL) recharge ces adresses dans la minute (DATA_RELOAD_SECONDS).',
    );
    return failed ? EXIT.invalid : EXIT.ok;
  });
}
