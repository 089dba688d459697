// Which of a state's icon files the tray shows (resources/tray, rendered from scripts/tray-icons/design.ts).
// Electron loads the @2x file next to it on high-density screens by itself.
// - macOS: the Template image; the menu bar tints it for light and dark.
// - Windows: the taskbar's own theme (it can be dark while apps are light).
// - Linux: the light glyph, whatever the app theme: GNOME's and Ubuntu's top bars are dark in both themes, and
//   no desktop tells an app the colour of its panel.
export function trayIconFile(icon: string, platform: NodeJS.Platform, taskbarDark: boolean): string {
  if (platform === 'darwin') return `tray/${icon}Template.png`;
  if (platform === 'win32') return `tray/${icon}${taskbarDark ? '-dark' : ''}.png`;
  return `tray/${icon}-dark.png`;
}
