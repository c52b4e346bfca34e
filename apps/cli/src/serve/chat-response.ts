import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { ChatAnswer } from "./chat-engine.js";

/** What identifies one completion in its response or chunks. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

export function completionMeta(model: string): CompletionMeta {
  return { id: `chatcmpl-${randomUUID().replace(/-/g, "")}`, created: Math.floor(Date.now() / 1000), model };
}

function usage(answer: ChatAnswer) {
  return { prompt_tokens: answer.promptTokens, completion_tokens: answer.completionTokens, total_tokens: answer.promptTokens + answer.completionTokens };
}

/** The non-streaming response: OpenAI's `chat.completion` object. */
export function completionBody(meta: CompletionMeta, answer: ChatAnswer) {
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: { role: "assistant", content: answer.content, refusal: null }, logprobs: null, finish_reason: answer.finishReason }],
    usage: usage(answer),
  };
}

/**
 * The streamed response as `chat.completion.chunk` objects: the role, the answer text (one
 * chunk: the answer is generated as a batch, then sent), the finish reason, and with
 * `includeUsage` a last chunk with no choices and the token counts (others carry `usage: null`).
 */
export function completionChunks(meta: CompletionMeta, answer: ChatAnswer, includeUsage: boolean) {
  const chunk = (delta: Record<string, string>, finishReason: string | null) => ({
    id: meta.id,
    object: "chat.completion.chunk",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: object[] = [chunk({ role: "assistant", content: "" }, null)];
  if (answer.content !== "") chunks.push(chunk({ content: answer.content }, null));
  chunks.push(chunk({}, answer.finishReason));
  if (includeUsage) chunks.push({ id: meta.id, object: "chat.completion.chunk", created: meta.created, model: meta.model, choices: [], usage: usage(answer) });
  return chunks;
}

/** Sends chunks as server-sent events (`data: {...}` each), then `data: [DONE]`. */
export function sendEventStream(res: ServerResponse, chunks: object[]): void {
  const text = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("") + "data: [DONE]\n\n";
  res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
