/**
 * Import of a catchment file (CSV or GeoJSON, see catchment-io.ts) in two steps: `planCatchmentImport`
 * computes what would change and which conflicts the result would have, writing nothing (dry run);
 * `applyCatchmentImport` writes a plan in one transaction with its change-log rows.
 * See docs/decisions/003-catchment-files.md.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { findConflicts } from '../../../geo/conflicts';
import type { EngineZone, ZoneConflict, ZoneKind } from '../../../geo/types';
import type { Db } from '../../db/client';
import { catchmentZones, changeLog, serviceAreas, territories } from '../../db/schema/index';
import { AppError } from '../../platform/errors';
import { LAYER_SHORT_LABELS, toEngineZones, type ServiceLayer } from './catalog';
import {
  canonicalJson,
  formatIssue,
  geometrySummary,
  type CatchmentColumn,
  type CatchmentIssue,
  type CatchmentRecord,
  type ParsedCatchmentFile,
} from './catchment-io';
import type { ServiceAreaRow, ZoneRow } from './territories.repository';

/** The columns of `catchment_zones` a file sets. */
export type ZoneValues = Omit<ZoneRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export interface AreaRef {
  id: string;
  code: string;
  territoryId: string;
  layer: string;
}

export interface FieldChange {
  field: CatchmentColumn;
  /** Display text: « (vide) » for nothing, a short summary for a geometry. */
  before: string;
  after: string;
}

export interface PlannedCreate {
  zoneId: string;
  where: string;
  area: AreaRef;
  values: ZoneValues;
}

export interface PlannedUpdate {
  zoneId: string;
  where: string;
  area: AreaRef;
  /** The area before the change, when the zone moves to another area. */
  previousArea: AreaRef;
  expectedVersion: number;
  values: ZoneValues;
  changes: FieldChange[];
}

export interface PlannedDelete {
  zoneId: string;
  area: AreaRef;
  label: string;
  expectedVersion: number;
}

export interface PlannedConflict {
  layer: string;
  kind: ZoneKind;
  zoneIds: [string, string];
  areaCodes: [string, string];
  /** False when the two zones were already in conflict before the import: it does not block it. */
  isNew: boolean;
  /** French, names both sectors and both zones. */
  message: string;
}

export interface CatchmentImportPlan {
  prune: boolean;
  /** Problems of the file (parse, validation, unknown areas): a plan with errors cannot be applied. */
  errors: CatchmentIssue[];
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  deletes: PlannedDelete[];
  unchanged: string[];
  /** Every conflict of the resulting set of zones, all territories. */
  conflicts: PlannedConflict[];
}

export interface PlanOptions {
  /** Delete the zones of the areas present in the file that the file does not list. */
  prune?: boolean;
}

const KIND_FR: Record<ZoneKind, string> = {
  commune: 'commune',
  polygon: 'polygone',
  street: 'rue',
  number_range: 'plage de numéros',
};

const refOf = (a: ServiceAreaRow): AreaRef => ({
  id: a.id,
  code: a.code,
  territoryId: a.territoryId,
  layer: a.layer,
});

function valuesOf(r: CatchmentRecord, areaId: string): ZoneValues {
  return {
    areaId,
    mode: r.mode,
    kind: r.kind,
    label: r.label,
    citycode: r.citycode,
    street: r.street,
    streetId: r.streetId,
    fromNumber: r.fromNumber,
    toNumber: r.toNumber,
    parity: r.parity,
    geometry: r.geometry,
    source: r.source,
    sourceUrl: r.sourceUrl,
    effectiveDate: r.effectiveDate,
    verifiedAt: r.verifiedAt,
    verifiedBy: r.verifiedBy,
    confidence: r.confidence,
    demo: r.demo,
  };
}

/** Compared columns, with the name a file gives them. */
const COMPARED: [CatchmentColumn, keyof ZoneValues][] = [
  ['area_id', 'areaId'],
  ['mode', 'mode'],
  ['kind', 'kind'],
  ['label', 'label'],
  ['citycode', 'citycode'],
  ['street', 'street'],
  ['street_id', 'streetId'],
  ['from', 'fromNumber'],
  ['to', 'toNumber'],
  ['parity', 'parity'],
  ['geometry', 'geometry'],
  ['source', 'source'],
  ['source_url', 'sourceUrl'],
  ['effective_date', 'effectiveDate'],
  ['verified_at', 'verifiedAt'],
  ['verified_by', 'verifiedBy'],
  ['confidence', 'confidence'],
  ['demo', 'demo'],
];

