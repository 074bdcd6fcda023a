/**
 * The HTML report's whole style sheet, inlined so the file works offline and from any place it is mailed
 * to: system fonts only, no `url()`, colours from `prefers-color-scheme`. One column that narrows to a phone.
 */
export const htmlStyle = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --card: #ffffff; --text: #1c2128; --muted: #5d6774; --line: #d6dbe1; --track: #edf0f3;
  --code: #eef1f4; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700; --info: #0969da;
  --good-bg: #dcf5e3; --bad-bg: #ffe4e6; --warn-bg: #fff4d6; --info-bg: #e1eefe;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --card: #161b22; --text: #e6edf3; --muted: #8d96a0; --line: #30363d; --track: #21262d;
    --code: #262c36; --good: #3fb950; --bad: #f85149; --warn: #d29922; --info: #4493f8;
    --good-bg: #12301c; --bad-bg: #3c1618; --warn-bg: #3a2a06; --info-bg: #112745;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--text); line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 50rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; overflow-wrap: anywhere; }
section, header.verdict { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: .25rem 0 .5rem; }
h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
p { margin: .5rem 0; }
code, pre { font-family: var(--mono); font-size: .86em; }
code { background: var(--code); border-radius: 4px; padding: .08em .35em; overflow-wrap: anywhere; }
pre { background: var(--code); border-radius: 6px; padding: .75rem; overflow-x: auto; margin: .5rem 0 0; font-size: .8rem; line-height: 1.45; }
ul, ol { margin: 0; padding-left: 1.3rem; }
li + li { margin-top: .35rem; }
.muted { color: var(--muted); }
.eyebrow { color: var(--muted); font-size: .85rem; margin: 0; overflow-wrap: anywhere; }
header.verdict { border-left: 6px solid var(--bad); }
header.verdict.ok { border-left-color: var(--good); }
.verdict-meta { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0 0 .25rem; }
.badge { display: inline-block; border-radius: 999px; padding: .05rem .6rem; font-size: .78rem; font-weight: 600; }
.badge.certain { background: var(--good-bg); color: var(--good); }
.badge.likely { background: var(--info-bg); color: var(--info); }
.badge.possible { background: var(--warn-bg); color: var(--warn); }
.badge.state { background: var(--bad-bg); color: var(--bad); }
.ok .badge.state { background: var(--good-bg); color: var(--good); }
.summary { font-size: 1.02rem; }

.seq { max-width: 36rem; margin: 0 auto; padding-left: 2.25rem; font-family: var(--mono); font-size: .82rem; }
.seq ol { list-style: none; padding: 0; margin: 0; }
.seq li + li { margin-top: 0; }
.seq-row { display: grid; grid-template-columns: minmax(0, 1fr) 4.75rem; align-items: end; }
.seq-lane { border-inline: 2px solid var(--line); padding: .45rem 0 .35rem; min-height: 1.2rem; }
.seq-head .seq-lane { border: 0; display: flex; justify-content: space-between; gap: .5rem; padding: 0; }
.seq-head .seq-lane span { border: 1px solid var(--line); border-radius: 6px; padding: .15rem .5rem; background: var(--code); overflow-wrap: anywhere; text-align: center; }
/* Each name centred on its lifeline: the room on the left is the padding above, on the right the time column. */
.seq-head .seq-lane span:first-child { transform: translateX(-50%); }
.seq-head .seq-lane span:last-child { transform: translateX(50%); max-width: 11rem; }
.seq-time { color: var(--muted); font-size: .75rem; padding-left: .5rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
.msg { position: relative; text-align: center; padding: 0 .9rem .2rem; border-bottom: 2px solid currentColor; overflow-wrap: anywhere; }
.msg::after { content: ""; position: absolute; bottom: -7px; border-block: 6px solid transparent; }
.msg.to-server::after { right: -1px; border-left: 10px solid currentColor; }
.msg.to-client::after { left: -1px; border-right: 10px solid currentColor; }
.msg.silence { border-bottom-style: dashed; font-style: italic; }
.msg.silence::after { display: none; }
.msg.note { border: 0; text-align: left; font-family: system-ui, sans-serif; font-style: italic; color: var(--muted); padding: 0 .75rem; }
.msg.note::after { display: none; }
.broken .msg { color: var(--bad); font-weight: 600; }
.broken .msg.note { font-weight: 400; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

.steps { list-style: none; padding: 0; }
.step + .step { margin-top: .8rem; }
.step-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .5rem; }
.step-title { font-weight: 600; }
.step-dur { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; font-size: .85rem; }
.mark { display: inline-block; width: 1.1rem; text-align: center; font-weight: 700; }
.pass .mark { color: var(--good); } .fail .mark { color: var(--bad); } .info .mark { color: var(--warn); }
.outcome { font-size: .78rem; border-radius: 4px; padding: 0 .35rem; background: var(--track); }
.fail .outcome { background: var(--bad-bg); color: var(--bad); }
.pass .outcome { background: var(--good-bg); color: var(--good); }
.track { height: 8px; background: var(--track); border-radius: 4px; overflow: hidden; margin: .3rem 0 .2rem; }
.bar { height: 100%; min-width: 3px; border-radius: 4px; background: var(--info); }
.pass .bar { background: var(--good); } .fail .bar { background: var(--bad); } .info .bar { background: var(--warn); }
.step-summary { margin: 0; color: var(--muted); font-size: .88rem; overflow-wrap: anywhere; }

.waterfall { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content; gap: .35rem .75rem; align-items: center; font-size: .88rem; }
.waterfall .track { margin: 0; height: 12px; }
.waterfall .num { text-align: right; font-variant-numeric: tabular-nums; }
.phase-dns { background: #8250df; } .phase-connect { background: #0969da; } .phase-tls { background: #bf3989; }
.phase-wait { background: #d4a72c; } .phase-transfer { background: #1a7f37; }

.verify-ok { color: var(--good); font-weight: 600; } .verify-bad { color: var(--bad); font-weight: 600; }
.chain li { overflow-wrap: anywhere; }
.next li::marker { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .3rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
details summary { cursor: pointer; font-weight: 600; }
footer { color: var(--muted); font-size: .8rem; text-align: center; }
@media (max-width: 34rem) {
  main { padding: .75rem .5rem 1.5rem; }
  section, header.verdict { padding: .85rem .9rem; }
  .seq-row { grid-template-columns: minmax(0, 1fr) 3.9rem; }
  dl { grid-template-columns: minmax(0, 1fr); }
  dd { margin-bottom: .4rem; }
  .waterfall { grid-template-columns: max-content minmax(0, 1fr) max-content; gap: .3rem .5rem; }
}
`;
