// The model picker's list: GET /v1/models on the Realtime endpoint's host (same key). Model ids on
// aggregator services look like `provider/model`; the UI also allows free entry, so a failure here is
// a message, not a blocker. The key goes only where it is bound (shared/endpoint-origin.ts), and never
// on through a redirect.
import { describeOriginChange, keyMayGoTo } from '../../shared/endpoint-origin';
import type { BoundKey } from '../settings/secret-store';
import { keyOriginModelsError } from './key-origin';

export interface ModelList {
  models: string[];
  error?: string;
}

export function modelsUrlFor(endpoint: string): URL {
  const url = new URL(endpoint);
  url.protocol = url.protocol === 'ws:' ? 'http:' : 'https:';
  // …/v1/realtime → …/v1/models; an endpoint without /realtime gets /models appended.
  url.pathname = url.pathname.replace(/\/realtime\/?$/, '') + '/models';
  url.search = '';
  url.hash = '';
  return url;
}

export async function listModels(endpoint: string, key: BoundKey | null, timeoutMs = 8000): Promise<ModelList> {
  let url: URL;
  try {
    url = modelsUrlFor(endpoint);
  } catch {
    return { models: [], error: 'The endpoint is not a valid URL.' };
  }
  if (key && !keyMayGoTo(key.origin, endpoint)) return { models: [], error: keyOriginModelsError(describeOriginChange(key.origin, endpoint)) };
  try {
    const response = await fetch(url, {
      headers: key ? { Authorization: `Bearer ${key.key}` } : {},
      // A redirect would carry the Authorization header to wherever the server points.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 300 && response.status < 400) {
      void response.body?.cancel();
      return { models: [], error: `${url.host} answered with a redirect; the key is not sent on to another address. Check the endpoint in Settings, or type a model id.` };
    }
    if (response.status === 401 || response.status === 403) return { models: [], error: 'The server refused the API key while listing models.' };
    if (!response.ok) return { models: [], error: `The server could not list models (HTTP ${response.status}). You can type a model id.` };
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    const models = (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
    // Realtime-capable models first: the name is the only hint most servers give.
    models.sort((a, b) => Number(!/realtime/i.test(a)) - Number(!/realtime/i.test(b)) || a.localeCompare(b));
    return { models };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { models: [], error: timedOut ? `No answer from ${url.host} within ${timeoutMs / 1000} s. You can type a model id.` : `Cannot reach ${url.host} to list models. You can type a model id.` };
  }
}
