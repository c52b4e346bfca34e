import type { Models } from "./models.js";

/** What every panel gets: the shared models and the page's error display. */
export interface PanelContext {
  models: Models;
  reportError(error: Error): void;
}

/** A section of the page (drawing, detection, and later training in the tab). */
export interface Panel<State> {
  readonly element: HTMLElement;
  /** Resolves when the work the last input asked for is done. */
  settled(): Promise<void>;
  state(): State;
}
