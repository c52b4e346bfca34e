import { TrainingAbortedError } from "@llmnist/train";
import type { VisionTransformer } from "@llmnist/vit";
import { el } from "./dom.js";
import type { Panel, PanelContext } from "./panel.js";
import type { TrainPhase, TrainState } from "./protocol.js";
import { TrainCurves } from "./train-curves.js";
import { trainingData } from "./train-data.js";
import { describeTraining } from "./train-progress.js";
import { emptyTrainState, TrainRecord } from "./train-record.js";
import { createTabModel, TRAIN_RECIPE, trainInTab, type TrainListener, type TrainSettings } from "./train-run.js";

/** The drawing pad's side of "use for the drawing pad" (the classify panel). */
export interface PadClassifier {
  setClassifier(model: VisionTransformer | null): void;
  settled(): Promise<void>;
}

const IMAGE_CHOICES = [2000, 6000, 12000];
const EPOCH_CHOICES = [1, 2, 3];
const DEFAULT_SETTINGS: TrainSettings = { images: 12000, epochs: 1 };

const stepsOf = ({ images, epochs }: TrainSettings): number => Math.ceil(images / TRAIN_RECIPE.batchSize) * epochs;

/** Train the 0.21M ViT in this tab, watch its curves, then let the drawing pad use it. */
export function createTrainPanel({ backendReady, reportError }: PanelContext, pad: PadClassifier): Panel<TrainState> {
  let state = emptyTrainState(DEFAULT_SETTINGS.images, DEFAULT_SETTINGS.epochs);
  state.totalSteps = stepsOf(DEFAULT_SETTINGS);
  /** The last run's model (trained, or stopped part way); null before any or after a failure. */
  let model: VisionTransformer | null = null;
  let controller: AbortController | null = null;
  let run: Promise<void> = Promise.resolve();

  const select = (label: string, choices: number[], value: number): HTMLSelectElement =>
    el("select", { ariaLabel: label }, ...choices.map((n) => el("option", { value: String(n), selected: n === value }, n.toLocaleString("en"))));
  const imagesSelect = select("images", IMAGE_CHOICES, DEFAULT_SETTINGS.images);
  const epochsSelect = select("epochs", EPOCH_CHOICES, DEFAULT_SETTINGS.epochs);
  const settings = (): TrainSettings => ({ images: Number(imagesSelect.value), epochs: Number(epochsSelect.value) });
  const startStop = el("button", { type: "button", className: "primary" });
  const useButton = el("button", { type: "button" });
  const progress = el("p", { className: "train-progress" });
  const curves = new TrainCurves();

  const busy = (): boolean => state.phase === "loading" || state.phase === "running";
  function render(): void {
    startStop.textContent = busy() ? "Stop" : "Start";
    useButton.textContent = state.usedByPad ? "Use the shipped ViT again" : "Use for the drawing pad";
    useButton.disabled = model === null || busy();
    imagesSelect.disabled = epochsSelect.disabled = busy();
    progress.textContent = describeTraining(state);
    curves.draw(state);
  }
  let frameRequested = false;
  /** Steps come faster than frames: redraw once per frame. */
  function renderSoon(): void {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      render();
    });
  }

  function usePad(use: boolean): void {
    state.usedByPad = use && model !== null;
    pad.setClassifier(state.usedByPad ? model : null);
    render();
  }

  async function train(chosen: TrainSettings, signal: AbortSignal): Promise<void> {
    const padHadIt = state.usedByPad;
    state = emptyTrainState(chosen.images, chosen.epochs, "loading");
    state.totalSteps = stepsOf(chosen);
    render();
    let record: TrainRecord | null = null;
    const end = (phase: TrainPhase, finalAccuracy: number | null = null): void => (record ? record.finish(phase, finalAccuracy) : void (state.phase = phase));
    try {
      if (padHadIt) pad.setClassifier(null); // the pad lets go of the old model...
      await pad.settled();
      model?.disposeWeights(); // ...before its weights are freed
      model = null;
      const [data] = await Promise.all([trainingData(), backendReady]);
      if (signal.aborted) return end("stopped");
      model = createTabModel();
      state.phase = "running";
      const recording = (record = new TrainRecord(state)); // times the training, not the download
      const listener: TrainListener = {
        step: (s) => (recording.step(s), renderSoon()),
        accuracy: (accuracy, evalMs) => (recording.accuracy(accuracy, evalMs), renderSoon()),
      };
      render();
      end("done", (await trainInTab(model, data, chosen, listener, signal)).finalAccuracy);
    } catch (error) {
      if (error instanceof TrainingAbortedError) return end("stopped"); // the model so far stays usable
      end("failed");
      model?.disposeWeights();
      model = null;
      reportError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      controller = null;
      render();
    }
  }

  startStop.onclick = () => {
    if (controller) return controller.abort();
    controller = new AbortController();
    const [chosen, signal] = [settings(), controller.signal];
    run = run.then(() => train(chosen, signal)).catch((error: Error) => reportError(error)); // a later Start still runs
  };
  useButton.onclick = () => usePad(!state.usedByPad);
  for (const control of [imagesSelect, epochsSelect]) {
    control.onchange = () => {
      if (state.phase !== "idle") return; // a finished run keeps describing itself
      Object.assign(state, settings(), { totalSteps: stepsOf(settings()) });
      render();
    };
  }

  const element = el(
    "section",
    { className: "panel", id: "train" },
    el("h2", {}, "Train in this tab"),
    el(
      "p",
      { className: "hint" },
      "Trains a fresh 0.21M ViT (the paper's smallest, 214,090 parameters) here, on this tab's one thread, on MNIST training digits; " +
        "its accuracy is measured on 1000 MNIST test digits it never sees. Keep the tab in front: browsers slow down background tabs.",
    ),
    el(
      "div",
      { className: "buttons" },
      el("label", { className: "setting" }, "images ", imagesSelect),
      el("label", { className: "setting" }, "epochs ", epochsSelect),
      startStop,
      useButton,
    ),
    progress,
    curves.element,
  );
  render();
  return { element, settled: () => run, state: () => structuredClone(state) };
}
