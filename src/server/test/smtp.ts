import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  /** The `From:` header as written by the sender. */
  fromHeader: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** For SMTP_URL: plain SMTP on 127.0.0.1, no TLS, no authentication. */
  url: string;
  port: number;
  /** Every message received so far, in order of arrival. */
  messages: ReceivedMail[];
  /** The first message (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(match?: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Messages sent to this address. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Recipients the server refuses (550), to test how senders handle a refused message. */
  refuseRecipient?: (address: string) => boolean;
}

/**
 * A real SMTP server on a random local port that keeps what it receives, for tests that must prove a
 * message actually leaves the application (nodemailer speaks real SMTP to it). STARTTLS and AUTH are not
 * offered, so a plain `smtp://127.0.0.1:<port>` URL works without any TLS option.
 */
export async function startSmtpServer(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];

  const deliver = (mail: ReceivedMail) => {
    messages.push(mail);
    for (const w of [...waiters]) {
      if (w.match(mail)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(mail);
      }
    }
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.refuseRecipient?.(address.address)) {
        const err = Object.assign(new Error('Destinataire refusé'), { responseCode: 550 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const from = session.envelope.mailFrom;
          deliver({
            from: from ? from.address : '',
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            fromHeader: parsed.from?.text ?? '',
            parsed,
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    waitFor(match = () => true, timeoutMs = 5_000) {
      const already = messages.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: ReceivedMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(`no matching e-mail received within ${timeoutMs} ms (${messages.length} received)`),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message that starts with `prefix` (e.g. `http://localhost:3000/invitation?`). */
export function linkIn(mail: ReceivedMail, prefix: string): string | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}\\S*`).exec(mail.text)?.[0] ?? null;
}
