import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startSmtpServer, type TestSmtpServer } from '../test/smtp';
import { createMailer } from './mail';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const message = {
  to: 'Camille.Martin@bailleur.example',
  subject: 'Votre invitation à rejoindre Passerelle',
  text: 'Bonjour Camille Martin,\nVoici votre lien : https://passerelle.example/invitation?token=secret-token',
};

describe('createMailer', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.close());

  it('delivers a message over SMTP with the configured sender', async () => {
    const { log } = capturingLogger();
    const mailer = createMailer(
      loadConfig({}, { SMTP_URL: smtp.url, MAIL_FROM: 'Passerelle <ne-pas-repondre@clsm.example>' }),
      log,
    );
    try {
      await mailer.send(message);
    } finally {
      mailer.close();
    }
    const received = await smtp.waitFor((m) => m.to.includes('camille.martin@bailleur.example'));
    expect(received.from).toBe('ne-pas-repondre@clsm.example');
    expect(received.parsed.from?.value[0]).toMatchObject({
      name: 'Passerelle',
      address: 'ne-pas-repondre@clsm.example',
    });
    expect(received.subject).toBe(message.subject);
    expect(received.text.trim()).toBe(message.text);
  });

  it('reports a refused recipient to the caller', async () => {
    const refusing = await startSmtpServer({ refuseRecipient: (a) => a.startsWith('refus') });
    const mailer = createMailer(loadConfig({}, { SMTP_URL: refusing.url }), capturingLogger().log);
    try {
      await expect(mailer.send({ ...message, to: 'refus@exemple.test' })).rejects.toMatchObject({
        responseCode: 550,
      });
    } finally {
      mailer.close();
      await refusing.close();
    }
  });

  it('without SMTP_URL sends nothing and logs the subject only, never the recipient or the body', async () => {
    const { log, lines } = capturingLogger();
    const mailer = createMailer(loadConfig({}, { SMTP_URL: undefined }), log);
    const before = smtp.messages.length;
    await mailer.send(message);
    mailer.close();
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ subject: message.subject, msg: 'SMTP_URL not set: e-mail not sent' });
    const logged = lines.join('\n');
    expect(logged).not.toContain('Camille');
    expect(logged.toLowerCase()).not.toContain('bailleur.example');
    expect(logged).not.toContain('secret-token');
    expect(smtp.messages.length).toBe(before);
  });
});
