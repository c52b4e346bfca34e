import type { Panel } from "./panel.js";
import type { ClassifyState, DetectState, LlmnistWeb, TrainState, WebState } from "./protocol.js";
import type { StatusBar } from "./status-bar.js";

export interface WebPanels {
  classify: Panel<ClassifyState>;
  detect: Panel<DetectState>;
  train: Panel<TrainState>;
}

/** `window.llmnistWeb`: lets tests read the page's results without scraping it. */
export function installWebHook(ready: Promise<void>, status: StatusBar, { classify, detect, train }: WebPanels): void {
  const hook: LlmnistWeb = {
    ready,
    async settled() {
      await Promise.all([classify.settled(), detect.settled(), train.settled()]);
    },
    state(): WebState {
      return {
        backend: status.backend,
        backendDetail: status.backendDetail,
        models: { ...status.models },
        errors: [...status.errors],
        classify: classify.state(),
        detect: detect.state(),
        train: train.state(),
      };
    },
  };
  window.llmnistWeb = hook;
}
