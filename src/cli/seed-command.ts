import { seedDemo } from '../server/modules/territories/seed-demo';
import { countTerritories } from '../server/modules/territories/territories.repository';
import { withDatabase } from './database';
import { EXIT, plural, writeLine, type CliIo } from './io';

/** `passerelle seed`: loads the demo territories into an empty database. */
export async function seedCommand(io: CliIo): Promise<number> {
  return withDatabase(
    io,
    async ({ db }) => {
      if ((await countTerritories(db)) > 0) {
        writeLine(
          io.stdout,
          'La base contient déjà des territoires : données de démonstration non chargées.',
        );
        return EXIT.ok;
      }
      const r = await seedDemo(db);
      writeLine(
        io.stdout,
        `Données de démonstration chargées : ${plural(r.territories, 'territoire', 'territoires')}, ${plural(r.zones, 'zone', 'zones')}, ` +
          `${plural(r.sites, 'lieu de soins', 'lieux de soins')}, ${plural(r.addresses, 'adresse', 'adresses')}.`,
      );
      return EXIT.ok;
    },
    { seed: false },
  );
}
