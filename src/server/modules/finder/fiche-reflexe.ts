import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CareSite, LookupQuery, LookupResponse, SectorResult } from '../../../contracts/finder';
// The French reading of opening hours is pure text shared with the finder card, so both say the same thing.
import { describeOpeningHours } from '../../../web/lib/opening-hours';
import { AppError } from '../../platform/errors';
import { lookupAddress, type FinderContext } from './lookup-address';

export interface FicheContext extends FinderContext {
  /** Public address of the finder, printed and encoded in the QR code. */
  publicUrl: string;
}

export interface FicheReflexe {
  pdf: Buffer;
  /** ASCII only, safe inside a quoted Content-Disposition filename. */
  fileName: string;
}

/** Non-breaking space: French puts one before « : ; ? ! » and inside guillemets, and inside phone numbers. */
const NB = '\u00a0';
const DEMO = `[Données de démonstration]`;

const SECTOR_TITLES = {
  adult: 'Psychiatrie adulte',
  child: 'Psychiatrie enfants et adolescents',
} as const;

const CRISIS_KINDS: ReadonlySet<CareSite['kind']> = new Set(['crisis_centre', 'emergency']);
const CRISIS_LABELS: Partial<Record<CareSite['kind'], string>> = {
  crisis_centre: 'Centre d’accueil et de crise',
  emergency: 'Urgences psychiatriques',
};

/**
 * The one-page « fiche réflexe » for an address: exactly the finder's answer (same use case, same
 * precision rule), laid out to be pinned in a caretaker's office, with a QR code back to the live answer.
 * An address outside every territory has nothing local to print: it is refused like an unknown one.
 */
export async function printFicheReflexe(ctx: FicheContext, query: LookupQuery): Promise<FicheReflexe> {
  const answer = await lookupAddress(ctx, query);
  if (!answer.territory || !answer.address) throw new AppError('not_found', 'OUTSIDE_TERRITORIES');
  const finderUrl = finderLink(ctx.publicUrl, query, answer);
  const commune = answer.address.citycode ? ctx.catalog.boundaryName(answer.address.citycode) : null;
  const pdf = await drawFiche(answer, { finderUrl, now: ctx.now });
  return { pdf, fileName: `fiche-reflexe-${slug(commune ?? answer.address.label)}.pdf` };
}

/** The finder URL that reopens this answer (see readTarget in src/web/lib/lookup-target.ts). */
export function finderLink(publicUrl: string, query: LookupQuery, answer: LookupResponse): string {
  const base = publicUrl.replace(/\/+$/, '');
  const address = answer.address;
  const params = new URLSearchParams();
  if (query.q || !address) {
    params.set('q', address?.label ?? query.q ?? '');
  } else {
    params.set('lat', String(Math.round(address.lat * 1e6) / 1e6));
    params.set('lon', String(Math.round(address.lon * 1e6) / 1e6));
    if (query.place) {
      params.set('lieu', address.label);
      params.set('lieu_id', query.place);
    }
  }
  return `${base}/?${params.toString()}`;
}

/** « Choisy-le-Roi » → « choisy-le-roi »: ASCII letters, digits and dashes only. */
export function slug(text: string): string {
  const s = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'adresse';
}

