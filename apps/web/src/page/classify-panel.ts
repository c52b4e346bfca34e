import { toMnistDigit } from "@llmnist/mnist-data";
import type { VisionTransformer } from "@llmnist/vit";
import { vitProbabilities } from "./classify-digit.js";
import { el, nextPaint, offscreenCanvas } from "./dom.js";
import { DrawPad } from "./draw-pad.js";
import { BarChart } from "./bar-chart.js";
import { LatestRunner } from "./latest-runner.js";
import { MnistPreview } from "./mnist-preview.js";
import type { Panel, PanelContext } from "./panel.js";
import type { ClassifyState } from "./protocol.js";

const PAD_SIZE = 280;
/** Thick enough that the 20 px MNIST digit keeps MNIST's stroke width (~2-3 px). */
const LINE_WIDTH = 20;

export interface ClassifyPanel extends Panel<ClassifyState> {
  /** Classify with `model` (e.g. one trained in the tab) instead of the shipped ViT; null: the shipped one again. */
  setClassifier(model: VisionTransformer | null): void;
}

/** Draw one digit: the 28 x 28 input, the ViT's probabilities and MnistVL's answer. */
export function createClassifyPanel({ models, reportError }: PanelContext): ClassifyPanel {
  const state: ClassifyState = { strokes: 0, probabilities: null, digit: null, vlAnswer: null, vlDigit: null };
  let classifier: VisionTransformer | null = null;
  const runner = new LatestRunner(reportError);
  const input = offscreenCanvas(PAD_SIZE, PAD_SIZE);
  const pad = new DrawPad({ width: PAD_SIZE, height: PAD_SIZE, lineWidth: LINE_WIDTH, className: "pad square-pad", label: "drawing pad for one digit" }, () =>
    runner.request(classify),
  );
  const preview = new MnistPreview();
  const chart = new BarChart("the ViT's probability for each digit");
  const vitLabel = el("span", { className: "result-label" }, "ViT says");
  const topDigit = el("output", { className: "top-digit" }, "–");
  const vlAnswer = el("output", { className: "vl-answer" }, "–");
  const vlQuestion = el("q", {}, "…");
  void models.mnistvl.then((vl) => (vlQuestion.textContent = vl.question), () => undefined);

  async function classify(isLatest: () => boolean): Promise<void> {
    state.strokes = pad.strokeCount;
    if (pad.isBlank) {
      Object.assign(state, { probabilities: null, digit: null, vlAnswer: null, vlDigit: null });
      preview.show(null);
      chart.show(null);
      topDigit.textContent = vlAnswer.textContent = "–";
      return;
    }
    pad.renderTo(input, 1);
    const { data, width, height } = input.getImageData(0, 0, PAD_SIZE, PAD_SIZE);
    const { pixels } = toMnistDigit({ width, height, channels: 4, data }, "the drawing pad"); // the transform `llmnist predict` uses
    preview.show(pixels);
    state.probabilities = vitProbabilities(classifier ?? (await models.vit), pixels);
    state.digit = state.probabilities.indexOf(Math.max(...state.probabilities));
    chart.show(state.probabilities);
    topDigit.textContent = String(state.digit);
    vlAnswer.textContent = "thinking…";
    await nextPaint(); // show the ViT's answer before MnistVL's generation holds the thread
    if (!isLatest()) return;
    const answer = (await models.mnistvl).ask(pixels);
    state.vlAnswer = answer.text;
    state.vlDigit = answer.digit;
    vlAnswer.textContent = answer.text === "" ? "(empty answer)" : answer.text;
  }

  const button = (text: string, action: () => void): HTMLButtonElement => el("button", { type: "button", textContent: text, onclick: action });
  const element = el(
    "section",
    { className: "panel", id: "classify" },
    el("h2", {}, "Draw a digit"),
    el(
      "div",
      { className: "panel-body" },
      el("div", { className: "pad-column" }, pad.canvas, el("div", { className: "buttons" }, button("Clear", () => pad.clear()), button("Undo", () => pad.undo()))),
      el(
        "div",
        { className: "results" },
        el("figure", {}, preview.canvas, el("figcaption", {}, "what the models see (28 × 28)")),
        el("div", { className: "vit-result" }, vitLabel, topDigit, chart.element),
        el("p", { className: "vl-result" }, el("span", { className: "result-label" }, "MnistVL, asked "), vlQuestion, el("span", { className: "result-label" }, " answers: "), vlAnswer),
      ),
    ),
  );
  const setClassifier = (model: VisionTransformer | null): void => {
    classifier = model;
    vitLabel.textContent = model ? "ViT trained in this tab says" : "ViT says";
    runner.request(classify); // the drawing on the pad, read again by the new model
  };
  return { element, settled: () => runner.settled(), state: () => structuredClone(state), setClassifier };
}
