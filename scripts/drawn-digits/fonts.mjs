// The font faces of the set's "font" part: handwriting-style fonts that Debian packages, plus
// DejaVu and Liberation in a few weights and slants. Each face names the Debian package that
// installs it, so a regeneration can say what to install and the README what was used.
// 25 faces, so the 1000 pictures of the part give each (digit, face) 4 pictures. Reviewed with
// preview-fonts.mjs; left out: femkeklaver (outlined digits), Cabin Sketch (hatched),
// StayPuft (balloon letters), Ecolier_court (broken 1 and 4), and faces too close to kept ones
// (the other "Because We ..." hands, Dancing Script 400, Klee One 400, Andika, URW Gothic,
// DejaVu Sans Mono, Liberation Serif).
import { execFileSync } from "node:child_process";

/** family: CSS/fontconfig family; weight and style as in CSS; pkg: the Debian package. */
export const FACES = [
  { family: "Comic Neue", weight: 400, style: "normal", pkg: "fonts-comic-neue" },
  { family: "Comic Neue", weight: 700, style: "italic", pkg: "fonts-comic-neue" },
  { family: "Humor Sans", weight: 400, style: "normal", pkg: "fonts-humor-sans" },
  { family: "DkgHandwriting", weight: 400, style: "normal", pkg: "fonts-dkg-handwriting" },
  { family: "DkgHandwriting", weight: 700, style: "italic", pkg: "fonts-dkg-handwriting" },
  { family: "Breip", weight: 400, style: "normal", pkg: "fonts-breip" },
  { family: "Because We Connect", weight: 400, style: "normal", pkg: "fonts-bwht" },
  { family: "Because We Learn", weight: 400, style: "normal", pkg: "fonts-bwht" },
  { family: "Dancing Script", weight: 700, style: "normal", pkg: "fonts-dancingscript" },
  { family: "Kaushan Script", weight: 400, style: "normal", pkg: "fonts-kaushanscript" },
  { family: "Kristi", weight: 400, style: "normal", pkg: "fonts-kristi" },
  { family: "Rufscript", weight: 400, style: "normal", pkg: "fonts-rufscript" },
  { family: "Purisa", weight: 400, style: "normal", pkg: "fonts-tlwg-purisa-ttf" },
  { family: "Purisa", weight: 700, style: "italic", pkg: "fonts-tlwg-purisa-ttf" },
  { family: "Tomson Talks", weight: 400, style: "normal", pkg: "fonts-tomsontalks" },
  { family: "Steve", weight: 400, style: "normal", pkg: "fonts-sjfonts" },
  { family: "Delphine", weight: 400, style: "normal", pkg: "fonts-sjfonts" },
  { family: "Yusei Magic", weight: 400, style: "normal", pkg: "fonts-yusei-magic" },
  { family: "Klee One", weight: 600, style: "normal", pkg: "fonts-klee" },
  { family: "Z003", weight: 400, style: "italic", pkg: "fonts-urw-base35" },
  { family: "DejaVu Sans", weight: 400, style: "normal", pkg: "fonts-dejavu-core" },
  { family: "DejaVu Sans", weight: 700, style: "italic", pkg: "fonts-dejavu-extra" },
  { family: "DejaVu Serif", weight: 400, style: "italic", pkg: "fonts-dejavu-extra" },
  { family: "Liberation Sans", weight: 400, style: "normal", pkg: "fonts-liberation" },
  { family: "Liberation Mono", weight: 400, style: "italic", pkg: "fonts-liberation" },
];

/** The face as a CSS font shorthand at `px` pixels. */
export function cssFont(face, px) {
  return `${face.style} ${face.weight} ${px}px "${face.family}"`;
}

/** A face's name in meta.json and reports, e.g. "Comic Neue 700 italic". */
export function faceName(face) {
  return [face.family, face.weight === 400 ? "" : String(face.weight), face.style === "normal" ? "" : face.style].filter(Boolean).join(" ");
}

/** Installed version of each Debian package (dpkg-query), e.g. { "fonts-breip": "1:0.5.1-3" }; missing ones throw naming them. */
export function packageVersions(pkgs) {
  const unique = [...new Set(pkgs)].sort();
  let text = "";
  try {
    text = execFileSync("dpkg-query", ["-W", "-f", "${Package}\t${Version}\t${db:Status-Status}\n", ...unique], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    text = String(error.stdout ?? ""); // dpkg-query exits 1 when one is unknown; the rest is still listed
  }
  const versions = {};
  for (const line of text.trim().split("\n")) {
    const [name, version, status] = line.split("\t");
    if (status === "installed") versions[name] = version;
  }
  const missing = unique.filter((p) => !(p in versions));
  if (missing.length > 0) throw new Error(`font packages not installed: ${missing.join(", ")} (apt-get install -y ${missing.join(" ")})`);
  return versions;
}
