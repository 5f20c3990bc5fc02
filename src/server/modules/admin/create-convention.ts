import { and, eq } from 'drizzle-orm';
import {
  CONVENTION_DOCUMENT_MAX_BYTES,
  type ConventionView,
  type CreateConventionInput,
} from '../../../contracts/admin';
import { conventions, partnerTerritories } from '../../db/schema/access';
import { AppError } from '../../platform/errors';
import { sha256Bytes } from './documents';
import { parisToday } from '../accounts/actor.repository';
import { findConvention, findPartner } from './admin.repository';
import { requireTerritoryAdministrator } from './charter-access';
import { auditBase, type AdminContext } from './context';
import { presentConvention } from './list-conventions';

export interface UploadedDocument {
  name: string;
  bytes: Buffer;
}

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

/** The signed convention must be a PDF: checked on its first bytes, a renamed file is not one. */
export function checkPdf(doc: UploadedDocument): void {
  if (doc.bytes.length > CONVENTION_DOCUMENT_MAX_BYTES) throw new AppError('invalid', 'PAYLOAD_TOO_LARGE');
  if (doc.bytes.length < PDF_MAGIC.length || !doc.bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    throw new AppError('invalid', 'CONVENTION_DOCUMENT_NOT_PDF');
  }
}

/** A file name safe to send back in Content-Disposition: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return clean === '' ? 'convention.pdf' : clean;
}

/** Records a partner's convention on a territory, with its signed PDF when one is sent. */
export async function createConvention(
  ctx: AdminContext,
  input: CreateConventionInput,
  document: UploadedDocument | null,
): Promise<ConventionView> {
  requireTerritoryAdministrator(ctx, input.territoryId);
  if (input.endsOn < input.startsOn) throw new AppError('invalid', 'CONVENTION_DATES_INVALID');
  const partner = await findPartner(ctx.db, input.partnerId);
  if (!partner) throw new AppError('not_found', 'PARTNER_NOT_FOUND');
  const [linked] = await ctx.db
    .select()
    .from(partnerTerritories)
    .where(
      and(
        eq(partnerTerritories.partnerId, partner.id),
        eq(partnerTerritories.territoryId, input.territoryId),
      ),
    );
  if (!linked) throw new AppError('invalid', 'PARTNER_NOT_IN_TERRITORY');
  if (document) checkPdf(document);
  const id = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(conventions)
      .values({
        partnerId: partner.id,
        territoryId: input.territoryId,
        title: input.title,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        signedOn: input.signedOn ?? null,
        documentName: document ? cleanFileName(document.name) : null,
        documentType: document ? 'application/pdf' : null,
        documentSha256: document ? sha256Bytes(document.bytes) : null,
        document: document ? new Uint8Array(document.bytes) : null,
        createdAt: ctx.now,
        createdBy: ctx.actor.memberId,
      })
      .returning({ id: conventions.id });
    if (!created) throw new Error('convention insert returned nothing');
    await ctx.audit(tx, {
      ...auditBase(ctx, input.territoryId),
      action: 'convention.create',
      subjectType: 'convention',
      subjectId: created.id,
    });
    return created.id;
  });
  const row = await findConvention(ctx.db, id);
  if (!row) throw new Error('convention vanished after insert');
  return presentConvention(row, parisToday(ctx.now));
}
