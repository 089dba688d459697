/// <reference lib="dom" />
// A stand-in window.assistant for renderer-only measurements (installed before the page's scripts run,
// so the web bridge is never built). Tests push events with window.__emit(name, payload).
import type { Page } from '@playwright/test';
import type { Turn } from '../../../src/shared/domain';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

export function makeTurns(count: number): Turn[] {
  const turns: Turn[] = [];
  for (let i = 0; i < count; i++) {
    const user = i % 2 === 0;
    turns.push({
      id: `turn-${i}`,
      role: user ? 'user' : 'assistant',
      kind: i % 3 === 0 ? 'audio' : 'text',
      text: user ? `Question number ${i}: what about item ${i}?` : `Answer ${i}. `.repeat(1 + (i % 7)),
      status: 'done',
      createdAt: 1_700_000_000_000 + i * 1000,
    });
  }
  return turns;
}

export async function installStubAssistant(page: Page, turns: Turn[]): Promise<void> {
  await page.addInitScript(
    ({ turns, settings }) => {
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      const status = { connection: 'open', activity: 'idle', mode: 'ptt', dialect: 'beta', offlineDemo: false, hasKey: true, micMuted: false };
      const replies: Record<string, unknown> = {
        getStatus: status,
        getSettings: settings,
        getKeyStatus: { hasKey: true, storage: 'memory' },
        getConversation: { turns },
        listDevices: { inputs: [], outputs: [] },
        listVoices: ['alloy'],
        listModels: { models: [] },
      };
      const api: Record<string, unknown> = {
        on(event: string, listener: (payload: unknown) => void) {
          if (!listeners.has(event)) listeners.set(event, new Set());
          listeners.get(event)!.add(listener);
          return () => listeners.get(event)!.delete(listener);
        },
      };
      for (const name of ['getStatus', 'getSettings', 'getKeyStatus', 'getConversation', 'listDevices', 'listVoices', 'listModels']) {
        api[name] = async () => replies[name];
      }
      for (const name of ['sendText', 'startTalking', 'stopTalking', 'stopReply', 'setMode', 'setMicMuted', 'clearConversation', 'playTestTone', 'setMicMonitor', 'reconnect', 'startOfflineDemo']) {
        api[name] = async () => ({ ok: true });
      }
      Object.defineProperty(window, 'assistant', { value: Object.freeze(api) });
      Object.defineProperty(window, '__emit', {
        value: (event: string, payload: unknown) => {
          for (const listener of listeners.get(event) ?? []) listener(payload);
        },
      });
    },
    { turns, settings: DEFAULT_SETTINGS },
  );
}
