import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers.js";
import { fieldValues, NO_VALUE, pictureMetaFrom, readPictureMeta } from "./picture-meta.js";

const dir = tempDir("picture-meta");
const records = [{ part: "font", font: "Comic Neue", size: 0.5 }, { part: "strokes" }, { part: "font", font: "Breip", size: null }];

describe("readPictureMeta", () => {
  it("takes a list of records or an object with a pictures list", async () => {
    const list = join(dir, "list.json");
    writeFileSync(list, JSON.stringify(records));
    expect(await readPictureMeta(list, 3)).toEqual(records);
    const wrapped = join(dir, "wrapped.json");
    writeFileSync(wrapped, JSON.stringify({ seed: 1, pictures: records }));
    expect(await readPictureMeta(wrapped, 3)).toEqual(records);
  });

  it("refuses a file that does not describe the pictures, saying what it expected", async () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    await expect(readPictureMeta(broken, 3)).rejects.toThrow(`${broken}: not readable JSON`);
    expect(() => pictureMetaFrom({ items: [] }, "m.json", 3)).toThrow(`m.json: expected an array of per-picture objects, or an object with a "pictures" array`);
    expect(() => pictureMetaFrom(records, "m.json", 4)).toThrow("m.json: expected 4 picture records, one per picture, got 3");
    expect(() => pictureMetaFrom([{}, 5, {}], "m.json", 3)).toThrow("m.json: picture record 1 is 5, expected an object");
  });
});

describe("fieldValues", () => {
  it("gives each picture's value as text, and NO_VALUE where it has none", () => {
    expect(fieldValues(records, "font", "m.json")).toEqual(["Comic Neue", NO_VALUE, "Breip"]);
    expect(fieldValues(records, "size", "m.json", 2)).toEqual(["0.5", NO_VALUE]);
  });

  it("refuses a field no picture has, listing those there are", () => {
    expect(() => fieldValues(records, "fnt", "m.json")).toThrow('m.json: no picture has the field "fnt"; fields: part, font, size');
  });
});
