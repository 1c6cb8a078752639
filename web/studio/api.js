// The collector's Studio API (/v1/studio/...), same origin. The session cookie is HttpOnly, so
// this code never sees it; it holds only the CSRF token the server returned at sign-in, and
// sends it with every state-changing request.
let csrf = '';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.errors?.[0]?.message || `HTTP ${status}`);
    this.status = status;
    this.errors = body?.errors || [];
  }
}

async function call(method, path, { body, text } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let payload;
  if (text !== undefined || body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = text !== undefined ? text : JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  const parsed = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

export const api = {
  async session() {
    const s = await call('GET', '/v1/studio/session');
    csrf = s.csrf;
    return s;
  },
  async signIn(token) {
    const s = await call('POST', '/v1/studio/session', { body: { token } });
    csrf = s.csrf;
    return s;
  },
  signOut: () => call('DELETE', '/v1/studio/session').finally(() => (csrf = '')),
  list: () => call('GET', '/v1/studio/surveys'),
  get: (id) => call('GET', `/v1/studio/surveys/${encodeURIComponent(id)}`),
  save: (id, text) => call('PUT', `/v1/studio/surveys/${encodeURIComponent(id)}`, { text }),
  publish: (id, version) => call('POST', `/v1/studio/surveys/${encodeURIComponent(id)}/publish`, { body: version ? { version } : {} }),
  rollback: (id, version) => call('POST', `/v1/studio/surveys/${encodeURIComponent(id)}/rollback`, { body: { version } }),
  versions: (id) => call('GET', `/v1/studio/surveys/${encodeURIComponent(id)}/versions`),
  alerts: (params) => call('GET', `/v1/studio/alerts?${params}`),
  updateAlert: (id, body) => call('POST', `/v1/studio/alerts/${encodeURIComponent(id)}`, { body }),
  results: (id, params) => call('GET', `/v1/studio/surveys/${encodeURIComponent(id)}/results?${params}`),
  displays: (id, params) => call('GET', `/v1/studio/surveys/${encodeURIComponent(id)}/displays?${params}`),
  diff: (id, from, to) => call('GET', `/v1/studio/surveys/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`),
  // Journey maps: the same record API under /v1/studio/maps, plus what the core computes per map.
  maps: {
    list: () => call('GET', '/v1/studio/maps'),
    get: (id) => call('GET', `/v1/studio/maps/${encodeURIComponent(id)}`),
    save: (id, text) => call('PUT', `/v1/studio/maps/${encodeURIComponent(id)}`, { text }),
    publish: (id, version) => call('POST', `/v1/studio/maps/${encodeURIComponent(id)}/publish`, { body: version ? { version } : {} }),
    rollback: (id, version) => call('POST', `/v1/studio/maps/${encodeURIComponent(id)}/rollback`, { body: { version } }),
    versions: (id) => call('GET', `/v1/studio/maps/${encodeURIComponent(id)}/versions`),
    coverage: (id, target) =>
      call('GET', `/v1/studio/maps/${encodeURIComponent(id)}/coverage${target ? `?nps=${target.nps}&csat=${target.csat}` : ''}`),
    changes: (id, period) => call('GET', `/v1/studio/maps/${encodeURIComponent(id)}/changes?period=${period}`),
    surveyFor: (id, touchpoint, template, surveyId) =>
      call('POST', `/v1/studio/maps/${encodeURIComponent(id)}/touchpoints/${encodeURIComponent(touchpoint)}/survey`, { body: { template, id: surveyId } }),
  },
};
