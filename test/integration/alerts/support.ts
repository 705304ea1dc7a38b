import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { JobSender } from '../../../server-sync/alerts';

/** A job sender that records what was enqueued (the handlers are then run by the test, in order). */
export class RecordingJobs implements JobSender {
  readonly sent: { name: string; data: unknown; key?: string; startAfter?: Date }[] = [];
  private readonly keys = new Set<string>();
  send(
    name: string,
    data: unknown,
    options: { key?: string; startAfter?: Date } = {},
  ): Promise<string | null> {
    if (options.key && this.keys.has(options.key)) return Promise.resolve(null);
    if (options.key) this.keys.add(options.key);
    this.sent.push({ name, data, ...options });
    return Promise.resolve(String(this.sent.length));
  }
  named(name: string) {
    return this.sent.filter((s) => s.name === name);
  }
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1; every message received is kept raw. */
export async function startSmtp(
  port = 0,
): Promise<{ port: number; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface TwilioRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly form: URLSearchParams;
}

/**
 * A loopback stand-in for Twilio's REST API: answers POST /2010-04-01/Accounts/{sid}/Messages.json and Calls.json
 * like Twilio (201 JSON with sid and status), or with the queued error answers first ({code, message, status}).
 */
export async function startTwilio(accountSid: string): Promise<{
  base: string;
  requests: TwilioRequest[];
  failNext: (status: number, code: number, message: string) => void;
  close(): Promise<void>;
}> {
  const requests: TwilioRequest[] = [];
  const failures: { status: number; code: number; message: string }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const path = req.url ?? '';
      requests.push({
        path,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form,
      });
      res.setHeader('content-type', 'application/json');
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
      if (req.method !== 'POST' || !m || m[1] !== accountSid) {
        res.statusCode = 404;
        res.end(
          JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }),
        );
        return;
      }
      const fail = failures.shift();
      if (fail) {
        res.statusCode = fail.status;
        res.end(
          JSON.stringify({ code: fail.code, message: fail.message, status: fail.status, more_info: '' }),
        );
        return;
      }
      res.statusCode = 201;
      const sid = `${m[2] === 'Messages' ? 'SM' : 'CA'}${String(requests.length).padStart(32, '0')}`;
      res.end(JSON.stringify({ sid, status: 'queued', to: form.get('To'), from: form.get('From') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    failNext: (status, code, message) => failures.push({ status, code, message }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