/** Files cannot tell an empty cell from a missing value, nor keep surrounding spaces: compare modulo those. */
function comparable(field: keyof ZoneValues, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (field === 'geometry') return canonicalJson(v);
  return String(v).trim();
}

function display(field: keyof ZoneValues, v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return '(vide)';
  if (field === 'geometry') {
    const s = geometrySummary(v);
    return s ? `${s.type} (${(s.bytes / 1024).toFixed(1)} ko, empreinte ${s.sha256.slice(0, 12)})` : '(vide)';
  }
  return String(v);
}

function diffZone(current: ZoneRow, next: ZoneValues): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [column, field] of COMPARED) {
    if (comparable(field, current[field]) !== comparable(field, next[field]))
      changes.push({
        field: column,
        before: display(field, current[field]),
        after: display(field, next[field]),
      });
  }
  return changes;
}

const conflictKey = (c: ZoneConflict) =>
  `${c.layer}\u0000${c.kind}\u0000${[...c.zoneIds].sort().join('\u0000')}`;

/** Resolves the service area a record names: by area_id when given, else by (territory, code, layer). */
function areaFor(
  r: CatchmentRecord,
  areasById: Map<string, ServiceAreaRow>,
  areasByKey: Map<string, ServiceAreaRow[]>,
  territoryIds: Set<string>,
): { area: ServiceAreaRow } | { error: string } {
  const named = `territoire « ${r.territoryId} », code « ${r.areaCode} », couche ${r.layer}`;
  if (r.areaId) {
    const a = areasById.get(r.areaId);
    if (!a) return { error: `secteur area_id « ${r.areaId} » inconnu (l’import ne crée pas de secteur)` };
    if (a.territoryId !== r.territoryId || a.code !== r.areaCode || a.layer !== r.layer)
      return {
        error: `area_id « ${r.areaId} » désigne le secteur ${a.code} (territoire « ${a.territoryId} », couche ${a.layer}), pas ${named}`,
      };
    return { area: a };
  }
  if (!territoryIds.has(r.territoryId)) return { error: `territoire « ${r.territoryId} » inconnu` };
  const found = areasByKey.get(`${r.territoryId}\u0000${r.areaCode}\u0000${r.layer}`) ?? [];
  if (found.length === 0) return { error: `secteur inconnu (${named}) : l’import ne crée pas de secteur` };
  if (found.length > 1)
    return {
      error: `plusieurs secteurs correspondent (${named}) : précisez la colonne area_id (${found.map((a) => a.id).join(', ')})`,
    };
  return { area: found[0] as ServiceAreaRow };
}

