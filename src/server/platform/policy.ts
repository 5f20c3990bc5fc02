import type { ConfidentialBlock, InfoCategory, Role } from '../../contracts/access';

export interface ActorRole {
  territoryId: string;
  role: Role;
  infoCategory: InfoCategory;
}

/** The signed-in member as every use case sees them (loaded once per request from the session). */
export interface Actor {
  memberId: string;
  partnerId: string;
  sessionId: string;
  displayName: string;
  email: string;
  isInstanceAdmin: boolean;
  roles: ActorRole[];
  /** The session passed the second factor. */
  secondFactor: boolean;
  /** Per territory where the member holds a role: what still keeps confidential data closed (empty = open). */
  blocks: Record<string, ConfidentialBlock[]>;
}

export type Action =
  /** Partners, members and roles across the instance; the instance audit. */
  | 'instance.administer'
  /** A territory's charter, conventions, members' roles; its audit. */
  | 'territory.administer'
  | 'territory.audit.read'
  /** Open confidential data (situations, alerts) of a territory. */
  | 'territory.confidential.read'
  /** See a member's profile (self, or administered). */
  | 'member.read';

export interface Resource {
  territoryId?: string | null;
  memberId?: string | null;
  partnerId?: string | null;
}

export type Decision = { allowed: true } | { allowed: false; reason: string; block?: ConfidentialBlock };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string, block?: ConfidentialBlock): Decision =>
  block ? { allowed: false, reason, block } : { allowed: false, reason };

/** Roles that take part in the follow-up of people and may open situations (need to know). */
export const CONFIDENTIAL_ROLES: readonly Role[] = [
  'coordinator',
  'commission_member',
  'partner_professional',
  'landlord_staff',
];

export function rolesIn(actor: Actor, territoryId: string): Role[] {
  return actor.roles.filter((r) => r.territoryId === territoryId).map((r) => r.role);
}

/**
 * The information category of the member in a territory. A member holding several roles there gets the
 * most restrictive category among them: a landlord who also reads never becomes a health professional.
 */
export function infoCategoryIn(actor: Actor, territoryId: string): InfoCategory | null {
  const order: InfoCategory[] = ['landlord', 'other', 'social', 'health'];
  let best: InfoCategory | null = null;
  for (const r of actor.roles) {
    if (r.territoryId !== territoryId) continue;
    if (best === null || order.indexOf(r.infoCategory) < order.indexOf(best)) best = r.infoCategory;
  }
  return best;
}

/** Whether clinical (health) fields may be shown: health professionals only (CSP L1110-4). */
export function mayReceiveClinical(actor: Actor, territoryId: string): boolean {
  return infoCategoryIn(actor, territoryId) === 'health';
}

/** Whether social-work fields may be shown: health and social professionals. */
export function mayReceiveSocial(actor: Actor, territoryId: string): boolean {
  const c = infoCategoryIn(actor, territoryId);
  return c === 'health' || c === 'social';
}

/** Pure authorisation: allowed, or why not. Callers turn a refusal into NOT_FOUND or FORBIDDEN. */
export function can(actor: Actor | null, action: Action, resource: Resource = {}): Decision {
  if (!actor) return deny('non connecté');
  switch (action) {
    case 'instance.administer':
      return actor.isInstanceAdmin ? ALLOW : deny('réservé aux administrateurs de l’instance');
    case 'territory.administer':
    case 'territory.audit.read': {
      if (actor.isInstanceAdmin) return ALLOW;
      const t = resource.territoryId;
      if (!t) return deny('territoire non précisé');
      return rolesIn(actor, t).includes('coordinator')
        ? ALLOW
        : deny('réservé au coordinateur du territoire');
    }
    case 'territory.confidential.read': {
      const t = resource.territoryId;
      if (!t) return deny('territoire non précisé');
      if (!rolesIn(actor, t).some((r) => CONFIDENTIAL_ROLES.includes(r)))
        return deny('aucun rôle donnant accès aux situations sur ce territoire');
      if (!actor.secondFactor) return deny('double authentification non vérifiée', 'second_factor_missing');
      const block = actor.blocks[t]?.[0];
      return block ? deny('accès suspendu', block) : ALLOW;
    }
    case 'member.read': {
      if (resource.memberId === actor.memberId || actor.isInstanceAdmin) return ALLOW;
      const t = resource.territoryId;
      return t && rolesIn(actor, t).includes('coordinator') ? ALLOW : deny('membre d’un autre périmètre');
    }
  }
}

/** Territories whose confidential data the actor may open now. */
export function confidentialTerritories(actor: Actor): string[] {
  const ids = new Set(actor.roles.map((r) => r.territoryId));
  return [...ids].filter((t) => can(actor, 'territory.confidential.read', { territoryId: t }).allowed);
}

/** Territories the actor administers (all of them for an instance admin: pass the full list). */
export function administeredTerritories(actor: Actor, allTerritoryIds: string[]): string[] {
  if (actor.isInstanceAdmin) return allTerritoryIds;
  return [...new Set(actor.roles.filter((r) => r.role === 'coordinator').map((r) => r.territoryId))];
}
