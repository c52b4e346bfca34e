// The page: a status line, then one panel per task. Panels share the models (models.ts) and
// the error display (status-bar.ts); a new panel is one more module implementing Panel.
import { startBackend } from "./backend.js";
import { createClassifyPanel } from "./classify-panel.js";
import { createDetectPanel } from "./detect-panel.js";
import { loadModels, type Models } from "./models.js";
import type { PanelContext } from "./panel.js";
import { StatusBar } from "./status-bar.js";
import { createTrainPanel } from "./train-panel.js";
import { installWebHook } from "./web-hook.js";

const status = new StatusBar();
const reportError = (error: Error): void => status.error(error.message);
window.addEventListener("error", (event) => status.error(`uncaught: ${event.message}`));
window.addEventListener("unhandledrejection", (event) => status.error(`unhandled: ${(event.reason as Error)?.message ?? String(event.reason)}`));

// Models are built once the backend is up (their weights live on it); panels await them.
const backend = startBackend();
backend.then(
  ({ name, detail }) => status.setBackend(name, detail),
  (error: Error) => reportError(error),
);
const loading = backend.then(() => loadModels((name, modelStatus) => status.setModel(name, modelStatus)));
/** A promise whose failure is shown by the status bar: not an "unhandled rejection" too. */
const shown = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};
const models: Models = {
  vit: shown(loading.then((m) => m.vit)),
  mnistvl: shown(loading.then((m) => m.mnistvl)),
  detector: shown(loading.then((m) => m.detector)),
};
const ready = shown(Promise.all([models.vit, models.mnistvl, models.detector]).then(() => undefined));

const context: PanelContext = { backendReady: shown(backend.then(() => undefined)), models, reportError };
const classify = createClassifyPanel(context);
const detect = createDetectPanel(context);
const train = createTrainPanel(context, classify); // "use for the drawing pad" hands its model to classify
document.getElementById("status")!.replaceChildren(status.element);
document.getElementById("panels")!.replaceChildren(classify.element, detect.element, train.element);
installWebHook(ready, status, { classify, detect, train });
