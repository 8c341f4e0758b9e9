/**
 * Runs the real main.ts against a fake 'electron' module, since the runtime cannot be installed
 * here: checks the wiring (what gets registered, with which policy), not Chromium itself.
 */
import type * as ShellPathsModule from '../../../electron/main/shell-paths.js';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { secureWebPreferences } from '../../../electron/main/security-policy.js';

const h = vi.hoisted(() => {
  const state = {
    order: [] as string[],
    protocols: new Map<string, (request: Request) => Promise<Response>>(),
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    ipcListeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
    windows: [] as any[],
    forks: [] as Array<{ modulePath: string; args: string[]; child: any }>,
    appHandlers: new Map<string, (...args: any[]) => void>(),
    permissionRequest: null as null | ((...args: any[]) => void),
    permissionCheck: null as null | ((...args: any[]) => boolean),
    devicePermission: null as null | ((...args: any[]) => boolean),
    defaultSession: null as null | EventEmitter,
    beforeRequest: [] as Array<{ filter: { urls: string[] }; listener: (details: unknown, callback: (response: { cancel?: boolean }) => void) => void }>,
    readyResolve: null as null | (() => void),
    // userData holds the wrapped station key; a scratch folder so the test writes nowhere real.
    userData: '',
  };
  return { state };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const s = h.state;
  class FakeChild extends EventEmitter {
    sent: unknown[] = [];
    postMessage(message: unknown) {
      this.sent.push(message);
    }
    kill() {
      this.emit('exit', 0);
      return true;
    }
  }
  class BrowserWindow extends EventEmitter {
    webContents: any;
    options: any;
    loaded: string[] = [];
    constructor(options: any) {
      super();
      this.options = options;
      const mainFrame = { parent: null, processId: 1, routingId: 1, url: '' };
      this.webContents = Object.assign(new EventEmitter(), {
        id: 100 + s.windows.length,
        mainFrame,
        sent: [] as unknown[],
        getURL: () => mainFrame.url,
        send: (channel: string, payload: unknown) => this.webContents.sent.push([channel, payload]),
      });
      s.windows.push(this);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.mainFrame.url = url;
    }
    isDestroyed() {
      return false;
    }
    show() {}
  }
  return {
    app: {
      isPackaged: false,
      enableSandbox: () => s.order.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      setAppUserModelId: () => {},
      getPath: () => s.userData,
      getSystemLocale: () => 'en-GB',
      getVersion: () => '0.1.0',
      isReady: () => true,
      on: (name: string, handler: any) => s.appHandlers.set(name, handler),
      whenReady: () =>
        new Promise<void>(
          (resolve) =>
            (s.readyResolve = () => {
              s.order.push('ready');
              resolve();
            }),
        ),
      quit: () => {},
      exit: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => s.order.push(`privileged:${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: any) => s.protocols.set(scheme, handler),
    },
    ipcMain: {
      handle: (channel: string, handler: any) => s.ipc.set(channel, handler),
      // Not used today; recorded so a listener added later is covered by the sender test below.
      on: (channel: string, listener: any) => s.ipcListeners.set(channel, listener),
    },
    session: {
      defaultSession: (s.defaultSession = Object.assign(new EventEmitter(), {
        setPermissionRequestHandler: (fn: any) => (s.permissionRequest = fn),
        setPermissionCheckHandler: (fn: any) => (s.permissionCheck = fn),
        setDevicePermissionHandler: (fn: any) => (s.devicePermission = fn),
        webRequest: { onBeforeRequest: (filter: any, listener: any) => s.beforeRequest.push({ filter, listener }) },
      })),
    },
    utilityProcess: {
      fork: (modulePath: string, args: string[]) => {
        const child = new FakeChild();
        s.forks.push({ modulePath, args, child });
        return child;
      },
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
    dialog: { showMessageBox: async () => ({ response: 1 }), showErrorBox: () => {} },
    // A reversible stand-in for the OS keychain, on a Linux keyring backend (not 'basic_text').
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
      decryptString: (wrapped: Buffer) => Buffer.from(wrapped).reverse().toString('utf8'),
    },
    BrowserWindow,
  };
});

// vitest gives each module its own __dirname, so the scratch "dist/electron" is injected here.
const scratch = vi.hoisted(() => ({ mainDir: '' }));
vi.mock('../../../electron/main/shell-paths.js', async (importOriginal) => {
  const real = await importOriginal<typeof ShellPathsModule>();
  return { ...real, shellPaths: () => real.shellPaths(scratch.mainDir) };
});

const s = h.state;
let rendererRoot: string;

beforeAll(async () => {
  // main.ts resolves everything from __dirname; point it at a scratch "dist/electron".
  const dist = mkdtempSync(path.join(os.tmpdir(), 'chartdesk-shell-'));
  rendererRoot = path.join(dist, 'renderer');
  mkdirSync(path.join(rendererRoot, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>ChartDesk</title>');
  writeFileSync(path.join(rendererRoot, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'secret.txt'), 'outside the renderer');
  s.userData = path.join(dist, 'userData');
  scratch.mainDir = path.join(dist, 'electron');
  await import('../../../electron/main/main.js');
  s.readyResolve?.();
  // main.ts starts on 'ready' and opens its window last: wait for that, not for a turn of the loop.
  await vi.waitFor(() => expect(s.windows).toHaveLength(1));
});

/** Electron's webRequest URL patterns: `*` matches anything, everything else literally. */
const matchesUrlPattern = (pattern: string, url: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(url);

const appRequest = (url: string) => s.protocols.get('app')!(new Request(url));

describe('main process wiring (fake electron)', () => {
  it('registers privileged schemes and the sandbox before the app is ready', () => {
    const ready = s.order.indexOf('ready');
    const privileged = s.order.findIndex((e) => e.startsWith('privileged:'));
    const sandbox = s.order.indexOf('enableSandbox');
    // indexOf answers -1 for a call that never happened, which is "before" anything.
    expect(privileged).toBeGreaterThanOrEqual(0);
    expect(sandbox).toBeGreaterThanOrEqual(0);
    expect(privileged).toBeLessThan(ready);
    expect(sandbox).toBeLessThan(ready);
  });

  it('opens one window with the secure preferences on app://chartdesk', () => {
    expect(s.windows).toHaveLength(1);
    const win = s.windows[0];
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    // Exactly the reviewed set: a switch added or flipped in window.ts alone fails here.
    expect(win.options.webPreferences).toEqual(secureWebPreferences(path.join(scratch.mainDir, 'preload.cjs'), { devTools: true }));
    expect(win.options.webPreferences.preload).toBe(path.join(scratch.mainDir, 'preload.cjs'));
    expect(win.loaded).toEqual(['app://chartdesk/index.html']);
  });

  it('serves renderer files with the CSP and refuses traversal', async () => {
    const ok = await appRequest('app://chartdesk/assets/app.js');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/javascript/);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await ok.text()).toBe('console.log(1)');
    const escape = await appRequest('app://chartdesk/..%2fsecret.txt');
    expect(escape.status).toBe(403);
    expect(escape.headers.get('content-security-policy')).toBeTruthy();
    expect((await appRequest('app://chartdesk/batches/42')).status).toBe(200);
    expect((await appRequest('app://chartdesk/assets/missing.js')).status).toBe(404);
    expect((await appRequest('app://other/index.html')).status).toBe(404);
  });

  it('denies every permission', () => {
    const callback = vi.fn();
    s.permissionRequest!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(s.permissionCheck!({}, 'notifications')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) {
      const each = vi.fn();
      s.permissionRequest!({}, permission, each, { requestingUrl: 'app://chartdesk/index.html' });
      expect(each, permission).toHaveBeenCalledWith(false);
      expect(s.permissionCheck!({}, permission, 'app://chartdesk', {}), permission).toBe(false);
    }
    expect(s.devicePermission!({ deviceType: 'usb', origin: 'app://chartdesk' })).toBe(false);
  });

  it('cancels every request of the window to the network or the file system', () => {
    const cancelled = (url: string) => {
      const hook = s.beforeRequest.find(({ filter }) => filter.urls.some((pattern) => matchesUrlPattern(pattern, url)));
      if (!hook) return false;
      const callback = vi.fn();
      hook.listener({ url }, callback);
      return callback.mock.calls[0]?.[0]?.cancel === true;
    };
    for (const url of ['http://example.com/x.js', 'https://cdn.example/app.js', 'ws://127.0.0.1:4873/api/events', 'wss://example.com/', 'file:///etc/passwd', 'ftp://example.com/f']) {
      expect(cancelled(url), url).toBe(true);
    }
    // The app's own schemes are served by protocol handlers, not cancelled.
    expect(cancelled('app://chartdesk/index.html')).toBe(false);
    expect(cancelled('chartdesk-file://pages/p1/view')).toBe(false);
  });

  it('refuses every download (PHI must not land in arbitrary folders)', () => {
    const download = { preventDefault: vi.fn() };
    s.defaultSession!.emit('will-download', download, { getFilename: () => 'chart.pdf' }, {});
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it('blocks navigation away, new windows and webviews on every webContents', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    s.appHandlers.get('web-contents-created')!({}, contents);
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://example.com/');
    const inside = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inside, 'app://chartdesk/index.html#/batches');
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'https://example.com/login');
    const redirectInside = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirectInside, 'app://chartdesk/index.html');
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(redirectInside.preventDefault).not.toHaveBeenCalled();
    expect(away.preventDefault).toHaveBeenCalled();
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.setWindowOpenHandler.mock.calls[0]![0]()).toEqual({ action: 'deny' });
  });

  it('forks the compiled engine host with the data dir and relays trusted IPC calls through it', async () => {
    expect(s.forks).toHaveLength(1);
    const { modulePath, args, child } = s.forks[0]!;
    expect(modulePath).toBe(path.join(scratch.mainDir, 'engine', 'host', 'utility-process-host.js'));
    expect(args).toContain(`--chartdesk-data-dir=${s.userData}`);
    // The OS's regional locale goes to the engine: the default date order follows it.
    expect(args).toContain('--chartdesk-system-locale=en-GB');
    // The key goes first, by message (never argv or env), generated and wrapped on first run.
    expect(child.sent.shift()).toMatchObject({ kind: 'station-key', key: expect.any(Uint8Array) });
    expect(readFileSync(path.join(s.userData, 'station-key.wrapped')).length).toBe(64);
    child.emit('message', { kind: 'ready' });

    const win = s.windows[0];
    const handler = s.ipc.get('chartdesk:call')!;
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };

    const invalid = await handler(event, 'batches.list', { limit: -1 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(child.sent).toEqual([]);

    const subframe = { sender: win.webContents, senderFrame: { parent: {}, processId: 1, routingId: 2, url: 'app://chartdesk/' } };
    expect(await handler(subframe, 'session.status', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(child.sent).toEqual([]);

    const pending = handler(event, 'session.signIn', { username: 'clerk', password: 'pw' });
    await Promise.resolve();
    const sent = child.sent.at(-1);
    expect(sent).toMatchObject({ kind: 'call', method: 'session.signIn', sessionToken: null });
    child.emit('message', {
      kind: 'reply',
      id: sent.id,
      result: { ok: true, value: { username: 'clerk' } },
      session: { kind: 'signed-in', token: 'tok-1', expiresAt: '2999-01-01T00:00:00Z' },
    });
    expect(await pending).toEqual({ ok: true, value: { username: 'clerk' } });

    const image = s.protocols.get('chartdesk-file')!(new Request('chartdesk-file://pages/p1/thumb'));
    await Promise.resolve();
    const imageRequest = child.sent.at(-1);
    expect(imageRequest).toMatchObject({ kind: 'page-image', pageId: 'p1', variant: 'thumb', sessionToken: 'tok-1' });
    child.emit('message', { kind: 'page-image-reply', id: imageRequest.id, image: { contentType: 'image/webp', bytes: new Uint8Array([1, 2, 3]) } });
    const response = await image;
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));

    child.emit('message', { kind: 'event', event: { type: 'batch.created', batchId: 'b1' } });
    expect(win.webContents.sent).toContainEqual(['chartdesk:event', { type: 'batch.created', batchId: 'b1' }]);
  });

  it("every IPC channel refuses senders other than our window's top frame on app://, before the engine sees the call", async () => {
    const win = s.windows[0];
    const { child } = s.forks[0]!;
    const top = win.webContents.mainFrame;
    const otherContents = Object.assign(new EventEmitter(), { id: 999, mainFrame: { ...top } });
    const untrusted: Array<[string, unknown]> = [
      ['another webContents', { sender: otherContents, senderFrame: { ...top } }],
      ['a subframe', { sender: win.webContents, senderFrame: { parent: top, processId: 1, routingId: 2, url: 'app://chartdesk/index.html' } }],
      ['the top frame of another process', { sender: win.webContents, senderFrame: { parent: null, processId: 2, routingId: 1, url: 'app://chartdesk/index.html' } }],
      ['our frame after navigating away', { sender: win.webContents, senderFrame: { ...top, url: 'https://evil.example/' } }],
      ['a look-alike origin', { sender: win.webContents, senderFrame: { ...top, url: 'app://chartdesk.evil/index.html' } }],
      ['a frame already gone', { sender: win.webContents, senderFrame: null }],
    ];
    expect(s.ipc.size + s.ipcListeners.size).toBeGreaterThan(0);
    const sentBefore = child.sent.length;
    for (const [channel, handler] of s.ipc) {
      for (const [label, event] of untrusted) {
        const result = await handler(event, 'session.status', {});
        expect(result, `${channel} from ${label}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    for (const [channel, listener] of s.ipcListeners) {
      for (const [label, event] of untrusted) {
        const reply = vi.fn();
        listener({ ...(event as object), reply, returnValue: undefined }, 'session.status', {});
        expect(reply, `${channel} from ${label}`).not.toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ ok: true }));
      }
    }
    await Promise.resolve();
    expect(child.sent.length).toBe(sentBefore);

    // The same call from our top frame does reach the engine: the refusals above were about the sender.
    const pending = s.ipc.get('chartdesk:call')!({ sender: win.webContents, senderFrame: top }, 'session.status', {});
    await Promise.resolve();
    const call = child.sent.at(-1);
    expect(call).toMatchObject({ kind: 'call', method: 'session.status' });
    child.emit('message', { kind: 'reply', id: call.id, result: { ok: true, value: { setupRequired: false, user: null } } });
    expect(await pending).toMatchObject({ ok: true });
  });

  it('validates every IPC payload against the contract before the engine sees it', async () => {
    const win = s.windows[0];
    const { child } = s.forks[0]!;
    const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const handler = s.ipc.get('chartdesk:call')!;
    const sentBefore = child.sent.length;
    expect(await handler(event, 'no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await handler(event, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await handler(event, 'session.signIn', { username: 'clerk' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await handler(event, 'session.status', { extra: 'key' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await handler(event, 'batches.get', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(child.sent.length).toBe(sentBefore);
  });

  it('pushes engine events only to a window showing our origin', () => {
    const win = s.windows[0];
    const { child } = s.forks[0]!;
    const top = win.webContents.mainFrame;
    const ownUrl = top.url;
    const count = () => win.webContents.sent.length;
    try {
      top.url = 'https://evil.example/';
      const before = count();
      child.emit('message', { kind: 'event', event: { type: 'batch.created', batchId: 'b2' } });
      expect(count()).toBe(before);
    } finally {
      top.url = ownUrl;
    }
    child.emit('message', { kind: 'event', event: { type: 'batch.created', batchId: 'b3' } });
    expect(win.webContents.sent.at(-1)).toEqual(['chartdesk:event', { type: 'batch.created', batchId: 'b3' }]);
  });

  it('answers unavailable when the engine crashes mid-call', async () => {
    const win = s.windows[0];
    const { child } = s.forks[0]!;
    const pending = s.ipc.get('chartdesk:call')!({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'station.status', {});
    await Promise.resolve();
    child.emit('exit', 139);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