/**
 * The standard PDF fonts only know Windows-1252: thin and narrow spaces become non-breaking spaces, and
 * any other character they cannot draw falls back to its unaccented form rather than an empty box.
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SPELLED_OUT: Record<string, string> = { '≈': 'env.', '≤': '<=', '≥': '>=', '→': '->', '✓': 'oui' };
export function printable(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\u2000-\u200a\u202f\u2007]/g, NB).replace(/[\u2010\u2011]/g, '-')) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) {
      out += ch;
    } else if (ch === '\n') {
      out += ch;
    } else if (SPELLED_OUT[ch]) {
      out += SPELLED_OUT[ch];
    } else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
    }
  }
  return out;
}

const phoneText = (phone: string | null) =>
  phone ? `Tél.${NB}: ${phone.replace(/ /g, NB)}` : `Tél.${NB}: non communiqué`;

function hoursText(openingHours: string | null): string {
  if (!openingHours) return `Horaires${NB}: non communiqués`;
  const sentences = describeOpeningHours(openingHours);
  return `Horaires${NB}: ${sentences ? sentences.join(' ; ').replace(/ ;/g, `${NB};`) : openingHours}`;
}

function printedOn(now: Date): string {
  const day = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(now);
  const [hours = '00', minutes = '00'] = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(now)
    .split(':');
  return `${day} à ${Number(hours)}${NB}h${NB}${minutes}`;
}

function hasDemo(answer: LookupResponse): boolean {
  const sectors = [answer.sectors.adult, answer.sectors.child].filter((s) => s !== null);
  return (
    answer.territory?.demo === true ||
    sectors.some(
      (s) => s.demo || s.zone.demo || s.sites.some((site) => site.provenance.demo || site.openingHoursDemo),
    ) ||
    answer.socialServices.some((s) => s.demo || s.zone.demo)
  );
}

/** Distinct sources behind the printed items, with their date when one is known. */
function sourcesOf(answer: LookupResponse): string[] {
  const lines = new Set<string>();
  const add = (p: {
    source: string;
    effectiveDate: string | null;
    verifiedAt: string | null;
    demo: boolean;
  }) => {
    const date = p.verifiedAt ?? p.effectiveDate;
    const line = `${p.source}${date ? ` (${date.slice(0, 10).split('-').reverse().join('/')})` : ''}${p.demo ? ` ${DEMO}` : ''}`;
    lines.add(line);
  };
  for (const sector of [answer.sectors.adult, answer.sectors.child]) {
    if (!sector) continue;
    add(sector.provenance);
    add(sector.zone.provenance);
    for (const site of printedSites(sector)) add(site.provenance);
  }
  for (const s of answer.socialServices) {
    add(s.provenance);
    add(s.zone.provenance);
  }
  return [...lines];
}

/** The CMP of the sector (its front door); other sites stay on the finder to keep one page. */
function printedSites(sector: SectorResult): CareSite[] {
  return sector.sites.filter((s) => s.kind === 'cmp' || CRISIS_KINDS.has(s.kind));
}

function crisisSites(answer: LookupResponse): CareSite[] {
  const seen = new Map<string, CareSite>();
  for (const sector of [answer.sectors.adult, answer.sectors.child]) {
    for (const site of sector?.sites ?? []) if (CRISIS_KINDS.has(site.kind)) seen.set(site.id, site);
  }
  return [...seen.values()];
}

const COLOURS = {
  ink: '#1b1b1b',
  muted: '#4a4a4a',
  rule: '#8a8a8a',
  emergency: '#a4161a',
  emergencyTint: '#fbeaea',
  demo: '#7a4b00',
  demoTint: '#fff4dc',
  info: '#0b4f8a',
  infoTint: '#e8f1fa',
  heading: '#0b3d5c',
};

interface DrawOptions {
  finderUrl: string;
  now: Date;
}

