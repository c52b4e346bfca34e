import type { TrainState } from "./protocol.js";

const seconds = (s: number): string => (s < 60 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);
const percent = (a: number): string => `${a.toFixed(1)}%`;

/** The training panel's one line of text: where the run is, how fast, and how good. */
export function describeTraining(s: TrainState): string {
  const plan = `${s.images.toLocaleString("en")} digits × ${s.epochs} epoch${s.epochs > 1 ? "s" : ""} = ${s.totalSteps} steps of 32`;
  const speed = `${s.stepsPerSecond.toFixed(1)} steps/s, ${Math.round(s.imagesPerSecond)} images/s`;
  const last = s.accuracy.at(-1);
  const accuracy = last ? ` · held-out accuracy ${percent(last.accuracy)}` : "";
  switch (s.phase) {
    case "idle":
      return `${plan}. Press Start.`;
    case "loading":
      return `${plan}: fetching the MNIST digits…`;
    case "running": {
      if (s.step === 0) return `${plan}: the first step…`;
      const loss = s.smoothedLosses.at(-1)!;
      const eta = s.etaSeconds === null ? "" : ` · ETA ${seconds(s.etaSeconds)}`;
      return `step ${s.step} / ${s.totalSteps} (epoch ${s.epoch} / ${s.epochs}) · ${speed}${eta} · loss ${loss.toFixed(3)}${accuracy}`;
    }
    case "done":
      return `done: ${s.totalSteps} steps in ${seconds(s.seconds)} (${speed}, evaluations ${seconds(s.evalSeconds)}) · held-out accuracy ${percent(s.finalAccuracy ?? NaN)}`;
    case "stopped":
      return `stopped at step ${s.step} / ${s.totalSteps}${s.step > 0 ? ` (${speed})` : ""}${accuracy}`;
    case "failed":
      return `failed at step ${s.step} / ${s.totalSteps}: see the error above`;
  }
}
