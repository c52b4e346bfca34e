/**
 * The detection pad's picture: what the detector reads is the pad shrunk 2.8 times, to
 * 160 x 80. The shipped detector was trained on 128 x 128 canvases: on pictures much wider
 * than ~160 px its 2-D RoPE meets positions it never saw and it finds ghost digits. It learnt
 * digits 17-56 px a side (ink ~12-40 px tall): digits drawn up to half the pad's height.
 * Example canvases are made at this size.
 */
export const DETECT_WIDTH = 160;
export const DETECT_HEIGHT = 80;
/** Pad (CSS px) per detector pixel: the pad is 448 x 224. */
export const DETECT_PAD_SCALE = 2.8;
