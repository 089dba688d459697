// History figures over 10,000 stored turns in a temporary file: opening it (the app's start: open, check the
// schema, first page of the list), searching it (common, rare, several words, a word start, and "the", which
// nearly every turn has), and what one appendTurn costs at synchronous=NORMAL (what the store uses) and FULL.
//   npx tsx bench/history.ts [--turns 10000] [--runs 15]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HistoryStore } from '../src/main/history/history-store';
import type { NewTurn } from '../src/main/history/types';
import { median } from './stats';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const COMMON = 'the a to and of is it you in that what for can on with this be are how about your my me do'.split(' ');
const TOPICS = 'weather paris train music recipe garden meeting email budget holiday doctor movie football coffee bread printer'.split(' ');

/** Deterministic, so every run searches the same file. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = random();
    // Mostly common words, some topics, and a long tail of rarer made-up ones.
    out.push(r < 0.6 ? COMMON[Math.floor(random() * COMMON.length)]! : r < 0.75 ? TOPICS[Math.floor(random() * TOPICS.length)]! : `w${Math.floor(random() * 5000)}`);
  }
  return `${out.join(' ')}.`;
}

function fill(file: string, turns: number): void {
  const random = prng(42);
  const store = HistoryStore.open(file);
  const perConversation = 20;
  let at = Date.UTC(2025, 0, 1);
  // One transaction for the whole fill: this is setup, not the figure being measured.
  store.db.transaction(() => {
    for (let n = 0; n < turns; n++) {
      if (n % perConversation === 0) store.startConversation(null, at);
      const conversation = Math.floor(n / perConversation) + 1;
      const user = n % 2 === 0;
      let text = sentence(random, user ? 5 + Math.floor(random() * 25) : 20 + Math.floor(random() * 130));
      if (n % 1000 === 7) text += ' the old lighthouse keeper';
      at += 5000;
      const turn: NewTurn = { role: user ? 'user' : 'assistant', kind: random() < 0.5 ? 'voice' : 'text', text, status: 'done', startedAt: at - 3000, completedAt: at, usage: user ? null : { totalTokens: 100 } };
      store.appendTurn(conversation, turn);
    }
  })();
  store.close();
}

const worst = (xs: number[]): number => Math.max(...xs);
const round = (x: number): number => Math.round(x * 100) / 100;

function time(runs: number, fn: () => void): { medianMs: number; maxMs: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return { medianMs: round(median(ms)), maxMs: round(worst(ms)) };
}

function appendCost(file: string, synchronous: 'NORMAL' | 'FULL', runs: number): { medianMs: number; maxMs: number } {
  const store = HistoryStore.open(file);
  store.db.pragma(`synchronous = ${synchronous}`);
  const id = store.startConversation('append cost');
  const result = time(runs, () => void store.appendTurn(id, { role: 'assistant', kind: 'voice', text: 'Here is a reply of a usual length, with a few words more to make it real.', status: 'done', startedAt: Date.now(), completedAt: Date.now() }));
  store.close();
  return result;
}

export async function runHistoryBenchmarks(turns = 10_000, runs = 15): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'history-bench-'));
  const file = join(dir, 'history.sqlite');
  try {
    const fillStart = performance.now();
    fill(file, turns);
    const fillMs = round(performance.now() - fillStart);
    const open = time(runs, () => HistoryStore.open(file).close());
    const openAndList = time(runs, () => {
      const store = HistoryStore.open(file);
      store.listConversations({ limit: 50 });
      store.close();
    });
    const store = HistoryStore.open(file);
    const queries = { common: 'weather', rare: 'lighthouse', words: 'paris train', wordStart: 'recip', everywhere: 'the' };
    const search: Record<string, { hits: number; medianMs: number; maxMs: number }> = {};
    for (const [name, query] of Object.entries(queries)) {
      const hits = store.search(query, { limit: 20 }).length;
      search[name] = { hits, ...time(runs, () => void store.search(query, { limit: 20 })) };
    }
    store.close();
    return {
      turns,
      runs,
      fillMs,
      open,
      openAndList,
      search,
      appendNormal: appendCost(file, 'NORMAL', runs * 4),
      appendFull: appendCost(file, 'FULL', runs * 4),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runHistoryBenchmarks(arg('turns', 10_000), arg('runs', 15)), null, 2));
}
