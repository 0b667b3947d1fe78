/** What `/` answers when `web/dist` is missing: how to build the page. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CMW Platform Agent</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1c2530}
code{background:#f0f3f6;padding:2px 6px;border-radius:6px}</style></head>
<body>
<h1>CMW Platform Agent</h1>
<p>The server is running, but the web chat has not been built.</p>
<p>Build it with <code>npm run build</code> (or only the page: <code>npm run build:web</code>), then reload.
<code>npm start</code> builds it for you when it is missing.</p>
<p>The API works without it: see <code>README.md</code>.</p>
</body>
</html>
`;
