/** A strict little XML reader for tests: throws on anything not well-formed. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Decoded text directly inside this element. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes("<")) throw new Error(`xml: raw "<" in text near ${where}`);
  return raw.replace(/&([^;\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(";")) throw new Error(`xml: unterminated entity "${m}" near ${where}`);
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined) throw new Error(`xml: unknown entity "${m}" near ${where}`);
    return v;
  });
}

/** Parses one document with a single root element. */
export function parseXml(src: string): XmlElement {
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tagRe = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/y;
  while (pos < src.length) {
    const lt = src.indexOf("<", pos);
    const textEnd = lt === -1 ? src.length : lt;
    const raw = src.slice(pos, textEnd);
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(raw, pos);
    else if (raw.trim() !== "") throw new Error(`xml: text outside the root element near ${pos}`);
    if (lt === -1) break;
    tagRe.lastIndex = lt;
    const m = tagRe.exec(src);
    if (m === null) throw new Error(`xml: malformed tag near ${lt}: ${src.slice(lt, lt + 40)}`);
    const [, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`xml: </${name}> closes <${open?.name ?? "nothing"}> near ${lt}`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*"([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`xml: duplicate attribute ${a[1]} on <${name}>`);
        attrs[a[1]!] = decode(a[2]!, lt);
      }
      const node: XmlElement = { name, attrs, children: [], text: "" };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(node);
      else if (root === undefined) root = node;
      else throw new Error("xml: more than one root element");
      if (!selfClosing) stack.push(node);
    }
    pos = tagRe.lastIndex;
  }
  if (stack.length > 0) throw new Error(`xml: <${stack[stack.length - 1]!.name}> is never closed`);
  if (root === undefined) throw new Error("xml: no root element");
  return root;
}

/** Every element below (and including) `node`, depth first. */
export function allElements(node: XmlElement): XmlElement[] {
  return [node, ...node.children.flatMap(allElements)];
}

/** Elements whose class attribute is `cls`. */
export function byClass(node: XmlElement, cls: string): XmlElement[] {
  return allElements(node).filter((e) => e.attrs.class === cls);
}
