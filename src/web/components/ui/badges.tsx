/** « Données de démonstration »: illustrative data must never pass for real facts. */
export function DemoBadge({ label = 'Données de démonstration' }: { label?: string }) {
  return (
    <span className="badge badge-demo">
      <span aria-hidden="true" className="badge-demo-mark">
        ⚠
      </span>
      {label}
    </span>
  );
}

/** Open / closed state; the wording carries the meaning, the colour only reinforces it. */
export function OpeningBadge({ isOpen }: { isOpen: boolean | null }) {
  if (isOpen === null) return null;
  return isOpen ? (
    <span className="badge badge-open">Ouvert maintenant</span>
  ) : (
    <span className="badge badge-closed">Fermé</span>
  );
}

export function Tag({ children, title }: { children: string; title?: string }) {
  return (
    <span className="tag" title={title}>
      {children}
    </span>
  );
}
