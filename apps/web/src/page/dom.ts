type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], "style">>;

/** `document.createElement(tag)` with properties set and children appended. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<K> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  Object.assign(element, props);
  element.append(...children);
  return element;
}

/**
 * A canvas whose backing store is `ratio` times its logical size (sharp on high-DPI screens).
 * `clear()` wipes all of it and gives the context set to draw in logical px.
 */
export function hiDpiCanvas(
  width: number,
  height: number,
  className: string,
): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D; ratio: number; clear: () => CanvasRenderingContext2D } {
  const ratio = Math.min(2, Math.max(1, Math.round(window.devicePixelRatio || 1)));
  const canvas = el("canvas", { className, width: width * ratio, height: height * ratio });
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser gave no 2-D canvas context");
  const clear = (): CanvasRenderingContext2D => {
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return context;
  };
  return { canvas, context, ratio, clear };
}

/** A plain canvas of `width` x `height` pixels and its 2-D context (willReadFrequently: read back by the models). */
export function offscreenCanvas(width: number, height: number): CanvasRenderingContext2D {
  const context = el("canvas", { width, height }).getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("this browser gave no 2-D canvas context");
  return context;
}

/** Waits until the browser has painted (or 50 ms, in a tab that paints nothing). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });
}
