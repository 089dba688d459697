// The layering rules are the architecture: prove each one fires on a violation and stays quiet otherwise.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedIn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('layering lint rules', () => {
  it('forbids electron in the core', async () => {
    const messages = await restrictedIn('src/main/realtime/probe.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages.join('\n')).toMatch(/Only the Electron shell/);
  });

  it('allows electron in the shell and the preload', async () => {
    expect(await restrictedIn('src/main/shell/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await restrictedIn('src/preload/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual([]);
  });

  it('keeps src/shared pure', async () => {
    const node = await restrictedIn('src/shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n");
    expect(node.join('\n')).toMatch(/no Node modules/);
    const buffer = await restrictedIn('src/shared/probe.ts', 'export const a = Buffer.from([]);\n');
    expect(buffer.length).toBe(1);
    const socket = await restrictedIn('src/shared/probe.ts', "import { WebSocket } from 'ws';\nexport const a = WebSocket;\n");
    expect(socket.join('\n')).toMatch(/no Node-only packages/);
    const addon = await restrictedIn('src/shared/probe.ts', "import pa from 'naudiodon2';\nexport const a = pa;\n");
    expect(addon.join('\n')).toMatch(/no Node-only packages/);
    const upward = await restrictedIn('src/shared/probe.ts', "import { x } from '../main/realtime/x';\nexport const a = x;\n");
    expect(upward.join('\n')).toMatch(/depends on nothing else/);
  });

  it('injects the simulator into the core instead of importing it', async () => {
    const messages = await restrictedIn('src/main/app/probe.ts', "import { startSimulator } from '../../sim/index';\nexport const a = startSimulator;\n");
    expect(messages.join('\n')).toMatch(/gets the simulator injected/);
    expect(await restrictedIn('src/main/index.ts', "import { startSimulator } from '../sim/index';\nexport const a = startSimulator;\n")).toEqual([]);
    expect(await restrictedIn('src/cli/probe.ts', "import { startSimulator } from '../sim/index';\nexport const a = startSimulator;\n")).toEqual([]);
  });

  it('keeps the command line out of the core', async () => {
    const messages = await restrictedIn('src/main/web/probe.ts', "import { x } from '../../cli/x';\nexport const a = x;\n");
    expect(messages.join('\n')).toMatch(/does not depend on the command line/);
  });

  it('keeps main-process code out of the renderer', async () => {
    const messages = await restrictedIn('src/renderer/src/probe.ts', "import { x } from '../../main/realtime/x';\nexport const a = x;\n");
    expect(messages.join('\n')).toMatch(/only through window.assistant/);
    const node = await restrictedIn('src/renderer/src/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n");
    expect(node.length).toBe(1);
  });

  it('lets the renderer and the core use src/shared', async () => {
    expect(await restrictedIn('src/renderer/src/probe.ts', "import type { Dialect } from '../../shared/protocol/events';\nexport type A = Dialect;\n")).toEqual([]);
    expect(await restrictedIn('src/main/realtime/probe.ts', "import type { Dialect } from '../../shared/protocol/events';\nexport type A = Dialect;\n")).toEqual([]);
  });
});