/** Computes what importing a parsed catchment file would change, and the conflicts it would leave; writes nothing. */
export async function planCatchmentImport(
  db: Db,
  parsed: ParsedCatchmentFile,
  opts: PlanOptions = {},
): Promise<CatchmentImportPlan> {
  const prune = opts.prune ?? false;
  const plan: CatchmentImportPlan = {
    prune,
    errors: [...parsed.errors],
    creates: [],
    updates: [],
    deletes: [],
    unchanged: [],
    conflicts: [],
  };
  const [territoryRows, areaRows, zoneRows] = await Promise.all([
    db.select({ id: territories.id }).from(territories),
    db.select().from(serviceAreas),
    db.select().from(catchmentZones).orderBy(catchmentZones.id),
  ]);
  const territoryIds = new Set(territoryRows.map((t) => t.id));
  const areasById = new Map(areaRows.map((a) => [a.id, a]));
  const areasByKey = new Map<string, ServiceAreaRow[]>();
  for (const a of areaRows) {
    const key = `${a.territoryId}\u0000${a.code}\u0000${a.layer}`;
    areasByKey.set(key, [...(areasByKey.get(key) ?? []), a]);
  }
  const zonesById = new Map(zoneRows.map((z) => [z.id, z]));

  const areasInFile = new Set<string>();
  const idsInFile = new Set<string>();
  for (const { where, record } of parsed.records) {
    idsInFile.add(record.zoneId);
    const found = areaFor(record, areasById, areasByKey, territoryIds);
    if ('error' in found) {
      plan.errors.push({ where, message: found.error });
      continue;
    }
    const area = found.area;
    areasInFile.add(area.id);
    const values = valuesOf(record, area.id);
    const current = zonesById.get(record.zoneId);
    if (!current) {
      plan.creates.push({ zoneId: record.zoneId, where, area: refOf(area), values });
      continue;
    }
    const changes = diffZone(current, values);
    if (changes.length === 0) {
      plan.unchanged.push(record.zoneId);
      continue;
    }
    const previous = areasById.get(current.areaId);
    plan.updates.push({
      zoneId: record.zoneId,
      where,
      area: refOf(area),
      previousArea: previous ? refOf(previous) : refOf(area),
      expectedVersion: current.version,
      values,
      changes: changes.map((c) =>
        c.field === 'area_id'
          ? { ...c, before: `${previous?.code ?? '?'} (${c.before})`, after: `${area.code} (${c.after})` }
          : c,
      ),
    });
  }
  if (prune) {
    for (const z of zoneRows) {
      if (!areasInFile.has(z.areaId) || idsInFile.has(z.id)) continue;
      const area = areasById.get(z.areaId);
      if (area)
        plan.deletes.push({ zoneId: z.id, area: refOf(area), label: z.label, expectedVersion: z.version });
    }
  }
  // With errors the resulting set is unknown: conflicts would be guesses.
  if (plan.errors.length > 0) return plan;

  const engineZones = (rows: Iterable<ZoneRow>): EngineZone[] =>
    [...rows].flatMap((z) => {
      const a = areasById.get(z.areaId);
      return a ? toEngineZones(z, a) : [];
    });
  const resulting = new Map(zonesById);
  const now = new Date();
  for (const c of plan.creates)
    resulting.set(c.zoneId, { ...c.values, id: c.zoneId, version: 1, createdAt: now, updatedAt: now });
  for (const u of plan.updates) {
    const before = zonesById.get(u.zoneId) as ZoneRow;
    resulting.set(u.zoneId, { ...before, ...u.values });
  }
  for (const d of plan.deletes) resulting.delete(d.zoneId);

  const existing = new Set(findConflicts(engineZones(zonesById.values())).map(conflictKey));
  const labelOf = (id: string) => resulting.get(id)?.label ?? id;
  const codeOf = (areaId: string) => areasById.get(areaId)?.code ?? areaId;
  plan.conflicts = findConflicts(
    engineZones([...resulting.values()].sort((a, b) => (a.id < b.id ? -1 : 1))),
  ).map((c) => {
    const [za, zb] = c.zoneIds;
    const [aa, ab] = c.areaIds;
    const isNew = !existing.has(conflictKey(c));
    return {
      layer: c.layer,
      kind: c.kind,
      zoneIds: c.zoneIds,
      areaCodes: [codeOf(aa), codeOf(ab)],
      isNew,
      message:
        `${isNew ? '' : '(déjà présent avant l’import) '}Conflit ${LAYER_SHORT_LABELS[c.layer as ServiceLayer] ?? c.layer}, ${KIND_FR[c.kind]} : ` +
        `secteur ${codeOf(aa)} (zone « ${labelOf(za)} », ${za}) et secteur ${codeOf(ab)} (zone « ${labelOf(zb)} », ${zb}) ` +
        `couvrent les mêmes adresses. ${c.message}`,
    };
  });
  return plan;
}

export const planHasChanges = (p: CatchmentImportPlan) =>
  p.creates.length + p.updates.length + p.deletes.length > 0;

/** The conflicts that refuse a plan: those the import would introduce (older ones are reported only). */
export const blockingConflicts = (p: CatchmentImportPlan) => p.conflicts.filter((c) => c.isNew);

