/** FNV-1a (32-bit) of bytes: a cheap, stable hash (of a name's UTF-8, of labels), not a cryptographic one. */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
