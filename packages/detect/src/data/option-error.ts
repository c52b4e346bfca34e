/** A bad canvas option: names the function and the option (`field`), what was expected and what came. */
export class CanvasOptionError extends Error {
  override name = "CanvasOptionError";
  constructor(
    readonly fn: string,
    /** The option as written, e.g. "width", "sizes[2].height", "scale". */
    readonly field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${fn}: ${field}: expected ${expected}, got ${shown(got)}`);
  }

  /** "expected ..., got ..." without the function and field, for callers that name the field their own way (CLI flags). */
  get detail(): string {
    return `expected ${this.expected}, got ${shown(this.got)}`;
  }
}

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
