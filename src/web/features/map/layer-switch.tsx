import type { MapLayer } from '../../lib/schemas';
import { LAYER_STYLES, MAP_LAYER_LABELS, ZONE_LAYERS, type Visibility } from './map-style';

const ORDER: readonly MapLayer[] = ['adult', 'child', 'social'];

interface LayerSwitchProps {
  visibility: Visibility;
  onChange: (visibility: Visibility) => void;
}

/** Checkboxes that double as the legend: colour swatch, outline pattern in words, and the label. */
export function LayerSwitch({ visibility, onChange }: LayerSwitchProps) {
  return (
    <fieldset className="layer-switch">
      <legend>Couches affichées</legend>
      <ul>
        {ORDER.filter((layer) => ZONE_LAYERS.includes(layer)).map((layer) => {
          const style = LAYER_STYLES[layer];
          const id = `couche-${layer}`;
          return (
            <li key={layer}>
              <input
                id={id}
                type="checkbox"
                checked={visibility[layer]}
                onChange={(event) => onChange({ ...visibility, [layer]: event.target.checked })}
              />
              <label htmlFor={id}>
                <span
                  className={`swatch swatch-${layer}`}
                  style={{ borderColor: style.colour, backgroundColor: `${style.colour}33` }}
                  aria-hidden="true"
                />
                {MAP_LAYER_LABELS[layer]} <span className="muted">(contour en {style.legend})</span>
              </label>
            </li>
          );
        })}
        <li>
          <input
            id="couche-sites"
            type="checkbox"
            checked={visibility.sites}
            onChange={(event) => onChange({ ...visibility, sites: event.target.checked })}
          />
          <label htmlFor="couche-sites">
            <span className="swatch swatch-site" aria-hidden="true" />
            Lieux de soins <span className="muted">(cercles)</span>
          </label>
        </li>
      </ul>
    </fieldset>
  );
}
