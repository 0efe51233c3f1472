// The researcher's API as a script calls it (Bearer token), for what the screenshots set
// up without the viewer: tags on sessions, a correction of an answer.
export type Api = <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;

export function researcherApi(url: string, token: string): Api {
  return async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(url + '/api/v1' + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}
