// The model picker's list: GET /v1/models on the Realtime endpoint's host (same key). Model ids on
// aggregator services look like `provider/model`; the UI also allows free entry, so a failure here is
// a message, not a blocker.

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

export async function listModels(endpoint: string, apiKey: string | null, timeoutMs = 8000): Promise<ModelList> {
  let url: URL;
  try {
    url = modelsUrlFor(endpoint);
  } catch {
    return { models: [], error: 'The endpoint is not a valid URL.' };
  }
  try {
    const response = await fetch(url, {
      headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
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
