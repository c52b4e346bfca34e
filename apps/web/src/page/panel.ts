import type { Models } from "./models.js";

/** What every panel gets: the backend, the shared models and the page's error display. */
export interface PanelContext {
  /** Resolves once the tfjs backend is set (a model built before would live on the wrong one). */
  backendReady: Promise<void>;
  models: Models;
  reportError(error: Error): void;
}

/** A section of the page (drawing, detection, training in the tab). */
export interface Panel<State> {
  readonly element: HTMLElement;
  /** Resolves when the work the last input asked for is done. */
  settled(): Promise<void>;
  state(): State;
}
