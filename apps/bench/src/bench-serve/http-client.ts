import { Agent, request } from "node:http";
import type { Reply } from "./requests.js";
import type { CellClient, EndpointCounters } from "./run.js";
import type { Endpoint } from "./row.js";

/** How long the bench waits for one answer before counting it failed (the server's own limit is 30 s). */
const REQUEST_TIMEOUT_MS = 120_000;

function send(agent: Agent, url: URL, method: "GET" | "POST", body?: Buffer): Promise<Reply> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? {} : { "Content-Type": "application/json", "Content-Length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => resolve({ error: e.message }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", (e) => resolve({ error: e.message }));
    req.end(body);
  });
}

/** node:http with a keep-alive agent of `concurrency` sockets, so connections are set up once per cell. */
export function httpClient(baseUrl: string, concurrency: number): CellClient {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  return {
    send: (path, body) => send(agent, new URL(path, baseUrl), "POST", body),
    close: () => agent.destroy(),
  };
}

/** The batching counters of GET /health, or undefined when it has none. */
export async function healthCounters(baseUrl: string): Promise<Record<Endpoint, EndpointCounters> | undefined> {
  const agent = new Agent({ keepAlive: false });
  try {
    const reply = await send(agent, new URL("/health", baseUrl), "GET");
    if ("error" in reply || reply.status !== 200) return undefined;
    return parseHealthCounters(JSON.parse(reply.body) as unknown);
  } catch {
    return undefined;
  } finally {
    agent.destroy();
  }
}

/** batching.classify / batching.chat's batches and batched_requests of a /health body. */
export function parseHealthCounters(body: unknown): Record<Endpoint, EndpointCounters> | undefined {
  const batching = (body as { batching?: Record<string, { batches?: unknown; batched_requests?: unknown }> } | null)?.batching;
  const read = (e: Endpoint): EndpointCounters | undefined => {
    const c = batching?.[e];
    return typeof c?.batches === "number" && typeof c.batched_requests === "number" ? { batches: c.batches, batched_requests: c.batched_requests } : undefined;
  };
  const classify = read("classify");
  const chat = read("chat");
  return classify && chat ? { classify, chat } : undefined;
}
