/** The dashboard's only stylesheet, served from /dashboard/style.css so the CSP can forbid inline code. */
export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #6e7781; --line: #d0d7de; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1.2em; align-items: center; padding: .6em 1.2em; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; }
header form { margin-left: auto; }
main { padding: 1em 1.2em; max-width: 1200px; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; }
th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
td.id { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass, .graded { color: var(--ok); } .fail, .error { color: var(--bad); } .queued, .running { color: var(--warn); }
.muted { color: var(--muted); }
pre { background: rgba(127,127,127,.12); padding: .6em; overflow-x: auto; white-space: pre-wrap; max-height: 40em; }
form.filters { display: flex; gap: .6em; flex-wrap: wrap; align-items: end; }
label { display: flex; flex-direction: column; font-size: .85em; }
input, select, button { font: inherit; padding: .2em .4em; }
.bar { display: inline-block; height: .7em; background: var(--ok); vertical-align: middle; }
.pager a { margin-left: .8em; }
td.score-high { background: rgba(26,127,55,.16); } td.score-mid { background: rgba(154,103,0,.16); }
td.score-low { background: rgba(207,34,46,.14); } td.total { font-weight: 600; }
tfoot td, tfoot th { border-top: 2px solid var(--line); }
svg.chart { display: block; margin: .4em 0 1em; font: 13px system-ui, sans-serif; max-width: 100%; height: auto; }
svg.chart text { fill: currentColor; } svg.chart .axis { fill: var(--muted); }
svg.chart .track { fill: rgba(127,127,127,.15); } svg.chart .fill { fill: var(--ok); }
`;