async function drawFiche(answer: LookupResponse, opts: DrawOptions): Promise<Buffer> {
  const qr = await QRCode.toBuffer(opts.finderUrl, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 360,
  });
  const address = answer.address?.label ?? '';
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 36, bottom: 30, left: 42, right: 42 },
    lang: 'fr-FR',
    info: {
      Title: printable(`Fiche réflexe — ${address}`),
      Subject: 'Santé mentale et logement : à qui s’adresser pour cette adresse',
      Author: 'Passerelle',
      CreationDate: opts.now,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const text = (s: string, o: PDFKit.Mixins.TextOptions = {}) => doc.text(printable(s), o);

  // Header
  doc.fillColor(COLOURS.muted).font('Helvetica-Bold').fontSize(8.5);
  doc.text(printable('PASSERELLE · FICHE RÉFLEXE SANTÉ MENTALE ET LOGEMENT'), left, doc.page.margins.top, {
    characterSpacing: 0.6,
    width,
  });
  doc.moveDown(0.3).fillColor(COLOURS.ink).font('Helvetica-Bold').fontSize(17);
  text(address, { width });
  doc.moveDown(0.15).font('Helvetica').fontSize(9.5).fillColor(COLOURS.muted);
  text(`Territoire${NB}: ${answer.territory?.name ?? ''}`, { continued: answer.territory?.demo === true });
  if (answer.territory?.demo)
    doc
      .fillColor(COLOURS.demo)
      .font('Helvetica-Bold')
      .text(printable(` ${DEMO}`));
  doc.font('Helvetica').fillColor(COLOURS.muted);
  text(`Fiche imprimée le ${printedOn(opts.now)} — vérifiez-la en ligne (QR code en bas de page).`);
  doc.moveDown(0.5);

  // Emergency box: the first thing read in a hurry.
  drawEmergency(doc, answer, left, width);

  // Notices: what the answer could not decide, and what is illustrative.
  if (answer.message) notice(doc, answer.message, COLOURS.info, COLOURS.infoTint, left, width);
  if (hasDemo(answer)) {
    notice(
      doc,
      `Les éléments marqués ${DEMO} illustrent le fonctionnement de Passerelle et ne viennent pas d’une source officielle${NB}: vérifiez-les auprès du secteur ou du coordinateur avant d’orienter une personne.`,
      COLOURS.demo,
      COLOURS.demoTint,
      left,
      width,
      'Données de démonstration',
    );
  }

  const conflicts = new Map(answer.conflicts.map((c) => [c.layer, c.message]));
  for (const kind of ['adult', 'child'] as const) {
    const sector = answer.sectors[kind];
    const conflict = conflicts.get(kind);
    if (sector) {
      sectionHeading(
        doc,
        `${SECTOR_TITLES[kind]} — secteur ${sector.code}`,
        sector.demo ? DEMO : null,
        left,
        width,
      );
      doc.font('Helvetica').fontSize(9).fillColor(COLOURS.muted);
      text(`${sector.name} · ${sector.establishment.name}`, { width });
      text(`Compétence${NB}: ${sector.zone.reason}${sector.zone.demo ? ` (zone de démonstration)` : ''}`, {
        width,
      });
      const cmps = sector.sites.filter((s) => s.kind === 'cmp');
      if (cmps.length === 0) {
        doc.fillColor(COLOURS.ink);
        text('Aucun CMP renseigné pour ce secteur : consultez le finder en ligne.', { width });
      }
      for (const site of cmps) siteEntry(doc, site, 'CMP', left, width);
    } else {
      sectionHeading(doc, SECTOR_TITLES[kind], null, left, width);
      doc.font('Helvetica').fontSize(9.5).fillColor(COLOURS.ink);
      // A layer the precision could not decide is never printed as if it were known.
      text(conflict ?? answer.message ?? 'Aucun secteur n’est renseigné pour cette adresse.', { width });
    }
  }

  const crisis = crisisSites(answer);
  if (crisis.length > 0) {
    sectionHeading(doc, 'Accueil de crise et urgences psychiatriques', null, left, width);
    for (const site of crisis) siteEntry(doc, site, CRISIS_LABELS[site.kind] ?? 'Urgences', left, width);
  }

  sectionHeading(doc, 'Service social', null, left, width);
  if (answer.socialServices.length === 0) {
    doc.font('Helvetica').fontSize(9.5).fillColor(COLOURS.ink);
    text(
      conflicts.get('social') ?? answer.message ?? 'Aucun service social n’est renseigné pour cette adresse.',
      {
        width,
      },
    );
  }
  for (const s of answer.socialServices) {
    doc.moveDown(0.25).font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.ink);
    text(s.name, { width, continued: s.demo });
    if (s.demo) doc.fillColor(COLOURS.demo).text(printable(` ${DEMO}`));
    doc.font('Helvetica').fontSize(9).fillColor(COLOURS.ink);
    text([s.address, phoneText(s.phone)].filter(Boolean).join(' · '), { width });
    text(hoursText(s.openingHours), { width });
  }

  drawFooter(doc, answer, qr, opts, left, width);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawEmergency(doc: PDFKit.PDFDocument, answer: LookupResponse, left: number, width: number) {
  const top = doc.y;
  const pad = 8;
  const column = (width - pad * 2) / Math.max(answer.emergency.length, 1);
  doc.save();
  // Measure first: the box is drawn behind the text.
  doc.font('Helvetica').fontSize(8.5);
  const guidanceHeight = answer.guidance.reduce(
    (h, g) => h + doc.heightOfString(printable(`• ${g}`), { width: width - pad * 2 }) + 1,
    0,
  );
  doc.font('Helvetica').fontSize(8);
  const whenHeight = Math.max(
    ...answer.emergency.map((e) => doc.heightOfString(printable(e.when), { width: column - 8 })),
  );
  const height = pad + 13 + 24 + 22 + whenHeight + 6 + 13 + guidanceHeight + pad;
  doc.rect(left, top, width, height).fillAndStroke(COLOURS.emergencyTint, COLOURS.emergency);
  doc.restore();

  doc.fillColor(COLOURS.emergency).font('Helvetica-Bold').fontSize(11);
  doc.text(printable('En cas d’urgence'), left + pad, top + pad, { width: width - pad * 2 });
  const numbersTop = top + pad + 14;
  answer.emergency.forEach((e, i) => {
    const x = left + pad + i * column;
    doc.fillColor(COLOURS.emergency).font('Helvetica-Bold').fontSize(22);
    doc.text(printable(e.number), x, numbersTop, { width: column - 8, lineBreak: false });
    doc.fillColor(COLOURS.ink).font('Helvetica-Bold').fontSize(8.5);
    doc.text(printable(e.label), x, numbersTop + 24, { width: column - 8 });
    doc.font('Helvetica').fontSize(8).fillColor(COLOURS.muted);
    doc.text(printable(e.when), x, numbersTop + 24 + 22, { width: column - 8 });
  });
  const guidanceTop = numbersTop + 24 + 22 + whenHeight + 6;
  doc.fillColor(COLOURS.emergency).font('Helvetica-Bold').fontSize(9.5);
  doc.text(printable(`Que faire maintenant${NB}?`), left + pad, guidanceTop, {
    width: width - pad * 2,
  });
  doc.font('Helvetica').fontSize(8.5).fillColor(COLOURS.ink);
  for (const g of answer.guidance) {
    doc.text(printable(`• ${g}`), left + pad, doc.y + 1, { width: width - pad * 2 });
  }
  doc.x = left;
  doc.y = top + height + 8;
}

