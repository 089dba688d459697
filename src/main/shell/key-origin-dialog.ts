// The app asks, in a native dialog from the main process, before the stored key goes to a new endpoint:
// the renderer can change the endpoint but cannot answer this. Not sending is the default and the
// answer to Escape, so a dismissed or unread dialog keeps the key here.
import type { MessageBoxOptions } from 'electron';
import type { KeyOriginConfirm, KeyOriginQuestion } from '../app/key-origin';

/** dialog.showMessageBox, bound to the window it is modal for (when there is one). */
export type ShowMessageBox = (options: MessageBoxOptions) => Promise<{ response: number }>;

const KEEP = 0;
const SEND = 1;

export function keyOriginDialog(showMessageBox: ShowMessageBox): KeyOriginConfirm {
  return {
    async confirm(question: KeyOriginQuestion): Promise<boolean> {
      const detail =
        question.from === null
          ? `The key was saved by an earlier version, which did not record the endpoint it is for. Send it to ${question.to} only if you gave it for that service.`
          : `The key was given for ${question.from}. Send it to ${question.to} only if you changed the endpoint yourself and trust that server: whoever runs it can use your key.`;
      const { response } = await showMessageBox({
        type: 'warning',
        title: 'Send the API key to a new endpoint?',
        message: `Send your API key to ${question.to}?`,
        detail,
        buttons: ['Do not send', `Send to ${question.to}`],
        defaultId: KEEP,
        cancelId: KEEP,
        noLink: true,
      });
      return response === SEND;
    },
  };
}
