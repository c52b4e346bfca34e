import { describe, expect, it } from "vitest";
import { CHAT_QUESTION, readAnswer, requestBodies } from "./requests.js";

describe("requestBodies", () => {
  it("sends the PNG as base64 to classify and as a data URL with the question to chat", () => {
    const bodies = requestBodies(Uint8Array.from([1, 2, 3]));
    expect(JSON.parse(bodies.classify.toString())).toEqual({ image: "AQID" });
    const chat = JSON.parse(bodies.chat.toString()) as { model: string; messages: Array<{ content: unknown[] }> };
    expect(chat.model).toBe("mnistvl");
    expect(chat.messages[0]!.content).toEqual([
      { type: "image_url", image_url: { url: "data:image/png;base64,AQID" } },
      { type: "text", text: CHAT_QUESTION },
    ]);
  });
});

describe("readAnswer", () => {
  it("reads the digit of classify and the text of chat", () => {
    expect(readAnswer("classify", { status: 200, body: '{"digit":7,"probabilities":[]}' })).toEqual({ answer: "7" });
    expect(readAnswer("chat", { status: 200, body: '{"choices":[{"message":{"content":" 3\\n"}}]}' })).toEqual({ answer: "3" });
  });

  it("turns errors, other statuses and unexpected bodies into failures", () => {
    expect(readAnswer("classify", { error: "ECONNRESET" })).toEqual({ failure: "ECONNRESET" });
    expect(readAnswer("chat", { status: 503, body: '{"error":{}}\n' })).toEqual({ failure: 'HTTP 503: {"error":{}}' });
    expect(readAnswer("classify", { status: 200, body: "<html>" })).toEqual({ failure: "HTTP 200 with a body that is not JSON: <html>" });
    expect(readAnswer("classify", { status: 200, body: "null" })).toEqual({ failure: "classify: no digit in null" });
    expect(readAnswer("chat", { status: 200, body: '{"choices":[]}' })).toMatchObject({ failure: expect.stringMatching(/^chat: no choices/) });
  });
});
