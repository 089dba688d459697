// What every page of the app does alike, set up from a component while it initialises: follow the theme
// setting, and reload the snapshot after the web bridge reconnects (events may have been missed; the first
// connection needs nothing, start() loads it with requests queued until the socket opens).
import type { AssistantState } from './assistant-state.svelte';
import { link } from './link-state.svelte';

export function pageEffects(app: AssistantState): void {
  let dropped = false;
  $effect(() => {
    const kind = link.current.kind;
    if (kind === 'retrying') dropped = true;
    else if (kind === 'open' && dropped) {
      dropped = false;
      void app.refresh();
    }
  });

  $effect(() => {
    const theme = app.settings?.theme ?? 'system';
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  });
}
