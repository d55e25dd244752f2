import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieValue } from '../../../components/dist/util/Cookies.js';

describe('cookieValue', (): void => {
  it('finds a cookie among others, decoding it', (): void => {
    assert.equal(cookieValue('a=1; css-account=abc%3D%3D; b=2', 'css-account'), 'abc==');
    assert.equal(cookieValue('_session=s1; _session.sig=x', '_session'), 's1');
  });

  it('keeps values with = signs and undecodable values as they are', (): void => {
    assert.equal(cookieValue('k=a=b', 'k'), 'a=b');
    assert.equal(cookieValue('k=%E0%A4%A', 'k'), '%E0%A4%A');
  });

  it('answers undefined without the cookie or the header', (): void => {
    assert.equal(cookieValue('other=1', 'k'), undefined);
    assert.equal(cookieValue(undefined, 'k'), undefined);
    assert.equal(cookieValue('kk=1', 'k'), undefined, 'no prefix match');
  });
});
