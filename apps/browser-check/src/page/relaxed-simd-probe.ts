/**
 * The smallest module that uses relaxed SIMD: (v128, v128, v128) -> f32x4.relaxed_madd.
 * WebAssembly.validate on it says whether this engine runs relaxed SIMD without asking
 * @llmnist/kernels, so the check can tell which build the kernels ought to pick.
 */
const RELAXED_MADD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) -> v128
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (0xfd 0x105)
  0x0b, // end
]);

export function relaxedSimdValidates(): boolean {
  return WebAssembly.validate(RELAXED_MADD_MODULE);
}
