import { describe, expect, it } from 'vitest';
import type { MessageBoxOptions } from 'electron';
import { keyOriginDialog } from '../../../src/main/shell/key-origin-dialog';

function standIn(response: number) {
  const shown: MessageBoxOptions[] = [];
  const confirm = keyOriginDialog(async (options) => {
    shown.push(options);
    return { response };
  });
  return { confirm, shown };
}

describe('keyOriginDialog', () => {
  it('names both places, and does not send by default or on Escape', async () => {
    const { confirm, shown } = standIn(0);
    expect(await confirm.confirm({ from: 'api.example.com', to: 'other.example:8443' })).toBe(false);
    const [options] = shown;
    expect(options?.message).toContain('other.example:8443');
    expect(options?.detail).toContain('api.example.com');
    expect(options?.buttons?.[options.defaultId!]).toBe('Do not send');
    expect(options?.cancelId).toBe(options?.defaultId);
  });

  it('sends only when the user chose to', async () => {
    expect(await standIn(1).confirm.confirm({ from: 'api.example.com', to: 'other.example' })).toBe(true);
  });

  it('explains a key saved without its endpoint', async () => {
    const { confirm, shown } = standIn(0);
    await confirm.confirm({ from: null, to: 'api.example.com' });
    expect(shown[0]?.detail).toMatch(/earlier version/);
  });
});