export interface ApplyOptions {
  /** Who imports: stored in change_log.changed_by. */
  actor: string;
  /** Write even when the plan introduces conflicts (the lookup then answers « conflit » there). */
  allowConflicts?: boolean;
  /** Stored in change_log.reason, e.g. the file name. */
  reason?: string;
}

export interface ApplyResult {
  created: number;
  updated: number;
  deleted: number;
}

/** What the change log keeps of a zone: every column but the geometry, which is summarised (hash, size). */
export function zoneSnapshot(z: ZoneRow | (ZoneValues & { id: string; version?: number }), area?: AreaRef) {
  return {
    ...z,
    ...(area ? { areaCode: area.code, territoryId: area.territoryId, layer: area.layer } : {}),
    geometry: geometrySummary(z.geometry),
  };
}

const stale = (zoneId: string) =>
  new AppError('conflict', 'IMPORT_STALE', {
    reason: 'stale_plan',
    zoneId,
    message: `La zone « ${zoneId} » a été modifiée depuis le calcul du plan : relancez l’import.`,
  });

/**
 * Writes a plan: every zone change and one change_log row per change in one transaction, so a failure
 * leaves the database as it was. Refuses a plan with errors (IMPORT_INVALID) or with new conflicts
 * (IMPORT_CONFLICTS) unless `allowConflicts`. A zone changed since the plan was computed aborts it all.
 */
export async function applyCatchmentImport(
  db: Db,
  plan: CatchmentImportPlan,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  if (plan.errors.length > 0)
    throw new AppError('invalid', 'IMPORT_INVALID', { errors: plan.errors.map(formatIssue) });
  const blocking = blockingConflicts(plan);
  if (blocking.length > 0 && !opts.allowConflicts)
    throw new AppError('conflict', 'IMPORT_CONFLICTS', { conflicts: blocking.map((c) => c.message) });
  if (!planHasChanges(plan)) return { created: 0, updated: 0, deleted: 0 };

  const reason = opts.reason ?? 'Import de fichier de zones';
  const base = { entityType: 'catchment_zone', changedBy: opts.actor, reason };
  await db.transaction(async (tx) => {
    const log: (typeof changeLog.$inferInsert)[] = [];
    for (const c of plan.creates) {
      const [row] = await tx
        .insert(catchmentZones)
        .values({ ...c.values, id: c.zoneId, version: 1 })
        .onConflictDoNothing()
        .returning();
      if (!row) throw stale(c.zoneId);
      log.push({ ...base, entityId: c.zoneId, action: 'create', after: zoneSnapshot(row, c.area) });
    }
    for (const u of plan.updates) {
      const [before] = await tx
        .select()
        .from(catchmentZones)
        .where(and(eq(catchmentZones.id, u.zoneId), eq(catchmentZones.version, u.expectedVersion)))
        .for('update');
      if (!before) throw stale(u.zoneId);
      const [after] = await tx
        .update(catchmentZones)
        .set({ ...u.values, version: sql`${catchmentZones.version} + 1`, updatedAt: sql`now()` })
        .where(eq(catchmentZones.id, u.zoneId))
        .returning();
      log.push({
        ...base,
        entityId: u.zoneId,
        action: 'update',
        before: zoneSnapshot(before, u.previousArea),
        after: { ...zoneSnapshot(after as ZoneRow, u.area), changedFields: u.changes.map((c) => c.field) },
      });
    }
    if (plan.deletes.length > 0) {
      const ids = plan.deletes.map((d) => d.zoneId);
      const deleted = await tx.delete(catchmentZones).where(inArray(catchmentZones.id, ids)).returning();
      const byId = new Map(deleted.map((z) => [z.id, z]));
      for (const d of plan.deletes) {
        const row = byId.get(d.zoneId);
        if (!row || row.version !== d.expectedVersion) throw stale(d.zoneId);
        log.push({ ...base, entityId: d.zoneId, action: 'delete', before: zoneSnapshot(row, d.area) });
      }
    }
    for (let i = 0; i < log.length; i += 500) await tx.insert(changeLog).values(log.slice(i, i + 500));
  });
  return { created: plan.creates.length, updated: plan.updates.length, deleted: plan.deletes.length };
}
