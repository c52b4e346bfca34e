// Hand-designed pen paths of each digit, the ways people commonly write it (a "1" with or
// without a flag and base, an open or closed "4", a "7" with a crossbar, an "8" as two loops
// or one S-turn...). Coordinates are in a unit box, x right, y down, the digit's height
// about 0.8. Each skeleton is a function of a jitter `j`, so every picture draws its own
// variant: j.p jitters a point, j.s a length (relative), j.a an angle (degrees).

const STEPS = 28; // points per curve segment: smooth at the set's sizes

const line = (a, b) => Array.from({ length: 9 }, (_, i) => [a[0] + ((b[0] - a[0]) * i) / 8, a[1] + ((b[1] - a[1]) * i) / 8]);

const quad = (a, c, b) =>
  Array.from({ length: STEPS + 1 }, (_, i) => {
    const t = i / STEPS, u = 1 - t;
    return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
  });

const cubic = (a, c1, c2, b) =>
  Array.from({ length: STEPS + 1 }, (_, i) => {
    const t = i / STEPS, u = 1 - t;
    const k = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    return [0, 1].map((d) => k[0] * a[d] + k[1] * c1[d] + k[2] * c2[d] + k[3] * b[d]);
  });

/** A point of an ellipse at `deg` degrees (0 = right, 90 = down). */
const onArc = (c, rx, ry, deg) => [c[0] + rx * Math.cos((deg * Math.PI) / 180), c[1] + ry * Math.sin((deg * Math.PI) / 180)];

/** Ellipse arc from a0 to a1 degrees; a1 > a0 runs clockwise on screen, a1 < a0 anticlockwise. */
const arc = (c, rx, ry, a0, a1) => {
  const n = Math.max(8, Math.round((Math.abs(a1 - a0) / 360) * 2 * STEPS));
  return Array.from({ length: n + 1 }, (_, i) => onArc(c, rx, ry, a0 + ((a1 - a0) * i) / n));
};

/** One pen stroke: its segments joined in order. */
const stroke = (...segments) => segments.flat();