function notice(
  doc: PDFKit.PDFDocument,
  message: string,
  colour: string,
  tint: string,
  left: number,
  width: number,
  title?: string,
) {
  const pad = 6;
  const body = printable(title ? `${title}${NB}: ${message}` : message);
  doc.font('Helvetica').fontSize(9);
  const height = doc.heightOfString(body, { width: width - pad * 2 }) + pad * 2;
  const top = doc.y;
  doc.save().rect(left, top, width, height).fillAndStroke(tint, colour).restore();
  doc.fillColor(colour);
  if (title) {
    doc.font('Helvetica-Bold').text(printable(`${title}${NB}: `), left + pad, top + pad, {
      width: width - pad * 2,
      continued: true,
    });
    doc.font('Helvetica').text(printable(message));
  } else {
    doc.text(body, left + pad, top + pad, { width: width - pad * 2 });
  }
  doc.x = left;
  doc.y = top + height + 6;
}

function sectionHeading(
  doc: PDFKit.PDFDocument,
  title: string,
  mark: string | null,
  left: number,
  width: number,
) {
  doc.moveDown(0.4);
  const y = doc.y;
  doc
    .save()
    .moveTo(left, y)
    .lineTo(left + width, y)
    .lineWidth(0.6)
    .strokeColor(COLOURS.rule)
    .stroke()
    .restore();
  doc.fillColor(COLOURS.heading).font('Helvetica-Bold').fontSize(11.5);
  doc.text(printable(title), left, y + 4, { width, continued: mark !== null });
  if (mark)
    doc
      .fillColor(COLOURS.demo)
      .fontSize(9)
      .text(printable(` ${mark}`));
}

