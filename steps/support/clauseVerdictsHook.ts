/** Attaches each scenario's per-clause verdicts (clauseVerdicts.ts) when it ends. */
import { After, type World } from '@cucumber/cucumber';
import { attachClauseVerdicts } from './clauseVerdicts.ts';

After(async function (this: World) {
  await attachClauseVerdicts(this);
});
