// The tray: quick ask from anywhere, the push-to-talk hint, show and quit.
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  quickAsk(): void;
  show(): void;
  quit(): void;
  hotkey(): string;
}

export function createTray(resourcesDir: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(join(resourcesDir, 'tray.png')));
  tray.setToolTip('Voice Assistant');
  const rebuild = (): void => {
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Quick ask…', click: actions.quickAsk },
        { label: `Hold ${actions.hotkey()} anywhere to talk`, enabled: false },
        { type: 'separator' },
        { label: 'Show Voice Assistant', click: actions.show },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  rebuild();
  tray.on('click', actions.quickAsk);
  tray.on('right-click', rebuild);
  return tray;
}
