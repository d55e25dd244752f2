// Who gets the app shell at `/`: browsers navigating there get HTML, Solid clients get RDF.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAccept, prefersHtml } from '../../../components/dist/http/AcceptPreference.js';

const FIREFOX = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const CHROME = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,' +
  'application/signed-exchange;v=b3;q=0.7';

describe('parseAccept', (): void => {
  it('reads each media range with its weight, 1 by default', (): void => {
    const weights = parseAccept('text/html, text/turtle;q=0.5, */*;q=0.1');
    assert.deepEqual([ ...weights ], [[ 'text/html', 1 ], [ 'text/turtle', 0.5 ], [ '*/*', 0.1 ]]);
  });

  it('lowercases media types and keeps the highest weight of a repeated type', (): void => {
    const weights = parseAccept('Text/Turtle;q=0.2, text/turtle;q=0.7');
    assert.deepEqual([ ...weights ], [[ 'text/turtle', 0.7 ]]);
  });

  it('ignores parameters other than q', (): void => {
    assert.equal(parseAccept('application/signed-exchange;v=b3;q=0.7').get('application/signed-exchange'), 0.7);
  });

  it('clamps weights to 0..1 and reads an unparsable weight as 0', (): void => {
    const weights = parseAccept('a/b;q=7, c/d;q=-1, e/f;q=abc');
    assert.equal(weights.get('a/b'), 1);
    assert.equal(weights.get('c/d'), 0);
    assert.equal(weights.get('e/f'), 0);
  });

  it('skips parts that are not media ranges, and copes with a missing header', (): void => {
    assert.deepEqual([ ...parseAccept('nonsense, , ;q=1, text/plain') ], [[ 'text/plain', 1 ]]);
    assert.equal(parseAccept(undefined).size, 0);
    assert.equal(parseAccept('').size, 0);
  });
});

describe('prefersHtml', (): void => {
  it('is true for the Accept headers browsers send when navigating', (): void => {
    assert.equal(prefersHtml(FIREFOX), true);
    assert.equal(prefersHtml(CHROME), true);
    assert.equal(prefersHtml('text/html'), true);
    assert.equal(prefersHtml('application/xhtml+xml'), true);
  });

  it('is false for Solid clients asking for RDF or anything', (): void => {
    assert.equal(prefersHtml('text/turtle'), false);
    assert.equal(prefersHtml('application/ld+json'), false);
    assert.equal(prefersHtml('*/*'), false);
    assert.equal(prefersHtml(undefined), false);
    assert.equal(prefersHtml(''), false);
  });

  it('is false when an RDF type weighs as much as HTML (RDF wins ties)', (): void => {
    assert.equal(prefersHtml('text/html, text/turtle'), false);
    assert.equal(prefersHtml('text/turtle;q=0.9, text/html;q=0.9'), false);
    assert.equal(prefersHtml('application/json, text/html'), false);
  });

  it('is true when HTML weighs more than every RDF type', (): void => {
    assert.equal(prefersHtml('text/html, text/turtle;q=0.9, application/ld+json;q=0.8'), true);
  });

  it('is false when HTML is explicitly refused or weighs less', (): void => {
    assert.equal(prefersHtml('text/html;q=0, */*'), false);
    assert.equal(prefersHtml('text/html;q=0.5, application/ld+json'), false);
  });
});
