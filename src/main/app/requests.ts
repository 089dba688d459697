// The contract's requests, implemented over the core. Transport-agnostic: Electron IPC and web mode
// both call these through dispatchRequest, which has already validated every payload. Each request
// comes from a client; what a client holds open (push-to-talk, its mic meter) is a lease released when
// it disconnects.
import { VOICES } from '../../shared/domain';
import type { CoreContext, CoreHandlers } from './context';
import type { Assistant } from '../assistant/assistant';
import { listModels } from './models-list';
import { HISTORY_OFF, historyHandlers } from './history-requests';
import { ConversationNotFoundError } from '../history/history-store';
import { restoredConversation } from '../history/from-turn';
import { originOf } from '../../shared/endpoint-origin';

const NOT_CONNECTED = 'Not connected. Add your API key in Settings (or try the offline demo), then try again.';
/** A session on its way (at start, or back after a drop or a renewal) takes turns too: it gets them once open. */
const TAKES_TURNS: ReadonlySet<string> = new Set(['open', 'connecting', 'reconnecting']);

export function createHandlers(ctx: CoreContext): CoreHandlers {
  const assistantOrThrow = (): Assistant => {
    const assistant = ctx.assistant();
    if (!assistant || !TAKES_TURNS.has(ctx.sessions.state)) throw new Error(NOT_CONNECTED);
    return assistant;
  };
  const keyStatus = () => ({ hasKey: ctx.secrets.get() !== null, storage: ctx.secrets.storage });
  const ok = { ok: true } as const;
  const stopTalking = async (): Promise<void> => {
    await ctx.assistant()?.stopTalking();
  };
  const earcon = (kind: 'start' | 'stop'): void => {
    const settings = ctx.settings.get();
    if (settings.earcons) ctx.audio.playEarcon(kind, settings.outputDeviceId);
  };

  return {
    getSettings: () => ctx.settings.get(),
    updateSettings: (patch) => ctx.settings.update(patch),
    getKeyStatus: keyStatus,
    setApiKey: ({ key }) => {
      // Giving the key binds it to the endpoint of this moment: giving it again is how web mode confirms
      // it for a new endpoint. (Settings hold only valid endpoints; the check is for a hand-made store.)
      const origin = originOf(ctx.settings.get().endpoint);
      if (origin === null) throw new Error('The endpoint in Settings is not valid: fix it, then enter the key again.');
      ctx.secrets.set(key, origin);
      // A real key ends the demo: the user now wants the real service.
      if (ctx.settings.get().offlineDemo) ctx.settings.update({ offlineDemo: false });
      else void ctx.sessions.restart();
      return keyStatus();
    },
    clearApiKey: () => {
      ctx.secrets.clear();
      void ctx.sessions.restart();
      return keyStatus();
    },
    getStatus: () => ctx.status(),
    listDevices: () => ctx.audio.listDevices(),
    listVoices: () => [...VOICES],
    listModels: () => {
      const settings = ctx.settings.get();
      if (settings.offlineDemo) return { models: ['offline-demo'] };
      return listModels(settings.endpoint, ctx.secrets.get());
    },
    // Push-to-talk is one hold shared by every client: it belongs to whoever pressed last, any client's
    // release ends it, and it ends when its holder leaves.
    startTalking: async (_input, client) => {
      const assistant = assistantOrThrow();
      if (!ctx.clients.hold(client, 'pushToTalk', stopTalking, { sole: true })) return ok;
      // At the press, before the microphone opens: the sound says the key was heard and recording starts,
      // which a muted microphone refuses (the window says why).
      if (assistant.talkMode === 'ptt' && !ctx.micMute.muted) earcon('start');
      await assistant.startTalking();
      return ok;
    },
    stopTalking: async () => {
      ctx.clients.forget('pushToTalk');
      const assistant = ctx.assistant();
      const sending = assistant?.talkMode === 'ptt' && assistant.activity === 'listening';
      await stopTalking();
      if (sending) earcon('stop');
      return ok;
    },
    cancelTalking: async () => {
      ctx.clients.forget('pushToTalk');
      await ctx.assistant()?.cancelTalking();
      return ok;
    },
    sendText: ({ text }) => {
      assistantOrThrow().sendText(text);
      return ok;
    },
    stopReply: () => {
      ctx.assistant()?.stopReply();
      return ok;
    },
    // A settings update like any other: the settings applier switches the session and the assistant.
    setMode: ({ mode }) => {
      ctx.settings.update({ mode });
      return ok;
    },
    setMicMuted: ({ muted }) => {
      ctx.micMute.set(muted);
      return ok;
    },
    getConversation: () => ({ turns: ctx.assistant()?.conversation.snapshot() ?? [] }),
    clearConversation: () => {
      ctx.assistant()?.clearConversation();
      return ok;
    },
    continueConversation: ({ id }) => {
      const assistant = assistantOrThrow();
      if (!ctx.history) throw new Error(HISTORY_OFF);
      const stored = ctx.history.getConversation(id);
      if (!stored) throw new ConversationNotFoundError(id);
      const { turns, from } = restoredConversation(stored);
      assistant.continueConversation(turns, from);
      // The server session holds the context of what was on screen: a fresh one gets the stored turns as its
      // replay. A session still on its way replays them when it opens.
      ctx.sessions.client?.renew();
      return { turns: stored.turns.length };
    },
    playTestTone: async ({ deviceId }) => {
      await ctx.audio.playTestTone(deviceId);
      return ok;
    },
    // Each client has its own meter: one page closing Settings does not stop another's.
    setMicMonitor: async ({ on, deviceId }, client) => {
      await ctx.clients.release(client, 'micMonitor');
      if (!on) return ok;
      const stop = await ctx.audio.monitorInput(deviceId, (level) => ctx.emit('level', level));
      // The client left while the microphone was opening.
      if (!ctx.clients.hold(client, 'micMonitor', stop)) await stop();
      return ok;
    },
    startOfflineDemo: () => {
      ctx.settings.update({ offlineDemo: true });
      return ok;
    },
    reconnect: async () => {
      await ctx.sessions.restart();
      return ok;
    },
    ...historyHandlers(ctx),
  };
}
