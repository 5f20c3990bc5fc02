import { useSearchParams } from 'react-router';
import type { LookupResponse } from '../../../contracts/finder';
import type { LookupTarget } from '../../lib/api';
import { readTarget, roundCoordinate, toLookupTarget } from '../../lib/lookup-target';

interface FicheLinkProps {
  answer: LookupResponse;
  /** The point that was looked up, when the page URL does not say it. */
  point?: { lat: number; lon: number };
}

/** The PDF is asked with the very query the card answers, so both show the same sectors and messages. */
export function ficheHref(target: LookupTarget): string {
  const params = new URLSearchParams(
    target.kind === 'address'
      ? { q: target.q }
      : {
          lat: roundCoordinate(target.lat),
          lon: roundCoordinate(target.lon),
          ...(target.place ? { place: target.place } : {}),
        },
  );
  return `/api/v1/lookup/fiche.pdf?${params.toString()}`;
}

function targetOf(params: URLSearchParams, answer: LookupResponse, point?: FicheLinkProps['point']) {
  const fromUrl = readTarget(params);
  if (fromUrl) return toLookupTarget(fromUrl);
  if (point) return { kind: 'point' as const, lat: point.lat, lon: point.lon };
  if (answer.address) return { kind: 'address' as const, q: answer.address.label };
  return null;
}

/** « Imprimer la fiche réflexe (PDF) »: the one-page sheet a caretaker pins up for this building. */
export function FicheLink({ answer, point }: FicheLinkProps) {
  const [params] = useSearchParams();
  const target = targetOf(params, answer, point);
  if (!answer.territory || !target) return null;
  return (
    <p className="fiche-link">
      <a className="button" href={ficheHref(target)} type="application/pdf">
        Imprimer la fiche réflexe (PDF)
      </a>
    </p>
  );
}
