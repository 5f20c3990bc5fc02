import type { LookupQuery } from '../../../contracts/finder';
import type { ExplainResponse } from '../../../contracts/territories';
import type { LayerResult, ZoneMatch } from '../../../geo/types';
import { locate, type FinderContext } from '../finder/lookup-address';
import { presentProvenance } from '../finder/presenters';
import { LAYER_LABELS, SERVICE_LAYERS, type TerritoryCatalog } from './catalog';

function considered(catalog: TerritoryCatalog, m: ZoneMatch) {
  const area = catalog.areas.get(m.areaId);
  const zone = catalog.zones.get(m.zoneId);
  if (!area || !zone) return [];
  return [
    {
      zoneId: m.zoneId,
      areaId: m.areaId,
      areaCode: area.code,
      areaName: area.name,
      kind: m.kind,
      mode: m.mode,
      precedence: m.precedence,
      reason: m.reason,
      provenance: presentProvenance(zone),
    },
  ];
}

function explanation(catalog: TerritoryCatalog, r: LayerResult | undefined): string {
  if (!r || r.status === 'none') {
    return r && r.considered.length > 0
      ? 'Des zones correspondent, mais toutes sont des exclusions : aucun secteur compétent.'
      : 'Aucune zone ne couvre cette adresse pour cette couche.';
  }
  if (r.status === 'conflict') {
    const codes = r.areaIds.map((id) => catalog.areas.get(id)?.code ?? id).join(', ');
    return `Conflit : ${codes} ont des zones de même priorité qui couvrent cette adresse. Rien n'est choisi à la place du coordinateur.`;
  }
  const area = catalog.areas.get(r.areaId);
  const others = new Set(r.considered.map((c) => c.areaId));
  others.delete(r.areaId);
  const beaten =
    others.size > 0
      ? ` Elle l'emporte sur ${others.size} autre(s) zone(s) moins précise(s) ou exclue(s).`
      : '';
  return `${area?.code ?? r.areaId} est compétent : ${r.zone.reason}.${beaten}`;
}

/** Admin « Tester une adresse »: which zone matched in each layer, and why. */
export async function explainAddress(ctx: FinderContext, query: LookupQuery): Promise<ExplainResponse> {
  const { address, point } = await locate(ctx, query);
  const { catalog } = ctx;
  const res = catalog.resolve(point);
  return {
    address: { ...address, citycode: address.citycode ?? res.citycode },
    territory: res.territory ? { id: res.territory.id, name: res.territory.name } : null,
    layers: SERVICE_LAYERS.map((layer) => {
      const r = res.layers.get(layer);
      return {
        layer,
        label: LAYER_LABELS[layer],
        status: r?.status ?? 'none',
        winner: r?.status === 'matched' ? (considered(catalog, r.zone)[0] ?? null) : null,
        conflicting: r?.status === 'conflict' ? r.zones.flatMap((m) => considered(catalog, m)) : [],
        considered: (r?.considered ?? []).flatMap((m) => considered(catalog, m)),
        explanation: explanation(catalog, r),
      };
    }),
  };
}
