/**
 * The report's CSS, inlined so report.html opens offline and from an e-mail attachment.
 * Verdict colours are used for nothing else, so red always means a broken rule.
 */
export const STYLE = `
:root {
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --err: #9a6700; --err-bg: #fff8c5; --skip: #57606a; --skip-bg: #eaeef2;
  --unc: #8250df; --unc-bg: #fbefff; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #f6f8fa;
  --img: 168px;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--paper); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
main { max-width: 1240px; margin: 0 auto; padding: 0 20px 48px; }
h2 { font-size: 18px; margin: 32px 0 10px; }
h2 .count { color: var(--muted); font-weight: normal; }
a { color: #0969da; }

.banner { color: #fff; padding: 18px 20px 16px; }
.banner.conformant { background: var(--pass); }
.banner.non-conformant { background: var(--fail); }
.banner.incomplete { background: var(--err); }
.banner .inner { max-width: 1200px; margin: 0 auto; }
.banner .verdict { font-size: 26px; font-weight: 800; letter-spacing: .04em; }
.banner h1 { font-size: 17px; font-weight: 600; margin: 4px 0 2px; }
.banner p { margin: 2px 0; opacity: .95; }
.totals { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 10px; }
.banner .failing { margin-top: 8px; font-weight: 600; }
.banner .failing .mono { background: rgba(255,255,255,.18); border-radius: 4px; padding: 0 4px; }
.totals span { background: rgba(255,255,255,.18); border-radius: 12px; padding: 2px 10px; font-weight: 600; }

nav { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); }
nav .inner { max-width: 1200px; margin: 0 auto; padding: 8px 20px; display: flex; gap: 18px; flex-wrap: wrap; }
nav a { text-decoration: none; font-weight: 600; }

.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 6px 20px; margin: 16px 0 0;
  background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.warning { background: var(--err-bg); border: 1px solid #d4a72c; border-radius: 8px; padding: 8px 12px; margin-top: 12px; }

.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 700; white-space: nowrap; }
.v-passed { color: var(--pass); background: var(--pass-bg); }
.v-failed { color: #fff; background: var(--fail); }
.v-errored { color: var(--err); background: var(--err-bg); border: 1px solid #d4a72c; }
.v-not-judged { color: var(--skip); background: var(--skip-bg); border: 1px dashed var(--skip); }
.v-skipped { color: var(--skip); background: var(--skip-bg); }
.v-uncovered { color: var(--unc); background: var(--unc-bg); border: 1px dashed var(--unc); }
.lvl { font-size: 11px; font-weight: 700; border-radius: 4px; padding: 0 5px; border: 1px solid currentColor; }
.lvl-MUST { color: #1f2328; } .lvl-SHOULD { color: #59636e; } .lvl-MAY { color: #8c959f; }
.clarity-ambiguous, .clarity-conflict { font-weight: 600; }
.clarity-ambiguous { color: #9a6700; } .clarity-conflict { color: #bc4c00; }
.reading { display: block; font-size: 12px; color: var(--muted); }
.reading.satisfied { color: var(--ink); } .reading.satisfied.none { color: var(--fail); }

.filters { margin: 0 0 8px; display: flex; gap: 6px; flex-wrap: wrap; }
.filters button { border: 1px solid var(--line); background: #fff; border-radius: 14px; padding: 2px 12px; cursor: pointer; font: inherit; }
.filters button[aria-pressed="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
table.matrix { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
.matrix th, .matrix td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
.matrix thead th { background: #eef1f4; font-size: 12px; color: var(--muted); }
.matrix td:first-child, table.plain td.mono { white-space: nowrap; }
.matrix tr.family th { background: var(--paper); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.matrix tr.row-failed td:first-child { box-shadow: inset 4px 0 0 var(--fail); }
.matrix tr.row-errored td:first-child { box-shadow: inset 4px 0 0 var(--err); }
.matrix tr.row-uncovered td:first-child { box-shadow: inset 4px 0 0 var(--unc); }
.matrix details summary { cursor: pointer; }
.matrix details ul { margin: 4px 0 0; padding-left: 18px; }
.bar { display: inline-flex; width: 90px; height: 8px; border-radius: 4px; overflow: hidden; vertical-align: middle; margin-left: 6px; background: var(--skip-bg); }
.bar i { display: block; height: 100%; }
.bar .passed { background: var(--pass); } .bar .failed { background: var(--fail); } .bar .errored { background: #d4a72c; } .bar .skipped { background: #afb8c1; }
table.matrix.only-bad tr.ok, table.matrix.only-ambiguous tr.clear { display: none; }

.card { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--fail); border-radius: 8px; padding: 14px 18px; margin: 0 0 16px; }
.card.errored { border-left-color: #d4a72c; }
.card h3 { margin: 0 0 2px; font-size: 16px; }
.card .where { color: var(--muted); font-size: 12.5px; }
.card .summary { font-weight: 600; margin: 8px 0 12px; }
.pictures { display: flex; gap: 14px; flex-wrap: wrap; align-items: flex-start; }
.pictures figure { margin: 0; width: var(--img); }
.pictures .px { width: var(--img); height: var(--img); border: 1px solid #8c959f; border-radius: 4px;
  background: repeating-conic-gradient(#e6e9ec 0% 25%, #fff 0% 50%) 50% / 16px 16px; }
.pictures img { display: block; width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated; image-rendering: crisp-edges; cursor: crosshair; }
.pictures figcaption { font-size: 12.5px; margin-top: 4px; }
.pictures figcaption b { text-transform: uppercase; letter-spacing: .05em; }
.pictures figcaption .probe { display: block; color: var(--muted); min-height: 1.4em; }
.pictures .vs { align-self: center; font-size: 22px; color: var(--muted); }
.swatches { margin: 10px 0 0; display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
.swatch { display: inline-block; width: 28px; height: 28px; border: 1px solid #57606a; border-radius: 4px; vertical-align: middle; margin-right: 6px; }
.pictures .px.none { display: flex; align-items: center; justify-content: center; background: #fff; font-weight: 700; font-size: 15px; color: var(--muted); }
.card .defect-id { color: var(--muted); font-size: 13px; }
.lead { margin: 0 0 12px; color: var(--muted); }
.also { margin-top: 14px; border-top: 1px solid var(--line); padding-top: 8px; }
.also p { margin: 0 0 4px; font-weight: 600; }
.also ul { margin: 0; padding-left: 18px; }
.also li { margin: 4px 0; }
.also-replay { display: flex; gap: 8px; margin-top: 2px; }
.also-replay code { flex: 1; min-width: 0; background: var(--paper); border: 1px solid var(--line); padding: 2px 8px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.also-replay button { border: 1px solid var(--line); background: #fff; border-radius: 4px; cursor: pointer; font: inherit; padding: 0 10px; }
dl.detail { display: grid; grid-template-columns: 150px 1fr; gap: 4px 12px; margin: 14px 0 0; }
dl.detail dt { color: var(--muted); }
dl.detail dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
dl.detail pre { margin: 0; white-space: pre-wrap; }
.replay { display: flex; gap: 8px; align-items: stretch; margin-top: 12px; }
/* Wrapped, never scrolled: a replay command cut off inside a scroll box gets copied or read wrong. */
.replay code { flex: 1; min-width: 0; background: #1f2328; color: #e6edf3; padding: 8px 10px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.replay button, .also-replay button { flex: none; }
.input-file { margin: 12px 0 0; }
.input-file a { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.replay button { border: 1px solid var(--line); background: #fff; border-radius: 6px; cursor: pointer; font: inherit; padding: 0 12px; }
table.plain { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
table.plain td, table.plain th { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
`;
