/** The application menu. Roles keep platform behaviour (shortcuts, macOS app menu) native. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isDev: boolean;
  isMac: boolean;
  showAbout: () => void;
}

export const buildMenuTemplate = ({ isDev, isMac, showAbout }: MenuOptions): MenuItemConstructorOptions[] => [
  ...(isMac ? [{ role: 'appMenu' as const }] : []),
  { label: '&File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] },
  { role: 'editMenu' },
  {
    label: '&View',
    submenu: [
      // Reload and devtools only in development: a reload mid-indexing loses unsaved form input.
      ...(isDev ? [{ role: 'reload' as const }, { role: 'forceReload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  },
  { role: 'windowMenu' },
  { role: 'help', submenu: [{ label: 'About ChartDesk', click: showAbout }] },
];

export const installMenu = (options: MenuOptions): void => {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
};