/** Per digit, its skeletons: name and strokes(j) -> array of point lists. */
export const SKELETONS = [
  [
    { name: "0-oval", strokes: (j) => [arc(j.p(0.5, 0.5), j.s(0.2), j.s(0.38), j.a(-95), j.a(270))] },
    { name: "0-round", strokes: (j) => [arc(j.p(0.5, 0.5), j.s(0.28), j.s(0.35), j.a(-60), j.a(295))] },
    { name: "0-overlap", strokes: (j) => [arc(j.p(0.5, 0.5), j.s(0.21), j.s(0.37), j.a(-55), j.a(-440))] },
  ],
  [
    { name: "1-bar", strokes: (j) => [line(j.p(0.5, 0.1), j.p(0.5, 0.9))] },
    {
      name: "1-flag",
      strokes: (j) => {
        const top = j.p(0.53, 0.1);
        return [stroke(line(j.p(0.37, 0.25), top), line(top, j.p(0.53, 0.9)))];
      },
    },
    {
      name: "1-flag-base",
      strokes: (j) => {
        const top = j.p(0.53, 0.1);
        return [stroke(line(j.p(0.37, 0.25), top), line(top, j.p(0.53, 0.9))), line(j.p(0.32, 0.9), j.p(0.74, 0.9))];
      },
    },
  ],
  [
    {
      name: "2-classic",
      strokes: (j) => {
        const [c, rx, ry, a1] = [j.p(0.5, 0.32), j.s(0.22), j.s(0.21), j.a(385)];
        const foot = j.p(0.26, 0.9);
        return [stroke(arc(c, rx, ry, j.a(195), a1), line(onArc(c, rx, ry, a1), foot), line(foot, j.p(0.77, 0.9)))];
      },
    },
    {
      name: "2-curvy",
      strokes: (j) => {
        const [c, rx, ry, a1] = [j.p(0.5, 0.3), j.s(0.21), j.s(0.2), j.a(370)];
        const foot = j.p(0.25, 0.88);
        return [stroke(arc(c, rx, ry, j.a(200), a1), quad(onArc(c, rx, ry, a1), j.p(0.62, 0.62), foot), quad(foot, j.p(0.5, 0.8), j.p(0.78, 0.9)))];
      },
    },
    {
      name: "2-sharp",
      strokes: (j) => {
        const [top, foot] = [j.p(0.7, 0.22), j.p(0.26, 0.9)];
        return [stroke(quad(j.p(0.27, 0.28), j.p(0.45, 0.02), top), quad(top, j.p(0.8, 0.45), foot), line(foot, j.p(0.76, 0.9)))];
      },
    },
  ],
  [
    {
      name: "3-round",
      strokes: (j) => [stroke(arc(j.p(0.48, 0.3), j.s(0.2), j.s(0.19), j.a(200), 450), arc(j.p(0.48, 0.69), j.s(0.24), j.s(0.21), -90, j.a(160)))],
    },
    {
      name: "3-flat-top",
      strokes: (j) => {
        const top = j.p(0.72, 0.12);
        return [stroke(line(j.p(0.27, 0.12), top), line(top, j.p(0.45, 0.42)), arc(j.p(0.47, 0.66), j.s(0.25), j.s(0.24), -115, j.a(160)))];
      },
    },
    {
      name: "3-pointed",
      strokes: (j) => [stroke(arc(j.p(0.5, 0.3), j.s(0.2), j.s(0.18), j.a(205), 460), arc(j.p(0.5, 0.69), j.s(0.24), j.s(0.21), -120, j.a(155)))],
    },
  ],
  [
    {
      name: "4-open",
      strokes: (j) => {
        const knee = j.p(0.26, 0.6);
        return [stroke(line(j.p(0.32, 0.1), knee), line(knee, j.p(0.8, 0.6))), line(j.p(0.64, 0.22), j.p(0.64, 0.92))];
      },
    },
    {
      name: "4-closed",
      strokes: (j) => {
        const knee = j.p(0.2, 0.64);
        return [stroke(line(j.p(0.62, 0.1), knee), line(knee, j.p(0.82, 0.64))), line(j.p(0.62, 0.1), j.p(0.62, 0.92))];
      },
    },
    {
      name: "4-slanted",
      strokes: (j) => {
        const knee = j.p(0.22, 0.58);
        return [stroke(line(j.p(0.42, 0.1), knee), line(knee, j.p(0.8, 0.56))), line(j.p(0.7, 0.3), j.p(0.6, 0.92))];
      },
    },
  ],
  [
    {
      name: "5-classic",
      strokes: (j) => {
        const top = j.p(0.32, 0.13);
        return [stroke(line(top, j.p(0.3, 0.46)), arc(j.p(0.48, 0.66), j.s(0.24), j.s(0.22), j.a(-145), j.a(150))), line(top, j.p(0.74, 0.12))];
      },
    },
    {
      name: "5-one-stroke",
      strokes: (j) => {
        const top = j.p(0.33, 0.13);
        return [stroke(line(j.p(0.74, 0.12), top), line(top, j.p(0.3, 0.46)), arc(j.p(0.48, 0.66), j.s(0.24), j.s(0.22), j.a(-145), j.a(150)))];
      },
    },
    {
      name: "5-round-belly",
      strokes: (j) => {
        const top = j.p(0.36, 0.1);
        return [stroke(line(top, j.p(0.28, 0.44)), arc(j.p(0.5, 0.64), j.s(0.27), j.s(0.25), j.a(-150), j.a(140))), line(top, j.p(0.76, 0.14))];
      },
    },
  ],
  [
    {
      name: "6-classic",
      strokes: (j) => [stroke(quad(j.p(0.68, 0.12), j.p(0.3, 0.22), j.p(0.27, 0.66)), arc(j.p(0.5, 0.68), j.s(0.23), j.s(0.21), 180, j.a(-180)))],
    },
    {
      name: "6-straight",
      strokes: (j) => [stroke(line(j.p(0.62, 0.1), j.p(0.3, 0.62)), arc(j.p(0.48, 0.7), j.s(0.2), j.s(0.19), 200, j.a(-150)))],
    },
    {
      name: "6-curl",
      strokes: (j) => [stroke(cubic(j.p(0.7, 0.15), j.p(0.5, 0.02), j.p(0.22, 0.25), j.p(0.25, 0.65)), arc(j.p(0.47, 0.68), j.s(0.22), j.s(0.2), 190, j.a(-170)))],
    },
  ],
  [
    {
      name: "7-classic",
      strokes: (j) => {
        const corner = j.p(0.76, 0.14);
        return [stroke(line(j.p(0.24, 0.14), corner), line(corner, j.p(0.42, 0.92)))];
      },
    },
    {
      name: "7-crossbar",
      strokes: (j) => {
        const corner = j.p(0.76, 0.14);
        return [stroke(line(j.p(0.24, 0.14), corner), line(corner, j.p(0.42, 0.92))), line(j.p(0.38, 0.54), j.p(0.72, 0.52))];
      },
    },
    {
      name: "7-hook",
      strokes: (j) => {
        const [tick, corner] = [j.p(0.25, 0.13), j.p(0.76, 0.14)];
        return [stroke(line(j.p(0.25, 0.26), tick), line(tick, corner), quad(corner, j.p(0.52, 0.45), j.p(0.46, 0.92)))];
      },
    },
  ],
  [
    {
      name: "8-loops",
      strokes: (j) => [arc(j.p(0.5, 0.29), j.s(0.18), j.s(0.18), j.a(90), j.a(450)), arc(j.p(0.5, 0.68), j.s(0.22), j.s(0.21), j.a(-90), j.a(270))],
    },
    {
      name: "8-one-stroke",
      strokes: (j) => {
        // A figure of eight (lemniscate of Gerono), lobes of their own widths: one pen turn.
        const [c, h, wTop, wBottom] = [j.p(0.5, 0.5), j.s(0.4), j.s(0.19), j.s(0.23)];
        const [t0, t1] = [(j.a(-10) * Math.PI) / 180, (j.a(370) * Math.PI) / 180];
        return [
          Array.from({ length: 4 * STEPS + 1 }, (_, i) => {
            const t = t0 + ((t1 - t0) * i) / (4 * STEPS);
            return [c[0] - (Math.cos(t) > 0 ? wTop : wBottom) * Math.sin(2 * t), c[1] - h * Math.cos(t)];
          }),
        ];
      },
    },
    {
      name: "8-snowman",
      strokes: (j) => [arc(j.p(0.5, 0.27), j.s(0.15), j.s(0.16), j.a(-90), j.a(270)), arc(j.p(0.5, 0.66), j.s(0.25), j.s(0.24), j.a(-90), j.a(270))],
    },
  ],
  [
    {
      name: "9-straight",
      strokes: (j) => {
        const [c, rx, ry, a1] = [j.p(0.47, 0.3), j.s(0.2), j.s(0.19), j.a(-360)];
        return [stroke(arc(c, rx, ry, j.a(10), a1), line(onArc(c, rx, ry, a1), j.p(0.64, 0.92)))];
      },
    },
    {
      name: "9-curved",
      strokes: (j) => {
        const [c, rx, ry, a1] = [j.p(0.47, 0.3), j.s(0.2), j.s(0.19), j.a(-360)];
        return [stroke(arc(c, rx, ry, j.a(10), a1), quad(onArc(c, rx, ry, a1), j.p(0.68, 0.75), j.p(0.38, 0.9)))];
      },
    },
    {
      name: "9-slanted",
      strokes: (j) => {
        const [c, rx, ry, a1] = [j.p(0.52, 0.3), j.s(0.19), j.s(0.18), j.a(-355)];
        return [stroke(arc(c, rx, ry, j.a(10), a1), line(onArc(c, rx, ry, a1), j.p(0.45, 0.92)))];
      },
    },
  ],
];

/** The jitter that changes nothing: each skeleton as designed. */
export const NO_JITTER = { p: (x, y) => [x, y], s: (v) => v, a: (deg) => deg };
