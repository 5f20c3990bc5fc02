import type { SiteKind } from '../../contracts/finder';

/** French labels of stored enum values. Identifiers stay in English; only the UI speaks French. */

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  cmp: 'CMP',
  cattp: 'CATTP',
  day_hospital: 'Hôpital de jour',
  crisis_centre: "Centre d'accueil et de crise",
  hospital_unit: "Unité d'hospitalisation",
  emergency: 'Urgences psychiatriques',
  other: 'Autre',
};

/** Long form read by screen readers and shown in legends. */
export const SITE_KIND_DESCRIPTIONS: Record<SiteKind, string> = {
  cmp: 'Centre médico-psychologique',
  cattp: "Centre d'accueil thérapeutique à temps partiel",
  day_hospital: 'Hôpital de jour',
  crisis_centre: "Centre d'accueil et de crise",
  hospital_unit: "Unité d'hospitalisation",
  emergency: 'Urgences psychiatriques',
  other: 'Autre lieu de soins',
};

export function siteKindLabel(kind: string): string {
  return kind in SITE_KIND_LABELS ? SITE_KIND_LABELS[kind as SiteKind] : SITE_KIND_LABELS.other;
}

export function siteKindDescription(kind: string): string {
  return kind in SITE_KIND_DESCRIPTIONS
    ? SITE_KIND_DESCRIPTIONS[kind as SiteKind]
    : SITE_KIND_DESCRIPTIONS.other;
}

export const SECTOR_KIND_LABELS = { adult: 'Adulte', child: 'Enfants' } as const;

export const SECTOR_BLOCK_TITLES = {
  adult: 'Secteur adulte',
  child: 'Secteur enfants et adolescents',
} as const;

const LAYER_LABELS: Record<string, string> = {
  adult: 'Secteur adulte',
  child: 'Secteur enfants et adolescents',
  social: 'Service social',
};

export function layerLabel(layer: string): string {
  return LAYER_LABELS[layer] ?? layer;
}

const ZONE_KIND_LABELS: Record<string, string> = {
  commune: 'Commune',
  polygon: 'Périmètre',
  street: 'Rue',
  number_range: 'Plage de numéros',
};

export function zoneKindLabel(kind: string): string {
  return ZONE_KIND_LABELS[kind] ?? kind;
}

export const ZONE_MODE_LABELS = { include: 'Inclusion', exclude: 'Exclusion' } as const;

export const LAYER_STATUS_LABELS = {
  matched: 'Zone trouvée',
  none: 'Aucune zone',
  conflict: 'Conflit',
} as const;

export const CONFIDENCE_LABELS = { high: 'élevée', medium: 'moyenne', low: 'faible' } as const;

export const SITE_PUBLIC_LABELS: Record<string, string> = {
  adult: 'Adultes',
  child: 'Enfants et adolescents',
  all: 'Tous publics',
};

const SOCIAL_SERVICE_KIND_LABELS: Record<string, string> = {
  eds: 'Espace départemental des solidarités',
  eps: 'Espace parisien des solidarités',
  ssdp: 'Service social départemental polyvalent',
  ccas: "Centre communal d'action sociale",
  casvp: "Centre d'action sociale de la Ville de Paris",
  psa: 'Permanence sociale d’accueil',
};

export function socialServiceKindLabel(kind: string): string {
  return SOCIAL_SERVICE_KIND_LABELS[kind.toLowerCase()] ?? 'Service social';
}

export const PLACE_KIND_LABELS = {
  commune: 'Communes',
  arrondissement: 'Arrondissements',
  quartier: 'Quartiers',
} as const;
