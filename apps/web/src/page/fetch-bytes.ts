/** A URL relative to the page (so it works from any base path). */
export function pageUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

async function fetchOk(path: string): Promise<Response> {
  const url = pageUrl(path);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: expected HTTP 200, got ${response.status} ${response.statusText}`);
  return response;
}

export async function fetchBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchOk(path)).arrayBuffer());
}

export async function fetchJson(path: string): Promise<unknown> {
  return (await fetchOk(path)).json();
}
