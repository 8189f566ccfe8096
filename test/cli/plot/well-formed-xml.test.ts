/** The test-only XML checker must itself reject what is not well-formed, or the chart tests prove nothing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAll, parseXml, textContent, XmlError } from './well-formed-xml.js';

test('accepts well-formed documents and decodes entities', () => {
  const root = parseXml('<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2" y=\'&lt;\'><b/>t &#60;&#x3e;<c>z</c></a>\n');
  assert.equal(root.name, 'a');
  assert.equal(root.attrs.get('x'), '1 & 2');
  assert.equal(root.attrs.get('y'), '<');
  assert.equal(textContent(root), 't <>z');
  assert.equal(findAll(root, (e) => e.name === 'b' || e.name === 'c').length, 2);
});

test('rejects each kind of malformed input', () => {
  const bad = [
    '<a><b></a></b>', // crossed nesting
    '<a>', // unclosed
    '</a>', // end without start
    '<a></a><b/>', // two roots
    '<a x=1/>', // unquoted attribute
    '<a x="1" x="2"/>', // duplicate attribute
    '<a x="<"/>', // '<' in an attribute
    '<a>&</a>', // bare ampersand
    '<a>&nbsp;</a>', // unknown entity
    '<a>]]></a>', // CDATA end in text
    'text<a/>', // text outside the root
    '', // nothing
    '<a x="1"y="2"/>', // no space between attributes
  ];
  for (const b of bad) assert.throws(() => parseXml(b), XmlError, b);
});
