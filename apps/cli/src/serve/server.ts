import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { activateBackend, logToStderr, type BackendPreference } from "../backend.js";
import type { LoadModelOptions } from "../model/load-model.js";
import { DEFAULT_CHECKPOINT, DEFAULT_DETECTOR, DEFAULT_VL_CHECKPOINT, DEFAULT_WEB_DIR } from "../paths.js";
import { logWhenDone } from "./access-log.js";
import { checkApiKey } from "./auth.js";
import { Batcher, type BatcherStats } from "./batcher.js";
import { readJsonBody, requireJsonContentType } from "./body.js";
import type { ChatAnswer, ChatJob } from "./chat-engine.js";
import { parseChatRequest } from "./chat-request.js";
import { completionBody, completionChunks, completionMeta, sendEventStream } from "./chat-response.js";
import { classifyImages, parseClassifyRequest, type Classification } from "./classify.js";
import { detectJobs, parseDetectRequest, type DetectJob, type DetectResult } from "./detect.js";
import { ApiError } from "./errors.js";
import { CHAT_MODEL_ID, loadServeModels } from "./models.js";
import { sendError, sendJson } from "./respond.js";
import { serveStaticFile } from "./static-files.js";

export const SERVE_DEFAULTS = {
  host: "127.0.0.1",
  port: 8080,
  maxBatch: 64,
  maxWaitMs: 5,
  maxBodyBytes: 5 * 1024 * 1024,
  timeoutMs: 30_000,
} as const;

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port (see `url`). */
  port?: number;
  /** The ViT for /v1/classify (default: the shipped model `llmnist predict` uses). */
  checkpoint?: string;
  load?: LoadModelOptions;
  /** The MnistVL model for /v1/chat/completions (default: the shipped one `llmnist vl-ask` uses). */
  vlCheckpoint?: string;
  /** The digit detector for /v1/detect (default: the shipped one `llmnist detect` uses); null: no /v1/detect. */
  detectorCheckpoint?: string | null;
  /**
   * The built web page (apps/web) served at `/` without the API key (the page runs the models
   * in the browser). Default: apps/web/dist beside this package when built; null: no page.
   */
  webDir?: string | null;
  /** Activated before the models load when given; otherwise whatever backend is active. */
  backend?: BackendPreference;
  /** When set, every route but /health needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Most images (classify) or answers (chat) per forward pass. Default 64. */
  maxBatch?: number;
  /** How long a request waits for others to share its batch. Default 5 ms. */
  maxWaitMs?: number;
  /** Larger bodies get 413. Default 5 MiB. */
  maxBodyBytes?: number;
  /** A request not answered within this gets 408 (body still arriving) or 504. Default 30 s. */
  timeoutMs?: number;
  /** Access-log and start-up lines (default: stderr). */
  log?: (line: string) => void;
}

/**
 * The counters /health reports for one endpoint's batcher: batches run, the items they held
 * (images for classify, requests for chat) and the largest. A chat batch can split into several
 * generations (see ChatEngine); `chat` also has `generations` and `max_generation_batch`.
 */
