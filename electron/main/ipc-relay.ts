/** The one IPC channel the renderer may use, and engine events pushed back to the window. */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels } from '../../shared/api/transport.js';
import { relayCall } from './call-gate.js';
import type { EngineClient } from './engine-client.js';
import { logShell } from './log.js';
import { isOnAppOrigin, isTrustedSender } from './security-policy.js';
import type { SessionTokens } from './session-tokens.js';

export interface IpcRelayDeps {
  engine: EngineClient;
  tokens: SessionTokens;
  mainWindow: () => BrowserWindow | null;
}

/** The sender must be our window's top frame; identity is checked here, the URL in isTrustedSender. */
const senderVerdict = (event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean => {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (!frame) return false;
  const top = window.webContents.mainFrame;
  const isMainFrame = frame.parent === null && frame.processId === top.processId && frame.routingId === top.routingId;
  return isTrustedSender(frame.url, isMainFrame);
};

export const registerIpcRelay = (deps: IpcRelayDeps): void => {
  ipcMain.handle(ipcChannels.call, async (event, method: unknown, input: unknown) => {
    const trusted = senderVerdict(event, deps.mainWindow());
    if (!trusted) logShell('warn', 'refused an IPC call from an untrusted frame');
    return relayCall(deps, { trusted, ownerId: event.sender.id }, method, input);
  });

  deps.engine.onEvent((engineEvent) => {
    const window = deps.mainWindow();
    if (!window || window.isDestroyed()) return;
    const contents = window.webContents;
    // Events carry ids only, but still go only to a page on our origin.
    if (!isOnAppOrigin(contents.getURL())) return;
    contents.send(ipcChannels.event, engineEvent);
  });
};
