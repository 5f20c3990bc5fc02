/**
 * The authorisation matrix: every API route says who may call it. `authorization-matrix.test.ts` calls
 * every route as every kind of actor (anonymous, first factor only, each role, in the resource's territory
 * and in the other one) and checks the outcome; a route without an entry fails the test.
 *
 * Each module declares its entries in `<module>.access.ts` beside its routes, and the list below gathers
 * them (so adding a module means adding its file here).
 */

/** Who may call a route. */
export type Audience =
  /** anyone, signed in or not (public finder, login, health) */
  | 'anyone'
  /** any session, even before the second factor (enrol/verify TOTP, me, logout) */
  | 'session'
  /** any signed-in member with a complete session */
  | 'member'
  /** the coordinator of the resource's territory, or an instance admin */
  | 'coordinator'
  /** any coordinator (results scoped to the territories they coordinate), or an instance admin */
  | 'any_coordinator'
  /** any member holding a role in the resource's territory (complete session) */
  | 'territory_member'
  /** instance administrators only */
  | 'admin'
  /** members whose role, charter, convention and second factor open the territory's confidential data */
  | 'confidential';

/** Named actors the matrix test creates; all roles are in territory A unless the name says B. */
export type MatrixActor =
  | 'anonymous'
  | 'first_factor_only'
  | 'reader_a'
  | 'landlord_a'
  | 'professional_a'
  | 'commission_a'
  | 'coordinator_a'
  | 'coordinator_b'
  | 'professional_b'
  | 'admin';

/** Ids of resources the matrix test creates in territory A (the resource's territory) before the calls. */
export interface MatrixFixtures {
  territoryA: string;
  territoryB: string;
  partnerA: string;
  memberA: string;
  conventionA: string;
  charterA: string;
  /** the calling actor's own member id (or null when anonymous) */
  self: string | null;
  /** the calling actor's own session id (or null when anonymous) */
  sessionId: string | null;
}

export interface MatrixRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface RouteAccess {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route pattern exactly as registered (e.g. `/api/v1/admin/partners/:id`). */
  route: string;
  audience: Audience;
  /** A concrete request on territory A's resources; default: the route itself with no payload. */
  request?: (f: MatrixFixtures) => MatrixRequest;
  /**
   * Statuses that count as "let through" for this route besides 2xx/3xx (e.g. 422 when the payload is
   * deliberately minimal, 409 for a second identical creation). Never 401, 403 or 404.
   */
  alsoAllowed?: number[];
}
