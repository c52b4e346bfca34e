// MnistVL's Node-only part: files, the bundled Qwen2.5 tokenizer, the Hugging Face hub, and
// the data-parallel replica factory (which loads the tokenizer).
export { loadQwen2Folder, readQwen2Config, saveQwen2Folder } from "./hf-folder.js";
export { loadMnistVL, saveMnistVL } from "./mnistvl-file.js";
export { bundledQwenTokenizerDir, loadQwenTokenizer } from "./tokenizer.js";
export { mnistvlScratchReplica } from "./scratch-replica.js";
export { downloadHubModel, HUB_MANIFEST, OPTIONAL_HUB_FILES, resolveModelFolder, type HubDownloadOptions } from "./hub-download.js";
export { HubDownloadError, type HubErrorKind, type HubProgress } from "./hub-fetch.js";
export { DEFAULT_HUB_ENDPOINT, defaultHubCacheDir, hubFileUrl, hubModelDir, parseHubId, type HubId } from "./hub-id.js";
export {
  buildDistillStage,
  loadScratchModel,
  mnistvlDistillReplica,
  stageTrainsLm,
  VL_DISTILL_STAGES,
  type VLDistillStage,
  type VLDistillStageName,
  type VLDistillStageSpec,
} from "./distill-stage.js";
