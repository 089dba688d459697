// The contract's requests, implemented over the core. Transport-agnostic: Electron IPC and web mode
// both call these through dispatchRequest, which has already validated every payload.
import { VOICES } from '../../shared/domain';
import type { Handlers } from '../../shared/ipc/envelope';
import type { Settings } from '../../shared/settings';
import type { CoreContext } from './core';
import { Assistant } from '../assistant/assistant';
import { listModels } from './models-list';

const NOT_CONNECTED = 'Not connected. Add your API key in Settings (or try the offline demo), then try again.';

export function createHandlers(ctx: CoreContext): Handlers {
  const assistantOrThrow = (): Assistant => {
    const assistant = ctx.assistant();
    if (!assistant || ctx.sessions.state !== 'open') throw new Error(NOT_CONNECTED);
    return assistant;
  };
  const keyStatus = () => ({ hasKey: ctx.secrets.get() !== null, storage: ctx.secrets.storage });
  const ok = { ok: true } as const;

  return {
    getSettings: () => ctx.settings.get(),
    updateSettings: (patch) => ctx.settings.update(patch),
    getKeyStatus: keyStatus,
    setApiKey: ({ key }) => {
      ctx.secrets.set(key);
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
    listDevices: (input) => ctx.audio.listDevices(input?.refresh ?? false),
    listVoices: () => [...VOICES],
    listModels: () => {
      const settings = ctx.settings.get();
      if (settings.offlineDemo) return { models: ['offline-demo'] };
      return listModels(settings.endpoint, ctx.secrets.get());
    },
    startTalking: async () => {
      await assistantOrThrow().startTalking();
      return ok;
    },
    stopTalking: async () => {
      await ctx.assistant()?.stopTalking();
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
    setMode: async ({ mode }) => {
      const settings: Settings = ctx.settings.update({ mode });
      await ctx.assistant()?.setMode(mode, Assistant.turnDetectionFor(mode, {
        threshold: settings.vadThreshold,
        prefixPaddingMs: settings.vadPrefixPaddingMs,
        silenceDurationMs: settings.vadSilenceDurationMs,
      }));
      return ok;
    },
    getConversation: () => ({ turns: ctx.assistant()?.conversation.snapshot() ?? [] }),
    clearConversation: () => {
      ctx.assistant()?.clearConversation();
      return ok;
    },
    playTestTone: async ({ deviceId }) => {
      await ctx.audio.playTestTone(deviceId);
      return ok;
    },
    setMicMonitor: async ({ on, deviceId }) => {
      await ctx.stopMicMonitor?.();
      ctx.stopMicMonitor = on ? await ctx.audio.monitorInput(deviceId, (level) => ctx.emit('level', level)) : null;
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
  };
}
