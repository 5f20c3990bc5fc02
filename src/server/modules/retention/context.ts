import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { AuditEvent } from '../../platform/audit';
import type { JobLog } from '../../platform/jobs';
import type { Mailer } from '../../platform/mail';

/** A transaction of the application database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type RetentionConfig = Pick<
  Config,
  | 'INACTIVE_ACCOUNT_WARN_DAYS'
  | 'INACTIVE_ACCOUNT_GRACE_DAYS'
  | 'RETENTION_CLOSED_SITUATION_DAYS'
  | 'PUBLIC_URL'
>;

/** What a retention rule needs: no request, no actor (every change it makes is audited with actor null). */
export interface RetentionContext {
  db: Db;
  config: RetentionConfig;
  mailer: Mailer;
  /**
   * Whether mail really leaves (SMTP_URL set). Without it the mailer only logs, and a member must never be
   * disabled after a warning nobody received, so the inactivity rule then warns no one.
   */
  canSendMail: boolean;
  /** The application clock (fixed in tests); read once per run so a run sees one instant. */
  now(): Date;
  audit(tx: Tx, event: AuditEvent): Promise<void>;
  log: JobLog & Pick<FastifyBaseLogger, 'warn'>;
}

/** The retention context of the running application: its database, clock, mailer and audit chain. */
export function retentionContextOf(app: FastifyInstance): RetentionContext {
  return {
    db: app.database.db,
    config: app.config,
    mailer: app.mailer,
    canSendMail: Boolean(app.config.SMTP_URL),
    now: () => app.now(),
    audit: (tx, event) => app.audit(tx, event),
    log: app.log,
  };
}
