import { describe, expect, it } from "vitest";
import type { Reply } from "./requests.js";
import type { Endpoint, Mode } from "./row.js";
import { runBenchServe, summarizeCell, type EndpointCounters, type ServeTarget } from "./run.js";

const LABELS = [7, 2, 1, 0];
const images = LABELS.map((label, k) => ({ label, bodies: { classify: Buffer.from(`c${k}`), chat: Buffer.from(`t${k}`) } }));

/** A server stand-in: answers from the request body, counts batches of one per request. */
function fakeTarget(mode: Mode, answer: (endpoint: Endpoint, image: number, call: number) => Reply, log: string[]): ServeTarget {
  const counters: Record<Endpoint, EndpointCounters> = { classify: { batches: 0, batched_requests: 0 }, chat: { batches: 0, batched_requests: 0 } };
  let calls = 0;
  return {
    mode,
    client(concurrency) {
      log.push(`${mode} open ${concurrency}`);
      return {
        async send(path, body) {
          const endpoint: Endpoint = path === "/v1/classify" ? "classify" : "chat";
          const image = Number(body.toString().slice(1));
          counters[endpoint].batches += mode === "batched" ? 0.5 : 1;
          counters[endpoint].batched_requests += 1;
          await new Promise((r) => setTimeout(r, 1));
          return answer(endpoint, image, calls++);
        },
        close: () => void log.push(`${mode} close`),
      };
    },
    counters: async () => structuredClone(counters),
  };
}

const classifyReply = (digit: number): Reply => ({ status: 200, body: JSON.stringify({ digit, probabilities: [] }) });
const chatReply = (text: string): Reply => ({ status: 200, body: JSON.stringify({ choices: [{ message: { content: text } }] }) });

describe("runBenchServe", () => {
  it("measures every endpoint x concurrency x mode per round, the modes in turn, and checks the answers", async () => {
    const opened: string[] = [];
    const logged: string[] = [];
    const right = (endpoint: Endpoint, image: number): Reply => (endpoint === "classify" ? classifyReply(LABELS[image]!) : chatReply(String(LABELS[image])));
    const targets = [
      fakeTarget("batched", right, opened),
      // Always "7": wrong for the three other labels; its first answers were already recorded by batched, so "changed" too.
      fakeTarget("one-at-a-time", (endpoint) => (endpoint === "classify" ? classifyReply(7) : { status: 500, body: "boom" }), opened),
    ];
    const cells = await runBenchServe(
      { requests: { classify: 8, chat: 4 }, concurrency: [1, 2], endpoints: ["classify", "chat"], rounds: 2, warmup: 0 },
      { targets, images, log: (l) => logged.push(l) },
    );
    expect(cells.map((c) => `${c.endpoint} ${c.concurrency} ${c.mode}`)).toEqual([
      "classify 1 batched",
      "classify 1 one-at-a-time",
      "classify 2 batched",
      "classify 2 one-at-a-time",
      "chat 1 batched",
      "chat 1 one-at-a-time",
      "chat 2 batched",
      "chat 2 one-at-a-time",
    ]);
    // warmup 0: no server warm-up either. Round 1 measures batched first, round 2 one-at-a-time first.
    expect(opened.slice(0, 4)).toEqual(["batched open 1", "batched close", "one-at-a-time open 1", "one-at-a-time close"]);
    expect(opened.slice(16, 18)).toEqual(["one-at-a-time open 1", "one-at-a-time close"]);
    expect(logged).toHaveLength(16);
    expect(logged[0]).toMatch(/^round 1\/2 classify x1 batched: [\d.]+ req\/s, p50 [\d.]+ ms, p99 [\d.]+ ms, mean batch 2\.0$/);

    const b = cells[0]!;
    expect(b.rounds).toHaveLength(2);
    expect(b.rounds[0]!.latencies_ms).toHaveLength(8);
    expect(b).toMatchObject({ requests: 8, wrong: 0, changed: 0, failed: 0, mean_batch: 2 });
    const u = cells[1]!;
    // 8 requests cycle through 4 images twice; 3 of 4 are not 7: 6 wrong (and changed) per round.
    expect(u).toMatchObject({ wrong: 12, changed: 12, failed: 0, mean_batch: 1 });
    const chatU = cells[5]!;
    expect(chatU).toMatchObject({ failed: 8, wrong: 0, failures: ["HTTP 500: boom"] });
    expect(logged[5]).toMatch(/, 4 failed$/);
  });

  it("warms up with one request per connection by default and skips counters a server lacks", async () => {
    let sent = 0;
    const target: ServeTarget = {
      mode: "batched",
      client: () => ({ send: async () => (sent++, classifyReply(7)), close: () => {} }),
      counters: async () => undefined,
    };
    const cells = await runBenchServe({ requests: { classify: 5, chat: 1 }, concurrency: [3], endpoints: ["classify"], rounds: 1, warmup: undefined }, { targets: [target], images, log: () => {} });
    expect(sent).toBe(16 + 3 + 5); // the server's warm-up, one per connection, the timed ones
    expect(cells[0]!.mean_batch).toBeUndefined();
    expect(cells[0]!.rounds[0]!.batches).toBeUndefined();
  });
});

describe("summarizeCell", () => {
  it("takes the medians of the rounds and sums the counts", () => {
    const round = (rps: number, p50: number, p99: number, wrong: number) => ({
      requests: 10, seconds: 10 / rps, requests_per_s: rps, p50_ms: p50, p99_ms: p99, mean_ms: p50, max_ms: p99, wrong, changed: 0, failed: 1, batches: 2, batched_requests: 10, latencies_ms: [],
    });
    const cell = summarizeCell({
      endpoint: "classify", concurrency: 8, mode: "batched", requests: 10, requests_per_s: 0, p50_ms: 0, p99_ms: 0, wrong: 0, changed: 0, failed: 0, failures: [],
      rounds: [round(100, 5, 9, 1), round(300, 3, 4, 0), round(200, 4, 8, 2)],
    });
    expect(cell).toMatchObject({ requests_per_s: 200, p50_ms: 4, p99_ms: 8, wrong: 3, failed: 3, mean_batch: 5 });
  });
});
