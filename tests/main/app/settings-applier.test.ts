import { describe, expect, it } from 'vitest';
import { applySettings, type SettingsTargets } from '../../../src/main/app/settings-applier';
import type { SessionConfig } from '../../../src/shared/protocol/events';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../src/shared/settings';

function targets() {
  const log: string[] = [];
  const updates: SessionConfig[] = [];
  const t: SettingsTargets = {
    sessions: {
      client: { updateSession: (config: SessionConfig) => void updates.push(config) } as unknown as SettingsTargets['sessions']['client'],
      restart: async () => void log.push('restart'),
    },
    assistant: { applySettings: async () => void log.push('assistant') },
    audio: { setOutputVolume: (v: number) => void log.push(`volume ${v}`) },
  };
  return { t, log, updates };
}

const apply = (patch: SettingsPatch, t: SettingsTargets): void => applySettings({ ...DEFAULT_SETTINGS, ...patch } as Settings, patch, t);

describe('applySettings', () => {
  it('a connection setting starts a new session and sends no update to the old one', () => {
    const { t, log, updates } = targets();
    apply({ model: 'gpt-realtime', voice: 'echo' }, t);
    expect(log).toEqual(['restart']);
    expect(updates).toEqual([]);
  });

  it('a mode change updates the live session and switches the assistant', () => {
    const { t, log, updates } = targets();
    apply({ mode: 'vad' }, t);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.turn_detection).toMatchObject({ type: 'server_vad' });
    expect(log).toEqual(['assistant']);
  });

  it('a voice change is a session update only', () => {
    const { t, log, updates } = targets();
    apply({ voice: 'sage' }, t);
    expect(updates.map((u) => u.voice)).toEqual(['sage']);
    expect(log).toEqual([]);
  });

  it('without a session there is nothing to update', () => {
    const { t, log } = targets();
    t.sessions = { client: null, restart: t.sessions.restart };
    apply({ instructions: 'x', mode: 'vad' }, t);
    expect(log).toEqual(['assistant']);
  });

  it('the volume goes to the engine, the theme to nobody', () => {
    const { t, log, updates } = targets();
    apply({ outputVolume: 0.4 }, t);
    apply({ theme: 'dark' }, t);
    expect(log).toEqual(['volume 0.4']);
    expect(updates).toEqual([]);
  });

  it('the history retention goes to the history, also when the same save changes the connection', () => {
    const { t, log, updates } = targets();
    t.retainHistory = () => void log.push('retain');
    apply({ historyRetention: '30' }, t);
    expect(log).toEqual(['retain']);
    expect(updates).toEqual([]);
    apply({ historyRetention: '90', model: 'gpt-realtime' }, t);
    expect(log).toEqual(['retain', 'retain', 'restart']);
    apply({ voice: 'sage' }, t);
    expect(log).toEqual(['retain', 'retain', 'restart']);
  });
});
