/**
 * Error kinds and codes shared by server and web. Kinds map once to HTTP statuses; every code has its
 * French message here and only here.
 */
export const ERROR_KINDS = {
  invalid: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export const ERROR_MESSAGES = {
  VALIDATION_FAILED: 'La requête contient des données invalides.',
  LOOKUP_NEEDS_QUERY: 'Indiquez une adresse (q) ou des coordonnées (lat et lon).',
  LOOKUP_BOTH_QUERY_AND_POINT: 'Indiquez soit une adresse, soit des coordonnées, pas les deux.',
  ADDRESS_NOT_FOUND:
    "Adresse introuvable. Vérifiez l'orthographe, choisissez la commune ou cliquez sur la carte.",
  ADDRESS_AMBIGUOUS:
    'Plusieurs communes ou arrondissements correspondent à cette recherche : précisez (par exemple « Paris 20e ») ou indiquez la rue.',
  PLACE_NOT_FOUND: 'Lieu inconnu : choisissez une commune ou un quartier dans la liste.',
  GEOCODER_UNAVAILABLE:
    'Le service de géocodage ne répond pas. Choisissez la commune ou le quartier, ou cliquez sur la carte.',
  OUTSIDE_TERRITORIES: "Ce lieu n'est couvert par aucun territoire de Passerelle.",
  TERRITORY_NOT_FOUND: 'Territoire introuvable.',
  SECTOR_NOT_FOUND: 'Secteur introuvable.',
  ZONE_NOT_FOUND: 'Zone introuvable.',
  SITE_NOT_FOUND: 'Lieu de soins introuvable.',
  IMPORT_INVALID: "Le fichier d'import est invalide.",
  IMPORT_STALE: "Les zones ont été modifiées depuis le calcul du plan d'import : relancez l'import.",
  IMPORT_CONFLICTS: "L'import crée des conflits entre zones : corrigez-les avant d'enregistrer.",
  NOT_FOUND: 'Ressource introuvable.',
  ROUTE_NOT_FOUND: "Cette adresse de l'API n'existe pas.",
  RATE_LIMITED: 'Trop de requêtes. Réessayez dans un instant.',
  INTERNAL:
    'Erreur interne. Réessayez plus tard ; si le problème persiste, transmettez l’identifiant de requête.',
  FORBIDDEN: "Vous n'avez pas accès à cette ressource.",
  UNAUTHENTICATED: 'Vous devez être connecté.',
  PAYLOAD_TOO_LARGE: 'Le fichier envoyé est trop volumineux.',
  LOGIN_FAILED: 'Adresse e-mail ou mot de passe incorrect.',
  ACCOUNT_LOCKED:
    'Trop de tentatives de connexion : le compte est temporairement bloqué. Réessayez dans quelques minutes.',
  ACCOUNT_DISABLED: 'Ce compte est désactivé. Contactez le coordinateur de votre territoire.',
  SECOND_FACTOR_REQUIRED: 'Saisissez le code de votre application d’authentification.',
  SECOND_FACTOR_ENROLMENT_REQUIRED: 'Activez la double authentification pour continuer.',
  SECOND_FACTOR_INVALID: 'Code incorrect ou expiré.',
  SECOND_FACTOR_ALREADY_ENABLED: 'La double authentification est déjà activée.',
  SESSION_EXPIRED: 'Votre session a expiré : reconnectez-vous.',
  CSRF_INVALID: 'Jeton de sécurité manquant ou invalide : rechargez la page.',
  PASSWORD_TOO_SHORT: 'Le mot de passe doit contenir au moins 12 caractères.',
  PASSWORD_TOO_LONG: 'Le mot de passe ne doit pas dépasser 128 caractères.',
  PASSWORD_TOO_COMMON: 'Ce mot de passe est trop courant ou trop facile à deviner : choisissez-en un autre.',
  TOKEN_INVALID: 'Ce lien est invalide, a expiré ou a déjà été utilisé. Demandez-en un nouveau.',
  EMAIL_TAKEN: 'Un membre utilise déjà cette adresse e-mail.',
  OIDC_NOT_CONFIGURED: 'Ce fournisseur d’identité n’est pas configuré sur cette instance.',
  OIDC_FAILED: 'La connexion via le fournisseur d’identité a échoué. Réessayez.',
  OIDC_ACCOUNT_ALREADY_ACTIVE:
    'Un compte avec mot de passe existe déjà pour cette adresse : connectez-vous avec votre mot de passe et la double authentification.',
  OIDC_UNKNOWN_IDENTITY:
    'Aucun membre invité ne correspond à cette identité. Demandez une invitation au coordinateur de votre territoire.',
  CHARTER_NOT_ACCEPTED: 'Vous devez accepter la charte de confidentialité en vigueur.',
  CHARTER_OUTDATED: 'Une nouvelle version de la charte a été publiée : relisez-la.',
  CONVENTION_EXPIRED:
    'La convention de partenariat de votre organisation a expiré : l’accès aux situations est suspendu.',
  CONVENTION_MISSING: 'Votre organisation n’a pas de convention de partenariat en cours sur ce territoire.',
  CONVENTION_DATES_INVALID: 'La date de fin de la convention doit suivre sa date de début.',
  PARTNER_NOT_FOUND: 'Partenaire introuvable.',
  MEMBER_NOT_FOUND: 'Membre introuvable.',
  LAST_ADMIN: 'Impossible : ce membre est le dernier administrateur de l’instance.',
  CHARTER_NOT_FOUND: 'Aucune charte de confidentialité n’a été publiée pour ce territoire.',
  CONVENTION_NOT_FOUND: 'Convention introuvable.',
  CONVENTION_DOCUMENT_NOT_FOUND: 'Aucun document signé n’est joint à cette convention.',
  CONVENTION_DOCUMENT_NOT_PDF: 'Le document de la convention doit être un fichier PDF.',
  PARTNER_NOT_IN_TERRITORY:
    'Ce partenaire n’intervient pas sur ce territoire : ajoutez d’abord le territoire à sa fiche.',
  PARTNER_TYPE_CONFLICT:
    'Des membres de ce partenaire ont une catégorie d’information autre que « bailleur » : un bailleur social ne peut pas recevoir d’informations de santé. Modifiez d’abord leurs rôles.',
  ROLE_LANDLORD_CATEGORY:
    'Le personnel d’un bailleur social ne peut recevoir aucune information de santé : choisissez la catégorie « Bailleur ».',
  ROLE_CATEGORY_CONFLICT:
    'Ce membre a déjà une autre catégorie d’information sur ce territoire : un membre n’a qu’une catégorie par territoire.',
  INVITATION_ALREADY_ACCEPTED: 'Ce membre a déjà activé son compte : il n’a plus besoin d’invitation.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; requestId: string; details?: unknown };
}
