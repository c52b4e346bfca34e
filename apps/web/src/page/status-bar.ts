import { el } from "./dom.js";
import type { ModelName } from "./models.js";
import type { ModelStatus } from "./protocol.js";

const MODEL_LABELS: Record<ModelName, string> = { vit: "ViT 0.21M", mnistvl: "MnistVL", detector: "detector" };

/** The page's header line: the tfjs backend, each model's load status, and every error. */
export class StatusBar {
  readonly element: HTMLElement;
  readonly errors: string[] = [];
  backend: string | null = null;
  backendDetail = "starting...";
  readonly models: Record<ModelName, ModelStatus> = { vit: "loading", mnistvl: "loading", detector: "loading" };
  private readonly backendLine = el("p", { className: "backend" });
  private readonly modelLine = el("p", { className: "models" });
  private readonly errorList = el("ul", { className: "errors", role: "alert" });

  constructor() {
    this.element = el("div", { className: "status" }, this.backendLine, this.modelLine, this.errorList);
    this.render();
  }

  setBackend(name: string, detail: string): void {
    this.backend = name;
    this.backendDetail = detail;
    this.render();
  }

  setModel(name: ModelName, status: ModelStatus): void {
    this.models[name] = status;
    this.render();
    if (status.startsWith("error: ")) this.error(`${MODEL_LABELS[name]} did not load: ${status.slice(7)}`);
  }

  /** Shows `message` in the page (and the console, for developers). */
  error(message: string): void {
    this.errors.push(message);
    this.errorList.append(el("li", {}, message));
    console.error(message);
  }

  private render(): void {
    this.backendLine.textContent = `tfjs backend: ${this.backend ?? "..."} (${this.backendDetail})`;
    this.modelLine.replaceChildren(
      "models: ",
      ...Object.entries(this.models).flatMap(([name, status], i) => [
        i > 0 ? " · " : "",
        el("span", { className: `model-${status.split(":")[0]}` }, `${MODEL_LABELS[name as ModelName]} ${status.startsWith("error") ? "failed" : status}`),
      ]),
    );
  }
}
