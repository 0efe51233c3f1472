// The offline replay file inlines untrusted recorded text inside <script> elements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonInScript, scriptSafe } from '../../server/replay/file.ts';

test('recorded text inside the inlined events cannot close the script element', () => {
  const events = JSON.stringify([{ type: 3, data: { text: '</script><script>alert(1)</script><!-- x' } }]);
  const inlined = jsonInScript(events);
  assert.ok(!inlined.includes('<'), 'no "<" is left to start a tag');
  assert.deepEqual(JSON.parse(inlined), JSON.parse(events), 'the JSON means the same');
});

test('inlined code never holds a closing script tag or a comment opener', () => {
  const safe = scriptSafe('var a = "</script>", b = "</SCRIPT >", c = "<!--";');
  assert.doesNotMatch(safe, /<\/script|<!--/i);
  assert.deepEqual(new Function(`${safe} return [a, b, c];`)(), ['</script>', '</SCRIPT >', '<!--'], 'the code still means the same');
});
