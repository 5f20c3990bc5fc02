import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type RefObject,
} from 'react';
import { Link } from 'react-router';
import {
  CROSSWALK_MAX_BYTES,
  CROSSWALK_MAX_ROWS,
  CROSSWALK_STATUS_LABELS,
  CROSSWALK_STATUSES,
  crosswalkResultSchema,
  guessColumns,
  headerColumns,
  type CrosswalkResult,
} from '../../../contracts/crosswalk';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { sendJson, useMe } from '../../lib/session';
import { useDocumentTitle } from '../../lib/use-document-title';

const TITLE = 'Correspondances : secteurs et services sociaux de vos immeubles';
const COORDINATES = 'coordonnees';
const number = new Intl.NumberFormat('fr-FR');

/** The choice of the address column: a column name, or the pair of coordinate columns. */
interface FilePreview {
  file: File;
  columns: string[];
  coordinates: { latColumn: string; lonColumn: string } | null;
}

/** « Correspondances »: a landlord's file of buildings completed with sectors, CMP and social service. */
export function CrosswalkPage() {
  useDocumentTitle('Correspondances');
  const me = useMe();
  return (
    <div className="page page-wide crosswalk">
      <h1>{TITLE}</h1>
      <p className="lead">
        Envoyez la liste de vos immeubles : Passerelle indique pour chacun le secteur de psychiatrie adulte,
        le secteur de psychiatrie de l’enfant et de l’adolescent, leur centre médico-psychologique (CMP)
        principal et son téléphone, et l’espace départemental des solidarités ou le service social compétent.
      </p>
      {me.isPending ? <Loading label="Vérification de votre connexion…" /> : null}
      {me.isError ? (
        <Alert tone="error">
          <p>{errorMessage(me.error)}</p>
        </Alert>
      ) : null}
      {me.isSuccess && !me.data ? (
        <Alert tone="info" title="Connexion nécessaire">
          <p>
            Les correspondances sont réservées aux membres du partenariat.{' '}
            <Link to="/connexion?retour=/correspondances">Se connecter</Link>
          </p>
        </Alert>
      ) : null}
      {me.isSuccess && me.data ? <Crosswalk /> : null}
    </div>
  );
}

function Crosswalk() {
  const ids = useId();
  const fileId = `${ids}-fichier`;
  const columnId = `${ids}-colonne`;
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [column, setColumn] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<CrosswalkResult | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0] ?? null;
    setPreview(null);
    setResult(null);
    setError(null);
    setFileError(null);
    if (!file) return;
    if (file.size > CROSSWALK_MAX_BYTES) {
      setFileError('Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers.');
      return;
    }
    const columns = headerColumns(await file.slice(0, 64 * 1024).text());
    if (columns.length === 0) {
      setFileError('La première ligne du fichier est vide : elle doit donner le nom des colonnes.');
      return;
    }
    const guess = guessColumns(columns);
    const coordinates =
      guess?.latColumn && guess.lonColumn ? { latColumn: guess.latColumn, lonColumn: guess.lonColumn } : null;
    setPreview({ file, columns, coordinates });
    setColumn(guess?.addressColumn ?? (coordinates ? COORDINATES : ''));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!preview) {
      setFileError('Choisissez le fichier CSV de vos immeubles.');
      return;
    }
    if (column === '') {
      setError('Choisissez la colonne qui contient l’adresse des immeubles.');
      return;
    }
    const form = new FormData();
    if (column === COORDINATES && preview.coordinates) {
      form.append('latColumn', preview.coordinates.latColumn);
      form.append('lonColumn', preview.coordinates.lonColumn);
    } else form.append('addressColumn', column);
    // The file comes last: the server reads the fields before the file.
    form.append('file', preview.file, preview.file.name);
    setPending(true);
    setResult(null);
    try {
      setResult(await sendJson('POST', '/crosswalk?format=json', form, crosswalkResultSchema));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <section className="card crosswalk-help" aria-labelledby={`${ids}-aide`}>
        <h2 id={`${ids}-aide`}>Préparer le fichier</h2>
        <ul>
          <li>
            Un fichier <strong>CSV</strong> (enregistré depuis un tableur : « CSV UTF-8 » ou « CSV séparateur
            point-virgule »), une ligne par immeuble, la première ligne donnant le nom des colonnes.
          </li>
          <li>
            Une colonne d’<strong>adresse</strong> complète (numéro, rue, commune), par exemple « 4 rue Marco
            Polo, Choisy-le-Roi » ; ou deux colonnes de coordonnées « lat » et « lon ».
          </li>
          <li>
            {number.format(CROSSWALK_MAX_ROWS)} lignes et 5 Mo au plus. Vos autres colonnes (référence,
            gardien…) sont conservées telles quelles.
          </li>
          <li>
            Les adresses ne sont ni conservées ni journalisées : seuls votre utilisation du service et le
            nombre de lignes par résultat sont enregistrés.
          </li>
        </ul>
      </section>

      <form className="card crosswalk-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={fileId}>Fichier des immeubles (CSV)</label>
          <p id={`${fileId}-aide`} className="field-hint">
            Fichier CSV, 5 Mo et {number.format(CROSSWALK_MAX_ROWS)} lignes au plus.
          </p>
          <input
            id={fileId}
            name="file"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby={`${fileId}-aide${fileError ? ` ${fileId}-erreur` : ''}`}
            aria-invalid={fileError ? true : undefined}
            onChange={(event) => void pick(event)}
          />
          {fileError ? (
            <p id={`${fileId}-erreur`} className="field-error">
              {fileError}
            </p>
          ) : null}
        </div>

        {preview ? (
          <div className="field">
            <p id={`${columnId}-colonnes`} className="field-hint">
              Colonnes trouvées : {preview.columns.map((c) => `« ${c} »`).join(', ')}.
            </p>
            <label htmlFor={columnId}>Colonne de l’adresse</label>
            <select
              id={columnId}
              value={column}
              aria-describedby={`${columnId}-colonnes`}
              onChange={(event) => setColumn(event.target.value)}
            >
              <option value="">— Choisissez une colonne —</option>
              {preview.coordinates ? (
                <option value={COORDINATES}>
                  Coordonnées (« {preview.coordinates.latColumn} » et « {preview.coordinates.lonColumn} »)
                </option>
              ) : null}
              {preview.columns
                .filter((c) => c !== '')
                .map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
            </select>
          </div>
        ) : null}

        <div className="crosswalk-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Traitement en cours…' : 'Lancer'}
          </button>
        </div>
        {pending ? <Loading label="Recherche des secteurs de chaque immeuble…" /> : null}
        {error ? (
          <Alert tone="error">
            <p>{error}</p>
          </Alert>
        ) : null}
      </form>

      {result ? <CrosswalkResultView result={result} headingRef={resultHeading} /> : null}
    </>
  );
}

