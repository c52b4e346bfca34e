import type { Endpoint } from "./row.js";

/** The paper's question, MnistVL's own (MNIST_QUESTION of @llmnist/mnistvl), sent as the text part. */
export const CHAT_QUESTION = "What is the digit (0-9)? Response with a single digit.";

/** One test image as the bench sends it. */
export interface BenchImage {
  label: number;
  png: Buffer;
}

/** The JSON bodies for one image, built once before timing. */
export function requestBodies(png: Uint8Array): Record<Endpoint, Buffer> {
  const base64 = Buffer.from(png).toString("base64");
  return {
    classify: Buffer.from(JSON.stringify({ image: base64 })),
    chat: Buffer.from(
      JSON.stringify({
        model: "mnistvl",
        temperature: 0,
        messages: [
          {
            role: "user",
            content: [
              { type: "image_url", image_url: { url: `data:image/png;base64,${base64}` } },
              { type: "text", text: CHAT_QUESTION },
            ],
          },
        ],
      }),
    ),
  };
}

/** A response as the client got it, or why there was none. */
export type Reply = { status: number; body: string } | { error: string };

/** The answer of a 200 response (the digit for classify, the text for chat), or why it does not count. */
export type Answer = { answer: string } | { failure: string };

const short = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}...` : text);

/** Reads a reply of `endpoint`; anything but a 200 with the expected JSON is a failure. */
export function readAnswer(endpoint: Endpoint, reply: Reply): Answer {
  if ("error" in reply) return { failure: reply.error };
  if (reply.status !== 200) return { failure: `HTTP ${reply.status}: ${short(reply.body.trim())}` };
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return { failure: `HTTP 200 with a body that is not JSON: ${short(reply.body)}` };
  }
  if (endpoint === "classify") {
    const digit = (body as { digit?: unknown } | null)?.digit;
    return typeof digit === "number" ? { answer: String(digit) } : { failure: `classify: no digit in ${short(reply.body)}` };
  }
  const content = (body as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices?.[0]?.message?.content;
  return typeof content === "string" ? { answer: content.trim() } : { failure: `chat: no choices[0].message.content in ${short(reply.body)}` };
}
