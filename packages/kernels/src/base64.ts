/**
 * Base64 to bytes in an ArrayBuffer of their own (what WebAssembly.Module's typing wants).
 * `atob` exists in browsers and Node (>= 16), unlike Buffer.
 */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
