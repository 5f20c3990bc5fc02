import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { AppError } from '../server/platform/errors';
import {
  formatIssue,
  parseCatchmentFile,
  type CatchmentFormat,
} from '../server/modules/territories/catchment-io';
import { LAYER_SHORT_LABELS, type ServiceLayer } from '../server/modules/territories/catalog';
import { exportCatchments } from '../server/modules/territories/export-catchments';
import {
  applyCatchmentImport,
  blockingConflicts,
  planCatchmentImport,
  planHasChanges,
  type CatchmentImportPlan,
} from '../server/modules/territories/import-catchments';
import { withDatabase } from './database';
import { CliError, EXIT, plural, writeLine, type CliIo } from './io';

export interface ExportCommandOptions {
  territory?: string;
  format?: string;
  output: string;
}

function formatOf(raw: string | undefined, output: string): CatchmentFormat {
  if (raw === undefined) return /\.(geo)?json$/i.test(output) ? 'geojson' : 'csv';
  const f = raw.toLowerCase();
  if (f === 'csv' || f === 'geojson') return f;
  throw new CliError(`Format inconnu « ${raw} » : csv ou geojson.`);
}

/** `passerelle catchments export`. */
export async function exportCommand(io: CliIo, opts: ExportCommandOptions): Promise<number> {
  const format = formatOf(opts.format, opts.output);
  return withDatabase(io, async ({ db }) => {
    let result: { content: string; count: number };
    try {
      result = await exportCatchments(db, { format, territoryId: opts.territory });
    } catch (err) {
      if (err instanceof AppError && err.code === 'TERRITORY_NOT_FOUND')
        throw new CliError(`Territoire « ${opts.territory ?? ''} » introuvable.`);
      throw err;
    }
    if (opts.output === '-') io.stdout.write(result.content);
    else writeFileSync(resolve(io.cwd, opts.output), result.content);
    writeLine(
      io.stderr,
      `${plural(result.count, 'zone exportée', 'zones exportées')} (${format === 'csv' ? 'CSV' : 'GeoJSON'})${opts.output === '-' ? '' : ` dans ${opts.output}`}.`,
    );
    return EXIT.ok;
  });
}

export interface ImportCommandOptions {
  dryRun?: boolean;
  prune?: boolean;
  allowConflicts?: boolean;
  actor?: string;
}

/** The plan, in French, one line per change and per conflict. */
export function describePlan(plan: CatchmentImportPlan): string[] {
  const lines: string[] = [];
  if (plan.errors.length > 0) {
    lines.push(
      `Le fichier contient ${plural(plan.errors.length, 'erreur', 'erreurs')} ; rien n’a été enregistré :`,
    );
    for (const e of plan.errors) lines.push(`  ${formatIssue(e)}`);
    return lines;
  }
  lines.push(
    `Plan : ${plural(plan.creates.length, 'création', 'créations')}, ${plural(plan.updates.length, 'modification', 'modifications')}, ` +
      `${plural(plan.deletes.length, 'suppression', 'suppressions')}${plan.prune ? '' : ' (sans --prune)'}, ` +
      `${plural(plan.unchanged.length, 'zone inchangée', 'zones inchangées')}, ${plural(plan.conflicts.length, 'conflit', 'conflits')}.`,
  );
  for (const c of plan.creates)
    lines.push(
      `  + ${c.zoneId} — secteur ${c.area.code} (${LAYER_SHORT_LABELS[c.area.layer as ServiceLayer] ?? c.area.layer}) : nouvelle zone ${c.values.kind} « ${c.values.label} » (${c.where})`,
    );
  for (const u of plan.updates) {
    lines.push(
      `  ~ ${u.zoneId} — secteur ${u.area.code} (${LAYER_SHORT_LABELS[u.area.layer as ServiceLayer] ?? u.area.layer}) (${u.where}) :`,
    );
    for (const ch of u.changes) lines.push(`      ${ch.field} : ${ch.before} → ${ch.after}`);
  }
  for (const d of plan.deletes)
    lines.push(
      `  - ${d.zoneId} — secteur ${d.area.code} (${LAYER_SHORT_LABELS[d.area.layer as ServiceLayer] ?? d.area.layer}) : zone « ${d.label} » supprimée`,
    );
  if (plan.conflicts.length > 0) {
    lines.push('Conflits dans l’ensemble des zones après import :');
    for (const c of plan.conflicts) lines.push(`  ! ${c.message}`);
  }
  return lines;
}

async function readInput(io: CliIo, file: string): Promise<string> {
  if (file === '-') return text(io.stdin);
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CliError(
      code === 'ENOENT'
        ? `Fichier introuvable : ${file}`
        : `Lecture impossible de ${file} (${code ?? 'erreur'}).`,
    );
  }
}

/** `passerelle catchments import`: prints the plan, then writes it unless --dry-run. */
export async function importCommand(io: CliIo, file: string, opts: ImportCommandOptions): Promise<number> {
  const content = await readInput(io, file);
  const parsed = parseCatchmentFile(content, file === '-' ? {} : { fileName: file });
  const actor = opts.actor?.trim() || `cli:${safeUser()}`;
  return withDatabase(io, async ({ db }) => {
    const plan = await planCatchmentImport(db, parsed, { prune: opts.prune ?? false });
    writeLine(
      io.stdout,
      `Fichier ${file === '-' ? '(entrée standard)' : basename(file)} : ${parsed.format === 'csv' ? 'CSV' : 'GeoJSON'}, ${plural(parsed.records.length, 'zone lue', 'zones lues')}.`,
    );
    for (const l of describePlan(plan)) writeLine(io.stdout, l);
    if (plan.errors.length > 0) return EXIT.invalid;
    const blocking = blockingConflicts(plan);
    if (opts.dryRun) {
      writeLine(
        io.stdout,
        blocking.length > 0 && !opts.allowConflicts
          ? 'Simulation (--dry-run) : rien n’a été enregistré. En l’état, l’import serait refusé à cause des conflits.'
          : 'Simulation (--dry-run) : rien n’a été enregistré.',
      );
      return EXIT.ok;
    }
    if (blocking.length > 0 && !opts.allowConflicts) {
      writeLine(
        io.stderr,
        `Import refusé : il crée ${plural(blocking.length, 'conflit', 'conflits')} entre secteurs d’une même couche. ` +
          'Corrigez le fichier, ou relancez avec --allow-conflicts pour enregistrer quand même (la recherche répondra « conflit » à ces adresses).',
      );
      return EXIT.conflicts;
    }
    if (!planHasChanges(plan)) {
      writeLine(io.stdout, 'Rien à enregistrer : la base est déjà à jour.');
      return EXIT.ok;
    }
    const result = await applyCatchmentImport(db, plan, {
      actor,
      allowConflicts: opts.allowConflicts ?? false,
      reason: `Import du fichier ${file === '-' ? '(entrée standard)' : basename(file)}`,
    });
    writeLine(
      io.stdout,
      `Enregistré par ${actor} : ${plural(result.created, 'création', 'créations')}, ${plural(result.updated, 'modification', 'modifications')}, ${plural(result.deleted, 'suppression', 'suppressions')} (historique : ${plural(result.created + result.updated + result.deleted, 'entrée', 'entrées')}).`,
    );
    writeLine(
      io.stdout,
      'Un serveur déjà démarré (PostgreSQL) prend les nouvelles zones en compte dans la minute (DATA_RELOAD_SECONDS).',
    );
    return EXIT.ok;
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'inconnu';
  }
}
