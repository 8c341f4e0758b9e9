/// <reference types="vite/client" />
import type { DesktopBridge } from '../shared/api/desktop-bridge.js';

declare global {
  interface Window {
    /** Present only inside the desktop shell (exposed by the preload script). */
    readonly chartdesk?: DesktopBridge;
  }
}

declare module '*.css';