function siteEntry(doc: PDFKit.PDFDocument, site: CareSite, kindLabel: string, left: number, width: number) {
  doc.moveDown(0.25).fillColor(COLOURS.ink).font('Helvetica-Bold').fontSize(10);
  doc.text(printable(`${kindLabel} · ${site.name}`), left, doc.y, { width, continued: site.provenance.demo });
  if (site.provenance.demo) doc.fillColor(COLOURS.demo).text(printable(` ${DEMO}`));
  doc.font('Helvetica').fontSize(9).fillColor(COLOURS.ink);
  const place = [site.address, [site.postcode, site.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  doc.text(printable([place, phoneText(site.phone)].filter(Boolean).join(' · ')), { width });
  doc.text(printable(hoursText(site.openingHours)), { width, continued: site.openingHoursDemo });
  if (site.openingHoursDemo) doc.fillColor(COLOURS.demo).text(printable(' (horaires de démonstration)'));
}

function drawFooter(
  doc: PDFKit.PDFDocument,
  answer: LookupResponse,
  qr: Buffer,
  opts: DrawOptions,
  left: number,
  width: number,
) {
  const qrSize = 84;
  const sources = sourcesOf(answer);
  doc.font('Helvetica').fontSize(7);
  const textWidth = width - qrSize - 12;
  const sourcesText = printable(`Sources${NB}: ${sources.join(' ; ')}`);
  const textHeight =
    doc.heightOfString(sourcesText, { width: textWidth }) +
    doc.heightOfString(printable(opts.finderUrl), { width: textWidth }) +
    30;
  const height = Math.max(qrSize + 12, textHeight);
  const bottom = doc.page.height - doc.page.margins.bottom;
  // At the foot of the page when there is room, so the QR code sits in the same place on every fiche.
  if (doc.y + 10 + height > bottom) doc.addPage();
  const top = Math.max(doc.y + 10, doc.page.height - doc.page.margins.bottom - height);
  doc
    .save()
    .moveTo(left, top)
    .lineTo(left + width, top)
    .lineWidth(0.6)
    .strokeColor(COLOURS.rule)
    .stroke()
    .restore();
  doc.image(qr, left + width - qrSize, top + 6, { width: qrSize, height: qrSize });
  doc.fillColor(COLOURS.ink).font('Helvetica-Bold').fontSize(8.5);
  doc.text(printable('Réponse à jour en ligne (scannez le QR code)'), left, top + 6, { width: textWidth });
  doc.font('Helvetica').fontSize(7.5).fillColor(COLOURS.info);
  doc.text(printable(opts.finderUrl), { width: textWidth, link: opts.finderUrl });
  doc.moveDown(0.3).fontSize(7).fillColor(COLOURS.muted);
  doc.text(sourcesText, { width: textWidth });
  doc.text(
    printable(
      `Fiche produite par Passerelle le ${printedOn(opts.now)}, à partir de la réponse de «${NB}Où s’adresser${NB}?${NB}».`,
    ),
    { width: textWidth },
  );
}
