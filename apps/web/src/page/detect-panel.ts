import { BoxOverlay } from "./box-overlay.js";
import { detectDigits } from "./detect-digits.js";
import { DETECT_HEIGHT, DETECT_PAD_SCALE, DETECT_WIDTH } from "./detect-geometry.js";
import { el, offscreenCanvas } from "./dom.js";
import { DrawPad } from "./draw-pad.js";
import { exampleImage, exampleIndex } from "./examples.js";
import { LatestRunner } from "./latest-runner.js";
import type { Panel, PanelContext } from "./panel.js";
import type { DetectState } from "./protocol.js";

const PAD_WIDTH = Math.round(DETECT_WIDTH * DETECT_PAD_SCALE);
const PAD_HEIGHT = Math.round(DETECT_HEIGHT * DETECT_PAD_SCALE);
/** ~5 px in the detector's picture: the stroke of a 40 px tall MNIST digit. */
const LINE_WIDTH = 14;
/** `llmnist detect`'s default. */
const DEFAULT_THRESHOLD = 0.3;

/** Draw several digits (or load an example canvas): the detector's boxes over the picture. */
export function createDetectPanel({ models, reportError }: PanelContext): Panel<DetectState> {
  const state: DetectState = { strokes: 0, example: null, scoreThreshold: DEFAULT_THRESHOLD, detections: [] };
  const runner = new LatestRunner(reportError);
  const input = offscreenCanvas(DETECT_WIDTH, DETECT_HEIGHT);
  const overlay = new BoxOverlay(PAD_WIDTH, PAD_HEIGHT, DETECT_PAD_SCALE);
  const pad = new DrawPad({ width: PAD_WIDTH, height: PAD_HEIGHT, lineWidth: LINE_WIDTH, className: "pad wide-pad", label: "drawing pad for several digits" }, () => {
    state.strokes = pad.strokeCount;
    if (pad.isBlank) state.example = null;
    runner.request(detect);
  });
  const found = el("p", { className: "found" }, "–");
  const thresholdValue = el("output", {}, DEFAULT_THRESHOLD.toFixed(2));
  const slider = el("input", { type: "range", min: "0.05", max: "0.95", step: "0.05", value: String(DEFAULT_THRESHOLD), ariaLabel: "score threshold" });
  slider.addEventListener("input", () => {
    state.scoreThreshold = Number(slider.value);
    thresholdValue.textContent = state.scoreThreshold.toFixed(2);
    runner.request(detect);
  });
  let nextExample = 0;
  let exampleLoading: Promise<void> = Promise.resolve();

  async function detect(): Promise<void> {
    if (pad.isBlank) {
      state.detections = [];
    } else {
      pad.renderTo(input, 1 / DETECT_PAD_SCALE); // the detector reads the pad shrunk to its picture size
      const picture = input.getImageData(0, 0, DETECT_WIDTH, DETECT_HEIGHT);
      state.detections = detectDigits(await models.detector, picture, state.scoreThreshold);
    }
    overlay.show(state.detections);
    const left = [...state.detections].sort((a, b) => a.box[0] - b.box[0]);
    found.textContent = pad.isBlank ? "–" : left.length === 0 ? "no digit found" : `found (left to right): ${left.map((d) => `${d.digit} (${d.score.toFixed(2)})`).join(", ")}`;
  }

  async function loadExample(): Promise<void> {
    const examples = await exampleIndex();
    const example = examples[nextExample++ % examples.length]!;
    const image = await exampleImage(example);
    state.example = example.image;
    pad.setBackground(image);
  }

  const button = (text: string, action: () => void): HTMLButtonElement => el("button", { type: "button", textContent: text, onclick: action });
  const element = el(
    "section",
    { className: "panel", id: "detect" },
    el("h2", {}, "Find digits"),
    el("p", { className: "hint" }, "Draw a few digits, each at most half the pad's height (the detector learnt digits of that size), or load an example made from MNIST test digits."),
    el("div", { className: "pad-stack" }, pad.canvas, overlay.canvas),
    el(
      "div",
      { className: "buttons" },
      button("Clear", () => pad.clear()),
      button("Undo", () => pad.undo()),
      button("Example", () => (exampleLoading = loadExample().catch(reportError))),
      el("label", { className: "threshold" }, "score ≥ ", slider, thresholdValue),
    ),
    found,
  );
  const settled = async (): Promise<void> => {
    await exampleLoading; // its picture arrives before the detection it asks for
    await runner.settled();
  };
  return { element, settled, state: () => structuredClone(state) };
}
