import { logToStderr } from "../backend.js";
import { UsageError, type Command } from "../command.js";
import { parseFlags } from "../args/parse-flags.js";
import { parseIntFlag } from "../args/values.js";
import { DEFAULT_CHECKPOINT, DEFAULT_VL_CHECKPOINT } from "../paths.js";
import { SERVE_DEFAULTS, startServer } from "../serve/server.js";
import { MODEL_FLAG_HELP, MODEL_FLAG_SPECS, modelFlags } from "./model-flags.js";

const d = SERVE_DEFAULTS;
const usage = `usage: llmnist serve [--host H] [--port N] [--checkpoint FILE] [--vl-checkpoint FILE] [options]

An OpenAI-compatible HTTP server for both models, with dynamic batching (requests that arrive
within --max-wait-ms of each other share one forward pass, up to --max-batch):
  GET  /                       the web page (apps/web: the models run in the browser tab)
  GET  /health                 status and batching counters (no API key needed)
  GET  /v1/models              vit-<preset>, mnistvl and vit-detector, in OpenAI's list format
  POST /v1/classify            {"image": "<base64 PNG>"} -> {"digit", "probabilities"};
                               {"images": [...]} -> {"results": [...]} (as \`llmnist predict\`)
  POST /v1/detect              {"image": "<base64 PNG>", score_threshold, nms_iou, soft_nms,
                               max_detections} -> {"width", "height", "detections": [{"box",
                               "digit", "score"}]} (as \`llmnist detect --json\`)
  POST /v1/chat/completions    model "mnistvl": one image_url part (data:image/png;base64,...)
                               and optional text; temperature, top_p, max_tokens, seed, stream
Stops on SIGINT/SIGTERM after the requests in flight are answered (a second signal: at once).
One access-log line per request on stderr.

  --host H              address to bind (default ${d.host})
  --port N              default ${d.port}; 0 = any free port (the address is printed)
  --checkpoint FILE     the ViT (default: the bundled model, assets/default-0.21M-ce-aug.safetensors)
  --vl-checkpoint FILE  the MnistVL model (default: the shipped qwen2-small-scratch model)
  --detector FILE       the digit detector for POST /v1/detect (default: the bundled one,
                        assets/detector-vit.safetensors; none: no /v1/detect)
  --web DIR             the built web page (apps/web) served at / without the API key
                        (default: apps/web/dist when it is built; none: no page)
  --api-key KEY         require Authorization: Bearer KEY (default: LLMNIST_API_KEY, else none)
  --max-batch N         most images / answers per forward pass (default ${d.maxBatch})
  --max-wait-ms N       how long a request waits for company (default ${d.maxWaitMs})
  --max-body-bytes N    larger request bodies get 413 (default ${d.maxBodyBytes})
  --timeout-ms N        a request not answered in time gets 408 / 504 (default ${d.timeoutMs})
${MODEL_FLAG_HELP}

example: llmnist serve --port 8080 --api-key secret
  curl -s localhost:8080/v1/classify -H 'Authorization: Bearer secret' \\
    -H 'Content-Type: application/json' -d "{\\"image\\": \\"$(base64 -w0 digit.png)\\"}"`;

export const serveCommand: Command = {
  name: "serve",
  summary: "serve the models over HTTP (OpenAI-compatible chat completions, classify, detect)",
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      ...MODEL_FLAG_SPECS,
      host: { type: "string", default: d.host },
      port: { type: "string", default: String(d.port) },
      "vl-checkpoint": { type: "string", default: DEFAULT_VL_CHECKPOINT },
      detector: { type: "string" },
      web: { type: "string" },
      "api-key": { type: "string" },
      "max-batch": { type: "string", default: String(d.maxBatch) },
      "max-wait-ms": { type: "string", default: String(d.maxWaitMs) },
      "max-body-bytes": { type: "string", default: String(d.maxBodyBytes) },
      "timeout-ms": { type: "string", default: String(d.timeoutMs) },
    });
    const port = parseIntFlag("--port", values.port, 0);
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    const apiKey = values["api-key"] ?? process.env.LLMNIST_API_KEY;
    if (apiKey !== undefined && apiKey.trim() === "") throw new UsageError("--api-key (or LLMNIST_API_KEY) must not be empty");
    const { load, backend } = modelFlags(values);
    const server = await startServer({
      host: values.host,
      port,
      checkpoint: values.checkpoint ?? DEFAULT_CHECKPOINT,
      load,
      vlCheckpoint: values["vl-checkpoint"],
      ...(values.detector === undefined ? {} : { detectorCheckpoint: values.detector === "none" ? null : values.detector }),
      ...(values.web === undefined ? {} : { webDir: values.web === "none" ? null : values.web }),
      backend,
      apiKey,
      maxBatch: parseIntFlag("--max-batch", values["max-batch"], 1),
      maxWaitMs: parseIntFlag("--max-wait-ms", values["max-wait-ms"], 0),
      maxBodyBytes: parseIntFlag("--max-body-bytes", values["max-body-bytes"], 1),
      timeoutMs: parseIntFlag("--timeout-ms", values["timeout-ms"], 1),
      log: logToStderr,
    });
    process.stdout.write(`listening on ${server.url}${apiKey === undefined ? "" : " (API key required)"}\n`);
    const signals = stopSignals(logToStderr);
    try {
      await signals.received;
      await server.close();
    } finally {
      signals.release();
    }
    logToStderr("stopped");
    return 0;
  },
};

/** `received` resolves on the first SIGINT or SIGTERM; a second one (before `release`) exits at once, 130. */
function stopSignals(log: (line: string) => void): { received: Promise<void>; release(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<void>((resolve) => {
    let seen = false;
    onSignal = (signal) => {
      if (seen) {
        log(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      seen = true;
      log(`${signal}: no new connections; finishing the requests in flight (again to quit at once)`);
      resolve();
    };
  });
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    received,
    release() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
