// A small XML reader for eSCL documents: elements by local name (namespace prefixes dropped,
// since devices differ in prefixes but not in names), text content, no DTDs or entities beyond
// the five predefined ones. eSCL bodies are small and flat, so this is enough and keeps the
// driver free of a parser dependency.

export interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? ''),
  );
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Parses a document; throws Error on unbalanced tags (callers turn that into a device error). */
export function xmlParse(text: string): XmlNode {
  const root: XmlNode = { name: '#document', text: '', children: [] };
  const stack: XmlNode[] = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^>]*?)?)(\/?)>|([^<]+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[3] !== undefined) {
      const name = localName(m[3]);
      if (m[2] === '/') {
        if (top.name !== name || stack.length === 1) throw new Error(`XML: unexpected </${m[3]}>`);
        top.text = top.text.trim();
        stack.pop();
      } else {
        const node: XmlNode = { name, text: '', children: [] };
        top.children.push(node);
        if (m[5] !== '/') stack.push(node);
      }
    }
  }
  if (stack.length !== 1) throw new Error('XML: unclosed element');
  const first = root.children[0];
  if (!first) throw new Error('XML: empty document');
  return first;
}

export function xmlChild(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let cur = node;
  for (const name of path) cur = cur?.children.find((c) => c.name === name);
  return cur;
}

export function xmlChildren(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** All descendants with the given local name, depth first. */
export function xmlFindAll(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode): void => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

export function xmlText(node: XmlNode | undefined, ...path: string[]): string | undefined {
  return xmlChild(node, ...path)?.text;
}

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}
