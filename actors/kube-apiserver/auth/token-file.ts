// The static token file of kube-apiserver's --token-auth-file: CSV rows
// `token,user,uid,"group1,group2"` read as Go's encoding/csv reads them (quoted fields, "" inside
// quotes, blank lines skipped, rows of any length), then kept as a token → user table.
// The apiserver's tokenfile authenticator skips a row with an empty token and lets a later row
// with the same token win; a row with fewer than three columns fails the whole file.

import { type UserInfo, userInfo } from './user.ts';

export type TokenTable = ReadonlyMap<string, UserInfo>;

export type TokenFileResult = { readonly ok: true; readonly tokens: TokenTable } | { readonly ok: false; readonly error: string };

const BARE_QUOTE = 'bare " in non-quoted-field';
const MISSING_QUOTE = 'extraneous or missing " in quoted-field';

/** Go's csv.Reader with FieldsPerRecord = -1; errors worded as its ParseError. */
export function parseCsv(text: string): { ok: true; records: string[][] } | { ok: false; error: string } {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const records: string[][] = [];
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    if (lines[i] === '') {
      i++;
      continue;
    }
    const fields: string[] = [];
    let line = lines[i]!;
    let pos = 0;
    for (;;) {
      if (line[pos] !== '"') {
        const comma = line.indexOf(',', pos);
        const field = comma < 0 ? line.slice(pos) : line.slice(pos, comma);
        const quote = field.indexOf('"');
        if (quote >= 0) return { ok: false, error: `parse error on line ${i + 1}, column ${pos + quote + 1}: ${BARE_QUOTE}` };
        fields.push(field);
        if (comma < 0) break;
        pos = comma + 1;
        continue;
      }
      // A quoted field, which may run over several lines.
      let field = '';
      pos++;
      for (;;) {
        const q = line.indexOf('"', pos);
        if (q < 0) {
          field += `${line.slice(pos)}\n`;
          i++;
          if (i >= lines.length) {
            const where = startLine === i ? '' : `record on line ${startLine}; `;
            return { ok: false, error: `${where}parse error on line ${i}, column ${lines[i - 1]!.length + 1}: ${MISSING_QUOTE}` };
          }
          line = lines[i]!;
          pos = 0;
          continue;
        }
        field += line.slice(pos, q);
        if (line[q + 1] === '"') {
          field += '"';
          pos = q + 2;
          continue;
        }
        pos = q + 1;
        break;
      }
      fields.push(field);
      if (pos >= line.length) break;
      if (line[pos] !== ',') {
        const where = startLine === i + 1 ? '' : `record on line ${startLine}; `;
        return { ok: false, error: `${where}parse error on line ${i + 1}, column ${pos + 1}: ${MISSING_QUOTE}` };
      }
      pos++;
      if (pos >= line.length) {
        fields.push('');
        break;
      }
    }
    records.push(fields);
    i++;
  }
  return { ok: true, records };
}

/** tokenfile.NewCSV: `path` only names the file in errors, as the apiserver's messages do. */
export function parseTokenFile(text: string, path = 'tokens.csv'): TokenFileResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const tokens = new Map<string, UserInfo>();
  for (const record of parsed.records) {
    if (record.length < 3) {
      return { ok: false, error: `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}` };
    }
    const [token, name, uid, groups] = record as [string, string, string, string | undefined];
    if (token === '') continue;
    tokens.set(token, userInfo(name, uid, groups === undefined ? [] : groups.split(',')));
  }
  return { ok: true, tokens };
}

/** The rows of a token file, for a cluster builder that makes one from its components' identities. */
export function formatTokenFile(rows: readonly { token: string; user: string; uid: string; groups?: readonly string[] }[]): string {
  const quote = (s: string) => (/[",\n\r]/.test(s) || s.startsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => [r.token, r.user, r.uid, ...(r.groups && r.groups.length > 0 ? [r.groups.join(',')] : [])].map(quote).join(',')).join('\n') + '\n';
}
