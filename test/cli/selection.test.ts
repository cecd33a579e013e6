/**
 * countSelected calls cucumber's loadSources from its own module (cli/selection.ts), with the
 * sources coordinates built by hand: these must select exactly what cucumber's API selects from
 * the same paths, tags and name, or the count the run is checked and shown against drifts from
 * what runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfiguration, loadSources } from '@cucumber/cucumber/api';
import { countSelected, type Selection } from '../../cli/selection.ts';
import { UsageError } from '../../cli/args.ts';
import { kitRoot } from '../../kit/paths.ts';

async function throughTheApi(s: Selection): Promise<number> {
  const provided = {
    paths: s.paths.length ? s.paths : [`features/${s.side}`],
    ...(s.tags !== undefined ? { tags: s.tags } : {}),
    ...(s.name !== undefined ? { name: [s.name] } : {}),
  };
  const { runConfiguration } = await loadConfiguration({ file: false, provided }, { cwd: kitRoot });
  return (await loadSources(runConfiguration.sources, { cwd: kitRoot })).plan.length;
}

const selections: Selection[] = [
  { side: 'reader', paths: [] },
  { side: 'writer', paths: [] },
  { side: 'reader', paths: [], tags: '@RD-META-01' },
  { side: 'reader', paths: [], tags: '@RD-ENC-01 and not @property' },
  { side: 'writer', paths: [], tags: '@WR-LEAK-01 or @WR-CLEAN-03' },
  { side: 'writer', paths: [], name: '\\((v2, fs|v1, posix)\\)$' },
  { side: 'reader', paths: ['features/reader/fallbacks.feature'] },
  { side: 'writer', paths: ['features/writer/leak.feature:13', 'features/writer/id.feature'] },
  { side: 'reader', paths: ['features/reader'], tags: '@RD-CS-02', name: 'case' },
];

test('the count of each selection is what cucumber\'s API selects', async () => {
  for (const s of selections) {
    const api = await throughTheApi(s);
    assert.ok(api > 0, `the API selects nothing for ${JSON.stringify(s)}: not a useful comparison`);
    assert.equal(await countSelected(s), api, JSON.stringify(s));
  }
});

test('a tag expression that does not parse is one line of usage error naming cucumber\'s reason', async () => {
  await assert.rejects(countSelected({ side: 'reader', paths: [], tags: '@RD-META-01 and (' }), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /\(|expression|Tag/i);
    return true;
  });
});
