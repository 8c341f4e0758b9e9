import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type CliRun, runCli, startCli } from '../../support/cli.js';
import { describeWith } from '../../support/prerequisites.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * `chartdesk serve` away from loopback: refused without TLS, https with it. The certificate is
 * self-signed, made here with openssl for the name station.test and the address 127.0.0.1.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let cert: Buffer;
let certFile: string;
let keyFile: string;
let otherKeyFile: string;
let stopServer: (() => Promise<CliRun>) | null = null;

const selfSigned = (dir: string, name: string) => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=DNS:${name},IP:127.0.0.1`,
      '-keyout',
      join(dir, `${name}.key.pem`),
      '-out',
      join(dir, `${name}.cert.pem`),
    ],
    { stdio: 'ignore' },
  );
  return { certFile: join(dir, `${name}.cert.pem`), keyFile: join(dir, `${name}.key.pem`) };
};

/** Starts `chartdesk serve` and resolves with the address it prints. */
async function serve(args: string[]): Promise<string> {
  const { child, done } = startCli(args);
  stopServer = async () => {
    child.kill('SIGTERM');
    return done;
  };
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /running at (\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void done.then((run) => reject(new Error(`serve exited with ${run.code}: ${run.stderr}`)));
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A POST to the station over https, as a browser that reached it by `hostName` would send it. */
function post(port: number, hostName: string, path: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        servername: hostName,
        ca: cert,
        headers: { host: `${hostName}:${port}`, origin: `https://${hostName}:${port}`, 'content-type': 'application/json', 'x-chartdesk-csrf': '1' },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The status of a session.status call over TLS to station.test that names `hostName` as its Host (as a rebinding page would), without an Origin. */
function statusAsHost(port: number, hostName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/session.status',
        method: 'POST',
        servername: 'station.test',
        ca: cert,
        headers: { host: `${hostName}:${port}`, 'x-chartdesk-csrf': '1', 'content-type': 'application/json' },
      },
      (res) => resolve(res.statusCode!),
    );
    req.on('error', reject);
    req.end('{}');
  });
}

// The certificates are made with openssl, in the hooks below.
describeWith(['openssl'], 'chartdesk serve on a non-loopback address', () => {
  beforeAll(async () => {
    tmp = await makeTempDir('serve-tls');
    ({ certFile, keyFile } = selfSigned(tmp.path, 'station.test'));
    otherKeyFile = selfSigned(tmp.path, 'other.test').keyFile;
    cert = await readFile(certFile);
  });
  afterEach(async () => {
    await stopServer?.();
    stopServer = null;
  });
  afterAll(async () => {
    await tmp?.remove();
  });

  it('refuses 0.0.0.0 without TLS, with a sentence saying why, and touches nothing', async () => {
    const dataDir = join(tmp.path, 'refused');
    const run = await runCli(['--data-dir', dataDir, 'serve', '--host', '0.0.0.0', '--port', '0', '--no-warm']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without TLS/);
    expect(run.stderr).toMatch(/--tls-cert and --tls-key/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a non-loopback host from the config file too', async () => {
    const dir = join(tmp.path, 'config-refused');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'chartdesk.json'), JSON.stringify({ server: { host: '0.0.0.0', port: 0 } }));
    const run = await runCli(['--data-dir', join(dir, 'data'), 'serve', '--config', join(dir, 'chartdesk.json'), '--no-warm']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without TLS/);
  });

  it('refuses a key that does not belong to the certificate, and half a TLS configuration', async () => {
    const mismatched = await runCli(['--data-dir', join(tmp.path, 'mismatch'), 'serve', '--host', '0.0.0.0', '--port', '0', '--tls-cert', certFile, '--tls-key', otherKeyFile, '--no-warm']);
    expect(mismatched.code).toBe(3);
    expect(mismatched.stderr).toMatch(/is not a PEM key for the certificate/);
    const half = await runCli(['--data-dir', join(tmp.path, 'half'), 'serve', '--host', '0.0.0.0', '--port', '0', '--tls-cert', certFile, '--no-warm']);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--tls-cert and --tls-key go together/);
  });

  it('serves https with a Secure session cookie, for the names the certificate carries', async () => {
    const url = await serve(['--data-dir', join(tmp.path, 'tls'), 'serve', '--host', '0.0.0.0', '--port', '0', '--tls-cert', certFile, '--tls-key', keyFile, '--no-warm']);
    expect(url).toMatch(/^https:\/\/station\.test:\d+\/$/);
    const port = Number(new URL(url).port);

    const created = await post(port, 'station.test', '/api/session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'long enough password' });
    expect(created.status).toBe(200);
    const cookie = String(created.headers['set-cookie']);
    expect(cookie).toMatch(/chartdesk_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    // A name the certificate does not carry is refused (DNS rebinding), even over TLS.
    const stranger = await statusAsHost(port, 'evil.example');
    expect(stranger).toBe(421);

    // Plain http gets no answer from the TLS port.
    const plain = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/session.status', method: 'POST', headers: { host: `station.test:${port}` } }, () => resolve('answered'));
      req.on('error', () => resolve('refused'));
      req.end('{}');
    });
    expect(plain).toBe('refused');
  });

  it('takes TLS and extra public names from the config file, paths relative to it', async () => {
    const dir = join(tmp.path, 'config-tls');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'cert.pem'), cert);
    await writeFile(join(dir, 'key.pem'), await readFile(keyFile));
    await writeFile(join(dir, 'chartdesk.json'), JSON.stringify({ server: { host: '0.0.0.0', port: 0, tls: { certFile: 'cert.pem', keyFile: 'key.pem' }, publicNames: ['scan-01.records.example'] } }));
    const url = await serve(['--data-dir', join(dir, 'data'), 'serve', '--config', join(dir, 'chartdesk.json'), '--no-warm']);
    const port = Number(new URL(url).port);
    // The listed name is allowed as a Host (the certificate is checked against station.test).
    const answer = await statusAsHost(port, 'scan-01.records.example');
    expect(answer).toBe(200);
    expect((await post(port, 'station.test', '/api/session.status', {})).status).toBe(200);
  });
});