export interface BatchCounters {
  batches: number;
  batched_requests: number;
  max_batch_seen: number;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  /** Stops accepting, lets in-flight requests finish (later ones on open connections get 503), frees the models. */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void> | void;

interface Route {
  methods: string[];
  /** Served without the API key. */
  open?: boolean;
  handle: Handler;
}

const counters = (s: BatcherStats): BatchCounters => ({ batches: s.batches, batched_requests: s.items, max_batch_seen: s.maxBatchSeen });

/**
 * Starts the OpenAI-compatible server (node:http): GET /health, GET /v1/models,
 * POST /v1/classify (the ViT), POST /v1/detect (the digit detector, when loaded) and
 * POST /v1/chat/completions (MnistVL), each with dynamic
 * batching. Resolves once the models are loaded and the port is bound.
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const o = { ...SERVE_DEFAULTS, ...definedOnly(options) };
  const log = options.log ?? logToStderr;
  if (options.backend !== undefined) await activateBackend(options.backend, log);
  const models = await loadServeModels({
    checkpoint: o.checkpoint ?? DEFAULT_CHECKPOINT,
    vlCheckpoint: o.vlCheckpoint ?? DEFAULT_VL_CHECKPOINT,
    detectorCheckpoint: options.detectorCheckpoint === null ? undefined : (options.detectorCheckpoint ?? (existsSync(DEFAULT_DETECTOR) ? DEFAULT_DETECTOR : undefined)),
    load: o.load,
    log,
  });
  const [vitCard, chatCard] = models.cards;
  const batching = { maxBatch: o.maxBatch, maxWaitMs: o.maxWaitMs };
  const classifier = new Batcher<Float32Array, Classification>(classifyImages(models.vit), batching);
  const chat = new Batcher<ChatJob, ChatAnswer>((jobs) => models.chat.run(jobs), batching);
  const webDir = options.webDir === null ? undefined : (options.webDir ?? (existsSync(DEFAULT_WEB_DIR) ? DEFAULT_WEB_DIR : undefined));
  if (webDir !== undefined) log(`web page: ${webDir} at /`);
  const detector = models.detector;
  const detect = detector ? new Batcher<DetectJob, DetectResult>(detectJobs(detector.model), batching) : undefined;

  const routes: Record<string, Route> = {
    "/health": {
      methods: ["GET", "HEAD"],
      open: true,
      handle: (_req, res) =>
        sendJson(res, 200, {
          status: "ok",
          models: models.cards.map((c) => c.id),
          batching: {
            classify: counters(classifier.stats),
            chat: { ...counters(chat.stats), generations: models.chat.counters.generations, max_generation_batch: models.chat.counters.maxGenerationBatch },
            ...(detect ? { detect: counters(detect.stats) } : {}),
          },
        }),
    },
    "/v1/models": {
      methods: ["GET", "HEAD"],
      handle: (_req, res) => sendJson(res, 200, { object: "list", data: models.cards }),
    },
    "/v1/classify": {
      methods: ["POST"],
      async handle(req, res, signal) {
        requireJsonContentType(req);
        const request = parseClassifyRequest(await readJsonBody(req, o.maxBodyBytes, signal), vitCard.id);
        const results = await Promise.all(request.pixels.map((pixels) => classifier.submit(pixels, signal)));
        sendJson(res, 200, request.single ? results[0] : { results });
      },
    },
    "/v1/detect": {
      methods: ["POST"],
      async handle(req, res, signal) {
        if (detect === undefined || detector === undefined) throw new ApiError(404, "not_found", "no detector is loaded: start llmnist serve with --detector FILE");
        requireJsonContentType(req);
        const request = parseDetectRequest(await readJsonBody(req, o.maxBodyBytes, signal), detector.card.id);
        const results = await Promise.all(request.jobs.map((job) => detect.submit(job, signal)));
        sendJson(res, 200, request.single ? results[0] : { results });
      },
    },
    "/v1/chat/completions": {
      methods: ["POST"],
      async handle(req, res, signal) {
        requireJsonContentType(req);
        const request = parseChatRequest(await readJsonBody(req, o.maxBodyBytes, signal), chatCard.id);
        const question = request.job.question ?? models.chat.defaultQuestion;
        models.chat.withQuestion(question); // a question the template cannot take is a 400 before queueing
        const answer = await chat.submit({ ...request.job, question }, signal);
        const meta = completionMeta(CHAT_MODEL_ID);
        if (request.stream) sendEventStream(res, completionChunks(meta, answer, request.includeUsage));
        else sendJson(res, 200, completionBody(meta, answer));
      },
    },
  };

  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | null = null;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    logWhenDone(req, res, log);
    inFlight.add(res);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new ApiError(504, "timeout", `no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    res.once("close", () => {
      inFlight.delete(res);
      // A client that hangs up takes its queued work with it.
      if (!res.writableFinished) timeout.abort(new ApiError(499, "client_closed", "the client closed the connection"));
      if (closing) server.closeIdleConnections();
    });
    try {
      if (closing) throw new ApiError(503, "shutting_down", "the server is shutting down", { Connection: "close" });
      const path = (req.url ?? "/").split("?")[0]!;
      const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
      if (route === undefined && webDir !== undefined && (await serveStaticFile(webDir, path, req, res))) return;
      if (o.apiKey !== undefined && !route?.open) checkApiKey(req, o.apiKey);
      if (route === undefined) throw new ApiError(404, "not_found", `no route ${req.method} ${path}; try GET /v1/models, POST /v1/classify, POST /v1/detect or POST /v1/chat/completions`);
      if (!route.methods.includes(req.method ?? "")) {
        throw new ApiError(405, "method_not_allowed", `${path} takes ${route.methods.join(" or ")}, not ${req.method}`, { Allow: route.methods.join(", ") });
      }
      await route.handle(req, res, timeout.signal);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        log(`error: ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
        if (process.env.LLMNIST_DEBUG && error instanceof Error && error.stack) log(error.stack);
      }
      sendError(res, error, closing ? { Connection: "close" } : {});
    } finally {
      clearTimeout(timer);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(o.port, o.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    models.dispose();
    throw new Error(`cannot listen on ${o.host}:${o.port}: ${(error as Error).message}`);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= (async () => {
        for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Connections that outlive every request's timeout are cut.
        const force = setTimeout(() => server.closeAllConnections(), o.timeoutMs + 1000);
        await closed;
        clearTimeout(force);
        await Promise.all([classifier.idle(), chat.idle()]);
        models.dispose();
      })();
      return closing;
    },
  };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
