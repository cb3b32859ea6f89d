import { describe, expect, it } from 'vitest';
import { KB_ENTITIES } from '../../src/kb/index';
import { BACKUP_FORMAT, checkBackup, makeBackup, type BackupParts } from '../../src/storage/backup';
import { emptyUserKb } from '../../src/kb/user';
import { describe as describeSel } from '../../src/annotate/anchor';
import { migrate } from '../../src/storage/settings';

const shipped = new Set(KB_ENTITIES.map((e) => e.id));
const TEXT = 'Anthropic accused Alibaba of distilling its Claude models.';
const parts: BackupParts = {
  settings: migrate({ version: 2, sites: { 'news.example': { collapsed: true, enabled: true, side: 'left', width: 400 } }, prefs: { marks: 'all' } }),
  knowledge: { ...emptyUserKb(), aliases: [{ entityId: 'qwen', text: 'Tongyi' }], hidden: ['reuters'] },
  annotations: [
    { id: '5f0c1f55-2a35-4f4b-9f59-0d7e6c2b9a11', url: 'https://news.example/a', urls: ['https://news.example/a'], title: 'A', fingerprint: 'x1', selectors: describeSel(TEXT, 18, 25), note: 'n', tags: ['t'], created: '2026-11-25T10:00:00.000Z', updated: '2026-11-25T10:00:00.000Z' },
  ],
  entityNotes: [{ entityKey: 'qwen', name: 'Qwen', note: "watch Qwen's licensing", updated: '2026-11-25T10:00:00.000Z' }],
};

describe('full backup', () => {
  it('round-trips everything the reader made', () => {
    expect(checkBackup(JSON.parse(JSON.stringify(makeBackup(parts))), shipped)).toEqual({ ok: true, value: parts });
  });

  it.each([
    [{}, 'not an AI News Lens backup'],
    [{ format: BACKUP_FORMAT, version: 3 }, 'version'],
    [{ ...makeBackup(parts), knowledge: { version: 1, hidden: ['nope'] } }, 'knowledge: hidden[0]'],
    [{ ...makeBackup(parts), annotations: { items: [{ type: 'Annotation', id: 'x', created: 'never' }] } }, 'annotations: items[0].created'],
    [{ ...makeBackup(parts), entityNotes: [{ entityKey: 1 }] }, 'entityNotes[0]'],
  ])('refuses a broken file, naming the part and the problem: %#', (data, problem) => {
    const r = checkBackup(JSON.parse(JSON.stringify(data)), shipped);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(problem);
  });
});
