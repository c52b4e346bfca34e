import { describe, expect, it } from "vitest";
import { allElements, parseXml } from "./xml.test-helpers.js";

// The plot tests rely on this reader rejecting bad XML, so check that it does.
describe("parseXml (test helper)", () => {
  it("reads nested elements, attributes and entities", () => {
    const doc = parseXml('<a x="1 &amp; 2"><b/><c>&lt;hi&gt;</c></a>');
    expect(doc.attrs.x).toBe("1 & 2");
    expect(allElements(doc).map((e) => e.name)).toEqual(["a", "b", "c"]);
    expect(doc.children[1]!.text).toBe("<hi>");
  });

  it("rejects what is not well-formed", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow(/closes/);
    expect(() => parseXml("<a>x & y</a>")).toThrow(/entity/);
    expect(() => parseXml("<a>1 < 2</a>")).toThrow(/malformed tag/);
    expect(() => parseXml("<a>")).toThrow(/never closed/);
    expect(() => parseXml("<a/><b/>")).toThrow(/more than one root/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
  });
});
