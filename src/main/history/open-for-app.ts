// The history as the app and web mode open it at startup: a file that cannot be opened (a newer version's,
// a damaged one, a read-only folder) turns history off for the run with a notice, never stops the app.
import { errorText } from '../../shared/error-text';
import { HistoryStore } from './history-store';
import { historyFileIn } from './paths';

export function openHistoryForApp(dataDir: string, notices: string[]): HistoryStore | null {
  const file = historyFileIn(dataDir);
  try {
    return HistoryStore.open(file);
  } catch (error) {
    notices.push(`History is off for this run: ${errorText(error)} The conversation works; turns are not kept.`);
    return null;
  }
}
