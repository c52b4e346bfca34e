// Browser-safe: bytes in, bytes out. File I/O is in ./node.ts (`@llmnist/safetensors/node`).
export type { SafetensorsDtype } from "./dtypes.js";
export type { RawTensor, SafetensorsFile } from "./raw.js";
export type { WritableDtype, WritableTensor } from "./serialize.js";
export { parseSafetensors } from "./parse.js";
export { toFloat32 } from "./convert.js";
export { serializeSafetensors } from "./serialize.js";
export { rawToTensor, tensorsToSafetensors } from "./tensors.js";
export { assignNamedTensors, type AssignNamedTensorsOptions, type DecodedTensor, type TensorSource } from "./assign.js";
