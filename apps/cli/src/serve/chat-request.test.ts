import { describe, expect, it } from "vitest";
import { groupJobs, type ChatJob } from "./chat-engine.js";
import { MAX_TOKENS_CAP, parseChatRequest } from "./chat-request.js";
import { dataUrl, rgbaPng } from "./png.test-helpers.js";

const image = dataUrl(rgbaPng(20, 30, (x) => (x > 8 && x < 12 ? [0, 0, 0, 255] : [255, 255, 255, 255])));
const imagePart = { type: "image_url", image_url: { url: image } };
const ask = (content: unknown, extra: Record<string, unknown> = {}) => ({ model: "mnistvl", messages: [{ role: "user", content }], ...extra });

function status(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    const e = error as { status: number; code: string; message: string };
    return { status: e.status, code: e.code, message: e.message };
  }
  throw new Error("expected an error");
}

describe("parseChatRequest", () => {
  it("takes the one image, the text as the question, and OpenAI's decoding options", () => {
    const request = parseChatRequest(
      { ...ask([{ type: "text", text: "Which digit?" }, imagePart]), messages: [{ role: "system", content: "be brief" }, { role: "user", content: [{ type: "text", text: "Which digit?" }, imagePart] }], temperature: 0.7, top_p: 0.9, max_tokens: 3, seed: 5, stream: true, stream_options: { include_usage: true } },
      "mnistvl",
    );
    expect(request.job.pixels).toHaveLength(784);
    expect(request.job).toMatchObject({ question: "Which digit?", maxTokens: 3, sampling: { temperature: 0.7, topP: 0.9 }, seed: 5 });
    expect([request.stream, request.includeUsage]).toEqual([true, true]);
  });

  it("is greedy without temperature (or with 0, or top_p 0), has no question without text, caps max_tokens", () => {
    expect(parseChatRequest(ask([imagePart]), "mnistvl").job).toMatchObject({ question: null, maxTokens: 8 });
    expect(parseChatRequest(ask([imagePart]), "mnistvl").job.sampling).toBeUndefined();
    expect(parseChatRequest(ask([imagePart], { temperature: 0, seed: 3 }), "mnistvl").job.sampling).toBeUndefined();
    expect(parseChatRequest(ask([imagePart], { temperature: 1, top_p: 0 }), "mnistvl").job.sampling).toBeUndefined();
    expect(parseChatRequest(ask([imagePart], { max_completion_tokens: 10_000 }), "mnistvl").job.maxTokens).toBe(MAX_TOKENS_CAP);
    expect(parseChatRequest(ask([{ type: "image_url", image_url: image }]), "mnistvl").job.pixels).toHaveLength(784); // a bare URL string
  });

  it("answers malformed requests with 400 (404 for another model), naming the problem", () => {
    const cases: Array<[unknown, number, string, RegExp]> = [
      [[], 400, "invalid_type", /body must be a JSON object/],
      [{ messages: [] }, 400, "missing_field", /model is required/],
      [{ model: "gpt-4o", messages: [] }, 404, "model_not_found", /gpt-4o/],
      [{ model: "mnistvl" }, 400, "missing_field", /messages is required/],
      [{ model: "mnistvl", messages: "hi" }, 400, "invalid_type", /messages must be an array/],
      [ask("What digit?"), 400, "invalid_value", /exactly one image .* got 0/],
      [ask([imagePart, imagePart]), 400, "invalid_value", /got 2/],
      [ask([{ type: "input_audio" }]), 400, "invalid_value", /type must be "text" or "image_url"/],
      [ask([imagePart, { type: "text", text: 5 }]), 400, "invalid_type", /text must be a string/],
      [ask([{ type: "image_url" }]), 400, "missing_field", /image_url must be an object/],
      [ask([imagePart], { temperature: "hot" }), 400, "invalid_type", /temperature must be a number/],
      [ask([imagePart], { temperature: 3 }), 400, "invalid_value", /temperature must be between 0 and 2/],
      [ask([imagePart], { max_tokens: 0 }), 400, "invalid_value", /max_tokens must be at least 1/],
      [ask([imagePart], { max_tokens: 2.5 }), 400, "invalid_type", /max_tokens must be an integer/],
      [ask([imagePart], { n: 2 }), 400, "invalid_value", /only n = 1/],
      [ask([imagePart], { stream: "yes" }), 400, "invalid_type", /stream must be true or false/],
      [ask([{ type: "image_url", image_url: { url: "data:image/png;base64,@@@@" } }]), 400, "invalid_base64", /image_url\.url is not valid base64/],
      [ask([imagePart, { type: "text", text: "x".repeat(3000) }]), 400, "invalid_value", /at most 2000/],
    ];
    for (const [body, code, kind, message] of cases) {
      const got = status(() => parseChatRequest(body, "mnistvl"));
      expect([got.status, got.code], JSON.stringify(body).slice(0, 80)).toEqual([code, kind]);
      expect(got.message).toMatch(message);
    }
  });
});

describe("groupJobs", () => {
  const job = (question: string, extra: Partial<ChatJob> = {}): ChatJob => ({ pixels: new Float32Array(784), question, maxTokens: 8, ...extra });
  it("greedy jobs share a group per question; unseeded sampling per question and settings; a seeded job is alone", () => {
    const groups = groupJobs([
      job("q"),
      job("q", { maxTokens: 2 }),
      job("other"),
      job("q", { sampling: { temperature: 1, topP: 1 } }),
      job("q", { sampling: { temperature: 1, topP: 1 } }),
      job("q", { sampling: { temperature: 0.5, topP: 1 } }),
      job("q", { sampling: { temperature: 1, topP: 1 }, seed: 7 }),
      job("q", { sampling: { temperature: 1, topP: 1 }, seed: 7 }),
    ]);
    expect([...groups.values()]).toEqual([[0, 1], [2], [3, 4], [5], [6], [7]]);
  });
});
