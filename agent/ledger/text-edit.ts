/**
 * Edits of the ledger text that keep everything else byte for byte: comments, order, quoting,
 * flow or block style, blank lines. A value is replaced in its exact source range; a shared port is
 * inserted as a new line (or block) in the style of its neighbours; a removed port takes its lines
 * with it. Where the file's layout does not allow a surgical edit (e.g. a flow sequence), the yaml
 * Document API does the edit instead, which keeps comments but may re-indent.
 */
import { isMap, isSeq, parse, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { LoadedLedger } from '../../config/ledger/load.js';

/** A scalar as YAML source: plain when that is unambiguous, else double-quoted (JSON escapes are valid YAML). */
export function yamlScalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  // Plain only when it reads back as the same string (so `200M` stays plain, `123` and `true` get quotes).
  const plainSafe = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && !/^(yes|no|on|off|y|n)$/i.test(value) && parse(value) === value;
  return plainSafe ? value : JSON.stringify(value);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line that holds `offset - 1` (the end of a node's value). */
function lineEndAfter(text: string, valueEnd: number): number {
  const nl = text.indexOf('\n', Math.max(0, valueEnd - 1));
  return nl === -1 ? text.length : nl + 1;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function withBom(loaded: LoadedLedger, text: string): string {
  return loaded.bom ? `\uFEFF${text}` : text;
}

function sharedPortsSeq(loaded: LoadedLedger): YAMLSeq | undefined {
  const node = loaded.doc?.get('sharedPorts', true) as Node | undefined;
  return node && isSeq(node) ? node : undefined;
}

/**
 * Replaces the scalar at `path` (which must exist) with `value`, keeping the old quoting style for
 * text (a double- or single-quoted value stays quoted). Returns the new file text.
 */
export function replaceScalar(loaded: LoadedLedger, path: readonly (string | number)[], value: string | number): string {
  const range = loaded.sourceMap?.range(path);
  if (!range) throw new Error(`no value at ${path.join('.')} to replace`);
  const old = loaded.text[range[0]];
  let literal = yamlScalar(value);
  if (typeof value === 'string' && old === '"') literal = JSON.stringify(value);
  else if (typeof value === 'string' && old === "'") literal = `'${value.replace(/'/g, "''")}'`;
  return withBom(loaded, loaded.text.slice(0, range[0]) + literal + loaded.text.slice(range[1]));
}

/** Removes the shared port at file index `index`, with its line(s). Returns the new file text. */
export function removeSharedPort(loaded: LoadedLedger, index: number): string {
  const seq = sharedPortsSeq(loaded);
  const item = seq?.items[index] as Node | undefined;
  if (!seq || !item?.range) throw new Error(`no shared port at sharedPorts[${index}]`);
  const text = loaded.text;
  const start = lineStart(text, item.range[0]);
  const prefix = text.slice(start, item.range[0]);
  if (seq.flow || !/^\s*-\s+$/.test(prefix)) {
    // Not one item per line: let the Document API do it.
    const doc = loaded.doc?.clone();
    if (!doc) throw new Error('ledger has no document');
    doc.deleteIn(['sharedPorts', index]);
    return withBom(loaded, doc.toString());
  }
  const end = lineEndAfter(text, item.range[1]);
  if (seq.items.length === 1 && seq.range) {
    // The last port: leave an explicit empty list, not a key without value.
    const seqStart = lineStart(text, seq.range[0]);
    const indent = text.slice(seqStart, seq.range[0]);
    return withBom(loaded, `${text.slice(0, seqStart)}${indent}[]${eol(text)}${text.slice(end)}`);
  }
  return withBom(loaded, text.slice(0, start) + text.slice(end));
}

/** Field order of a new shared port, as the example writes them. */
export interface NewPortFields {
  readonly id: string;
  readonly tenant: string;
  readonly circuit: string;
  readonly vlan: number;
  readonly bandwidth: string;
  readonly status: string;
  readonly redundancyGroup?: string;
  readonly attachment?: { readonly device: string; readonly port: string };
  readonly description?: string;
}

function flowFields(port: NewPortFields): string[] {
  const fields = [
    `id: ${yamlScalar(port.id)}`,
    `tenant: ${JSON.stringify(port.tenant)}`,
    `circuit: ${yamlScalar(port.circuit)}`,
    `vlan: ${port.vlan}`,
    `bandwidth: ${yamlScalar(port.bandwidth)}`,
    `status: ${yamlScalar(port.status)}`,
  ];
  if (port.redundancyGroup !== undefined) fields.push(`redundancyGroup: ${yamlScalar(port.redundancyGroup)}`);
  if (port.attachment) fields.push(`attachment: { device: ${yamlScalar(port.attachment.device)}, port: ${yamlScalar(port.attachment.port)} }`);
  if (port.description !== undefined) fields.push(`description: ${yamlScalar(port.description)}`);
  return fields;
}

/**
 * Inserts a shared port after the last port of the same circuit (or at the end of the list), in the
 * style of that neighbour: a one-line flow mapping or a block mapping. Returns the new file text.
 */
export function insertSharedPort(loaded: LoadedLedger, port: NewPortFields): string {
  const text = loaded.text;
  const nl = eol(text);
  const seq = sharedPortsSeq(loaded);
  const items = (seq?.items ?? []) as Node[];
  let ref: Node | undefined;
  for (const item of items) if (isMap(item) && (item as YAMLMap).get('circuit') === port.circuit) ref = item;
  ref ??= items[items.length - 1];
  const start = ref?.range ? lineStart(text, ref.range[0]) : -1;
  const prefix = ref?.range ? text.slice(start, ref.range[0]) : '';
  if (!seq || seq.flow || !ref?.range || !/^\s*-\s+$/.test(prefix)) {
    const doc = loaded.doc?.clone();
    if (!doc) throw new Error('ledger has no document');
    const value: Record<string, unknown> = {
      id: port.id, tenant: port.tenant, circuit: port.circuit, vlan: port.vlan, bandwidth: port.bandwidth, status: port.status,
      ...(port.redundancyGroup !== undefined ? { redundancyGroup: port.redundancyGroup } : {}),
      ...(port.attachment ? { attachment: { ...port.attachment } } : {}),
      ...(port.description !== undefined ? { description: port.description } : {}),
    };
    if (!sharedPortsSeq(loaded)) doc.set('sharedPorts', doc.createNode([value]));
    else doc.addIn(['sharedPorts'], doc.createNode(value, { flow: true }));
    return withBom(loaded, doc.toString());
  }
  const at = lineEndAfter(text, ref.range[1]);
  let block: string;
  if (isMap(ref) && (ref as YAMLMap).flow) {
    block = `${prefix}{ ${flowFields(port).join(', ')} }${nl}`;
  } else {
    const inner = ' '.repeat(prefix.length);
    const lines = flowFields(port).filter((f) => !f.startsWith('attachment:'));
    if (port.attachment) lines.push(`attachment: { device: ${yamlScalar(port.attachment.device)}, port: ${yamlScalar(port.attachment.port)} }`);
    block = lines.map((l, i) => (i === 0 ? `${prefix}${l}` : `${inner}${l}`)).join(nl) + nl;
  }
  const before = text.slice(0, at);
  const glue = before.endsWith('\n') || before === '' ? '' : nl;
  return withBom(loaded, before + glue + block + text.slice(at));
}
