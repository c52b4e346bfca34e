import { ApiError, badRequest } from "./errors.js";
import { isObject, jsonType, optionalBoolean, optionalInteger, optionalNumber, requireObject, type JsonObject } from "./fields.js";
import { decodeImageField } from "./images.js";
import type { ChatJob } from "./chat-engine.js";

/** max_tokens when the request gives none (a digit and `<|im_end|>` are 2). */
export const DEFAULT_MAX_TOKENS = 8;
/** Larger max_tokens are cut to this: the model answers in 2 tokens, this only bounds the cost of one that rambles. */
export const MAX_TOKENS_CAP = 64;
/** Longest question text accepted, in characters. */
export const MAX_QUESTION_CHARS = 2000;

/** A checked /v1/chat/completions body. */
export interface ChatRequest {
  /** Without `question`: the caller fills in the model's default. */
  job: Omit<ChatJob, "question"> & { question: string | null };
  model: string;
  stream: boolean;
  /** stream_options.include_usage: a last chunk with the token counts. */
  includeUsage: boolean;
}

/**
 * Checks an OpenAI chat request for MnistVL. The user turns must hold exactly one image (an
 * `image_url` part with a data:image/png;base64 URL); their text parts, joined by newlines,
 * are the question (none: null, the model's own question). System, developer and assistant
 * turns are accepted and ignored: the model sees one user turn.
 */
export function parseChatRequest(value: unknown, modelId: string): ChatRequest {
  const body = requireObject(value);
  if (body.model === undefined || body.model === null) throw badRequest(`model is required ("${modelId}")`, "missing_field");
  if (typeof body.model !== "string") throw badRequest(`model must be a string, got ${jsonType(body.model)}`, "invalid_type");
  if (body.model !== modelId) throw new ApiError(404, "model_not_found", `The model ${JSON.stringify(body.model)} does not exist; this server has "${modelId}" for chat`);

  const { image, texts } = readMessages(body.messages);
  const question = texts.join("\n").trim();
  if (question.length > MAX_QUESTION_CHARS) throw badRequest(`the text is ${question.length} characters; at most ${MAX_QUESTION_CHARS}`, "invalid_value");

  const n = optionalInteger(body, "n", 1);
  if (n !== undefined && n !== 1) throw badRequest(`only n = 1 is supported, got ${n}`, "invalid_value");
  const temperature = optionalNumber(body, "temperature", 0, 2) ?? 0;
  const topP = optionalNumber(body, "top_p", 0, 1) ?? 1;
  const maxTokens = optionalInteger(body, "max_completion_tokens", 1) ?? optionalInteger(body, "max_tokens", 1) ?? DEFAULT_MAX_TOKENS;
  const seed = optionalInteger(body, "seed", Number.MIN_SAFE_INTEGER);
  const stream = optionalBoolean(body, "stream", false);
  let includeUsage = false;
  if (body.stream_options !== undefined && body.stream_options !== null) {
    if (!isObject(body.stream_options)) throw badRequest(`stream_options must be an object, got ${jsonType(body.stream_options)}`, "invalid_type");
    includeUsage = optionalBoolean(body.stream_options, "include_usage", false);
  }

  // temperature 0 is greedy; so is top_p 0 (the nucleus shrinks to the most likely token).
  const sampled = temperature > 0 && topP > 0;
  const job: ChatRequest["job"] = {
    pixels: decodeImageField(image.url, image.field),
    question: question === "" ? null : question,
    maxTokens: Math.min(maxTokens, MAX_TOKENS_CAP),
    ...(sampled ? { sampling: { temperature, topP } } : {}),
    ...(sampled && seed !== undefined ? { seed } : {}),
  };
  return { job, model: modelId, stream, includeUsage };
}

/** The one image URL (with the field path for errors) and the text parts of the user turns. */
function readMessages(messages: unknown): { image: { url: unknown; field: string }; texts: string[] } {
  if (messages === undefined || messages === null) throw badRequest("messages is required", "missing_field");
  if (!Array.isArray(messages)) throw badRequest(`messages must be an array, got ${jsonType(messages)}`, "invalid_type");
  if (messages.length === 0) throw badRequest("messages is empty", "invalid_value");
  const images: Array<{ url: unknown; field: string }> = [];
  const texts: string[] = [];
  messages.forEach((message: unknown, m) => {
    const at = `messages[${m}]`;
    if (!isObject(message)) throw badRequest(`${at} must be an object, got ${jsonType(message)}`, "invalid_type");
    if (typeof message.role !== "string") throw badRequest(`${at}.role must be a string`, message.role === undefined ? "missing_field" : "invalid_type");
    if (message.role !== "user") return;
    readUserContent(message, at, images, texts);
  });
  if (images.length !== 1) {
    throw badRequest(`exactly one image is needed (an image_url part with a data:image/png;base64 URL in a user message), got ${images.length}`, "invalid_value");
  }
  return { image: images[0]!, texts };
}

function readUserContent(message: JsonObject, at: string, images: Array<{ url: unknown; field: string }>, texts: string[]): void {
  const content = message.content;
  if (typeof content === "string") return void texts.push(content);
  if (!Array.isArray(content)) throw badRequest(`${at}.content must be a string or an array of parts, got ${jsonType(content)}`, content === undefined ? "missing_field" : "invalid_type");
  content.forEach((part: unknown, p) => {
    const where = `${at}.content[${p}]`;
    if (!isObject(part)) throw badRequest(`${where} must be an object, got ${jsonType(part)}`, "invalid_type");
    if (part.type === "text") {
      if (typeof part.text !== "string") throw badRequest(`${where}.text must be a string, got ${jsonType(part.text)}`, "invalid_type");
      texts.push(part.text);
    } else if (part.type === "image_url") {
      // OpenAI's shape is {"url": ...}; a bare string is accepted too.
      const image = part.image_url;
      if (typeof image === "string") images.push({ url: image, field: `${where}.image_url` });
      else if (isObject(image)) images.push({ url: image.url, field: `${where}.image_url.url` });
      else throw badRequest(`${where}.image_url must be an object with a url, got ${jsonType(image)}`, image === undefined ? "missing_field" : "invalid_type");
    } else {
      throw badRequest(`${where}.type must be "text" or "image_url", got ${JSON.stringify(part.type)}`, "invalid_value");
    }
  });
}
