import { activeParameterCount, type VisionTransformer } from "@llmnist/vit";

/**
 * "214,090 parameters", or for a mixture of experts "657,994 parameters, 215,626 active per
 * token" (a token runs only its top-k experts, so the total overstates its compute).
 */
export function parameterCounts(model: VisionTransformer): string {
  const total = model.countParams();
  const line = `${total.toLocaleString("en-US")} parameters`;
  if (model.vitConfig.mlp?.type !== "moe") return line;
  return `${line}, ${activeParameterCount(model.vitConfig).toLocaleString("en-US")} active per token`;
}