function CrosswalkResultView({
  result,
  headingRef,
}: {
  result: CrosswalkResult;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const ids = useId();
  // The BOM lets spreadsheets open the file as UTF-8 (accents intact).
  const href = useMemo(
    () => URL.createObjectURL(new Blob([`\uFEFF${result.csv}`], { type: 'text/csv;charset=utf-8' })),
    [result],
  );
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  const shown = result.rows.length;

  return (
    <section className="crosswalk-result" aria-labelledby={`${ids}-titre`}>
      <h2 id={`${ids}-titre`} ref={headingRef} tabIndex={-1}>
        Résultat : {number.format(result.summary.rows)} {result.summary.rows > 1 ? 'immeubles' : 'immeuble'}
      </h2>
      <p>
        <a className="button button-primary" href={href} download={result.fileName}>
          Télécharger le fichier complété
        </a>{' '}
        <span className="field-hint">({result.fileName}, toutes les lignes)</span>
      </p>

      <div className="table-wrapper" role="region" aria-labelledby={`${ids}-resume`} tabIndex={0}>
        <table className="table crosswalk-summary">
          <caption id={`${ids}-resume`}>Nombre d’immeubles par résultat</caption>
          <thead>
            <tr>
              <th scope="col">Résultat</th>
              <th scope="col">Immeubles</th>
            </tr>
          </thead>
          <tbody>
            {CROSSWALK_STATUSES.filter((s) => s === 'ok' || (result.summary.byStatus[s] ?? 0) > 0).map(
              (s) => (
                <tr key={s}>
                  <th scope="row">{CROSSWALK_STATUS_LABELS[s]}</th>
                  <td>{number.format(result.summary.byStatus[s] ?? 0)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>

      {shown > 0 ? (
        <div className="table-wrapper" role="region" aria-labelledby={`${ids}-apercu`} tabIndex={0}>
          <table className="table crosswalk-preview">
            <caption id={`${ids}-apercu`}>
              {shown < result.summary.rows
                ? `Aperçu des ${number.format(shown)} premières lignes du fichier complété`
                : 'Aperçu du fichier complété'}
            </caption>
            <thead>
              <tr>
                {result.columns.map((c, i) => (
                  <th key={`${i}-${c}`} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row, r) => (
                <tr key={r}>
                  {result.columns.map((c, i) => {
                    const value = row[i] ?? '';
                    return (
                      <td key={`${i}-${c}`}>
                        {c === 'statut' && value in CROSSWALK_STATUS_LABELS
                          ? CROSSWALK_STATUS_LABELS[value as keyof typeof CROSSWALK_STATUS_LABELS]
                          : value}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
