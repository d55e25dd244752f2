// Turtle written from code: values can never break out of their literal or IRI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import type { Quad } from 'n3';
import { PREFIXES, prefixLines, turtleIri, turtleString } from '../../../components/dist/util/Turtle.js';

const BASE = 'https://pod.example/camille/doc';

function parse(turtle: string): Quad[] {
  return new Parser({ baseIRI: BASE }).parse(turtle);
}

describe('turtleString', (): void => {
  it('quotes a plain value', (): void => {
    assert.equal(turtleString('Camille'), '"Camille"');
  });

  it('escapes backslashes, quotes and line breaks', (): void => {
    assert.equal(turtleString('a\\b"c\nd\re\tf'), '"a\\\\b\\"c\\nd\\re\\tf"');
  });

  const tricky = [
    'x" ; <http://evil.example/p> "y',
    'x"^^<http://evil.example/t>. <http://evil.example/s> <http://evil.example/p> <http://evil.example/o>. <> <> "',
    'ends with a backslash \\',
    'line one\nline two\r\n\tindented',
    'Zoé « Ker » 🎒 \'single\'',
    '"""triple"""',
  ];
  for (const value of tricky) {
    it(`keeps ${JSON.stringify(value)} one literal with the same value`, (): void => {
      const quads = parse(`<> <http://schema.org/name> ${turtleString(value)}.`);
      assert.equal(quads.length, 1);
      assert.equal(quads[0].object.termType, 'Literal');
      assert.equal(quads[0].object.value, value);
    });
  }
});

describe('turtleIri', (): void => {
  it('writes an absolute or relative IRI in angle brackets', (): void => {
    assert.equal(turtleIri('https://pod.example/camille/profile/card#me'), '<https://pod.example/camille/profile/card#me>');
    assert.equal(turtleIri('../inbox/'), '<../inbox/>');
    assert.equal(parse(`<> <http://x.example/p> ${turtleIri('../inbox/')}.`)[0].object.value, 'https://pod.example/inbox/');
  });

  it('accepts non-ASCII characters, which IRIs allow', (): void => {
    assert.equal(turtleIri('https://école.example/élève'), '<https://école.example/élève>');
  });

  for (const bad of [ 'https://a.example/x> <http://evil', 'a b', 'a<b', 'a"b', 'a{b', 'a}b', 'a|b', 'a^b', 'a`b', 'a\\b',
    'a\nb', 'a\u0000b', 'a\tb' ]) {
    it(`refuses ${JSON.stringify(bad)}, naming the value`, (): void => {
      assert.throws((): string => turtleIri(bad), (error: Error): boolean =>
        /forbidden characters/u.test(error.message) && error.message.includes(JSON.stringify(bad)));
    });
  }
});

describe('prefixLines', (): void => {
  it('declares the requested prefixes so that prefixed names resolve', (): void => {
    const quads = parse(`${prefixLines('foaf', 'solid')}<> a foaf:PersonalProfileDocument; solid:oidcIssuer <https://idp.example/>.`);
    assert.deepEqual(quads.map((quad): string => quad.predicate.value), [
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${PREFIXES.solid}oidcIssuer`,
    ]);
    assert.equal(quads[0].object.value, 'http://xmlns.com/foaf/0.1/PersonalProfileDocument');
  });

  it('writes nothing for no prefixes', (): void => {
    assert.equal(prefixLines(), '');
  });

  it('uses the standard namespaces', (): void => {
    assert.equal(PREFIXES.acl, 'http://www.w3.org/ns/auth/acl#');
    assert.equal(PREFIXES.foaf, 'http://xmlns.com/foaf/0.1/');
    assert.equal(PREFIXES.ldp, 'http://www.w3.org/ns/ldp#');
    assert.equal(PREFIXES.pim, 'http://www.w3.org/ns/pim/space#');
    assert.equal(PREFIXES.solid, 'http://www.w3.org/ns/solid/terms#');
    assert.equal(PREFIXES.vcard, 'http://www.w3.org/2006/vcard/ns#');
  });
});
