// Shift_JIS bytes for tests: Node decodes Shift_JIS (TextDecoder) but cannot encode it, and no package
// is worth adding for tests; the table is the decoder's inverse over every lead/trail byte pair.
let table: Map<string, number[]> | null = null;

export function shiftJis(s: string): Buffer {
  if (!table) {
    table = new Map();
    const dec = new TextDecoder('shift_jis');
    for (let b = 0; b < 0x80; b++) table.set(String.fromCharCode(b), [b]);
    for (let b = 0xa1; b <= 0xdf; b++) table.set(dec.decode(new Uint8Array([b])), [b]);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of s) {
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`no Shift_JIS bytes for ${JSON.stringify(ch)}`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}
