// Runs inside Chromium (handed to page.evaluate, so it must use nothing from outside itself):
// draws each picture's ink on a big scratch canvas, rotated, finds the ink's box, then scales
// that box into the small picture at its size and place, over paper, with a blur.

/**
 * @param {{ size: number, specs: object[] }} arg  specs as made by plan.mjs (see there)
 * @returns {string[]} per picture, its size x size gray bytes in base64
 */
export function renderInPage({ size, specs }) {
  const S = 320; // scratch side: big enough that rotation and thick strokes stay inside
  const scratch = document.createElement("canvas");
  scratch.width = scratch.height = S;
  const sc = scratch.getContext("2d", { willReadFrequently: true });
  const out = document.createElement("canvas");
  out.width = out.height = size;
  const oc = out.getContext("2d", { willReadFrequently: true });

  const inkBox = () => {
    const a = sc.getImageData(0, 0, S, S).data;
    let left = S, top = S, right = -1, bottom = -1;
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
      if (a[4 * (y * S + x) + 3] < 8) continue; // alpha: faint anti-aliasing is not ink
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
    if (right < 0) return null;
    if (left === 0 || top === 0 || right === S - 1 || bottom === S - 1) return "clipped";
    return { left, top, width: right - left + 1, height: bottom - top + 1 };
  };

  const drawInk = (spec) => {
    sc.setTransform(1, 0, 0, 1, 0, 0);
    sc.globalCompositeOperation = "source-over";
    sc.clearRect(0, 0, S, S);
    sc.translate(S / 2, S / 2);
    sc.rotate(spec.rotation);
    sc.fillStyle = sc.strokeStyle = "#000";
    sc.lineCap = sc.lineJoin = "round";
    if (spec.kind === "font") {
      sc.font = spec.font;
      sc.textAlign = "center";
      sc.textBaseline = "middle";
      sc.fillText(spec.text, 0, 0);
      if (spec.stroke > 0) {
        sc.lineWidth = spec.stroke;
        sc.strokeText(spec.text, 0, 0);
      }
    } else {
      const L = spec.box; // the unit box's side on the scratch canvas
      sc.lineWidth = spec.width * L;
      for (const line of spec.polylines) {
        sc.beginPath();
        sc.moveTo((line[0] - 0.5) * L, (line[1] - 0.5) * L);
        for (let i = 2; i < line.length; i += 2) sc.lineTo((line[i] - 0.5) * L, (line[i + 1] - 0.5) * L);
        sc.stroke();
      }
    }
    // Colour the ink (alpha kept) with the picture's ink gray.
    sc.setTransform(1, 0, 0, 1, 0, 0);
    sc.globalCompositeOperation = "source-in";
    sc.fillStyle = `rgb(${spec.ink},${spec.ink},${spec.ink})`;
    sc.fillRect(0, 0, S, S);
  };

  const toBase64 = (bytes) => {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  };

  return specs.map((spec) => {
    drawInk(spec);
    const box = inkBox();
    if (box === null || box === "clipped") throw new Error(`picture ${spec.index}: ink ${box === null ? "is empty" : "runs off the scratch canvas"}`);
    const scale = (spec.size * size) / Math.max(box.width, box.height);
    const w = box.width * scale, h = box.height * scale;
    const margin = 2; // keep the border paper, where predict's polarity test looks
    const x = margin + spec.x * Math.max(0, size - 2 * margin - w);
    const y = margin + spec.y * Math.max(0, size - 2 * margin - h);
    oc.setTransform(1, 0, 0, 1, 0, 0);
    oc.filter = "none";
    oc.fillStyle = `rgb(${spec.paper},${spec.paper},${spec.paper})`;
    oc.fillRect(0, 0, size, size);
    oc.filter = spec.blur > 0 ? `blur(${spec.blur}px)` : "none";
    oc.imageSmoothingEnabled = true;
    oc.imageSmoothingQuality = "high";
    oc.drawImage(scratch, box.left, box.top, box.width, box.height, x, y, w, h);
    const rgba = oc.getImageData(0, 0, size, size).data;
    const gray = new Uint8Array(size * size);
    for (let i = 0; i < gray.length; i++) gray[i] = rgba[4 * i];
    return toBase64(gray);
  });
}

/**
 * For each CSS font face, the digits Chromium would draw with a fallback font instead of it:
 * a digit is the face's own when its picture differs from at least one generic family's (a
 * generic family may itself be that face, e.g. monospace is DejaVu Sans Mono).
 */
export function missingDigitsInPage(fonts) {
  const c = document.createElement("canvas");
  c.width = c.height = 96;
  const ctx = c.getContext("2d", { willReadFrequently: true });
  const picture = (font, digit) => {
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.font = font;
    ctx.textBaseline = "top";
    ctx.fillText(digit, 8, 8);
    return Array.from(ctx.getImageData(0, 0, c.width, c.height).data).join(",");
  };
  const digits = "0123456789".split("");
  return fonts.map((font) =>
    digits.filter((d) => ["serif", "monospace"].every((g) => picture(`${font}, ${g}`, d) === picture(font.replace(/"[^"]*"/, g), d))),
  );
}
