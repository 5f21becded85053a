// Served at /boweb-static/boweb.css: the CSP (`default-src 'self'`) forbids inline <style>.
export const BOWEB_CSS = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6675; --line: #d5dbe3; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, "Noto Sans", "Noto Sans Devanagari", sans-serif; color: var(--ink); background: #f6f7f9; }
header.site { background: var(--accent); color: #fff; padding: 0.75rem 1.5rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
header.site a { color: #fff; text-decoration: none; font-weight: 600; }
header.site form { margin: 0; }
.vouched { background: #e8f3ea; border-bottom: 1px solid #b9dcc0; padding: 0.5rem 1.5rem; font-size: 0.95rem; }
.vouched.absent { background: #fff4e0; border-color: #f0d39b; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.sep { color: var(--muted); }
table { width: 100%; border-collapse: collapse; background: #fff; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; font-size: 0.9rem; }
.status-filed { background: #e3f1e5; }
.status-pending-scrutiny { background: #fff1cc; }
.status-notice-issued { background: #fbe0e0; }
dl.detail { display: grid; grid-template-columns: max-content 1fr; gap: 0.4rem 1.5rem; background: #fff; padding: 1rem; border: 1px solid var(--line); }
dl.detail dt { font-weight: 600; }
dl.detail dd { margin: 0; }
form.login { display: grid; gap: 0.5rem; max-width: 24rem; background: #fff; padding: 1.25rem; border: 1px solid var(--line); }
input[type="text"], input[type="password"] { font: inherit; padding: 0.4rem; border: 1px solid #8a96a6; border-radius: 0.25rem; }
button { font: inherit; padding: 0.4rem 0.9rem; border: 1px solid var(--accent); border-radius: 0.25rem; background: var(--accent); color: #fff; cursor: pointer; }
header.site button { background: #fff; color: var(--accent); }
/* Two rings, yellow inside dark: one of them has 3:1 or more against any background here (WCAG 1.4.11). */
:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 3px; box-shadow: 0 0 0 3px #ffbf47; }
header.site :focus-visible { outline-color: #ffbf47; box-shadow: 0 0 0 3px #0b0c0c; }
.table-wrap { overflow-x: auto; }
textarea { font: inherit; max-width: 100%; box-sizing: border-box; }
img { max-width: 100%; }
@media (max-width: 40rem) {
  header.site { padding: 0.5rem 0.75rem; gap: 0.5rem; }
  .vouched { padding: 0.4rem 0.75rem; }
  main { padding: 1rem 0.75rem; }
  th, td { min-width: 6rem; }
  dl.detail { grid-template-columns: 1fr; gap: 0.2rem; }
  dl.detail dd { margin-bottom: 0.4rem; }
  form.login { padding: 1rem; }
}
.error { color: #9b1c1c; background: #fdecec; border: 1px solid #f3b4b4; padding: 0.5rem 0.75rem; }
`;
