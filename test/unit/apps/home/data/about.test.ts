import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAbout } from '../../../../../apps/home/src/data/about.ts';
import { parseTurtle } from '../../../../../apps/home/src/data/graph.ts';
import { ABOUT, POD, WEB_ID } from './fakePod.ts';

const ABOUT_URL = `${POD}profile/about`;

function about(turtle: string): ReturnType<typeof readAbout> {
  return readAbout(parseTurtle(turtle, ABOUT_URL), WEB_ID);
}

describe('readAbout', (): void => {
  it('reads name, school, class and role.', (): void => {
    assert.deepEqual(about(ABOUT),
      { name: 'Camille Martin', school: 'Collège Jules Verne', className: '4e A', role: 'pupil' });
  });

  it('falls back to vcard:fn and accepts https://schema.org/ terms.', (): void => {
    assert.deepEqual(about(`
      @prefix schema: <https://schema.org/>.
      <${WEB_ID}> <http://www.w3.org/2006/vcard/ns#fn> "Sam Durand"; schema:memberOf <#s>;
        <https://w3id.org/cartable/ns#role> "teacher".
      <#s> a schema:MiddleSchool; schema:name "Collège Anne de Bretagne".`),
    { name: 'Sam Durand', school: 'Collège Anne de Bretagne', className: null, role: 'teacher' });
  });

  it('prefers a group typed cartable:SchoolClass as the class.', (): void => {
    assert.equal(about(`
      @prefix schema: <http://schema.org/>.
      <${WEB_ID}> schema:memberOf <#club>, <#class>.
      <#club> a schema:Organization; schema:name "Club théâtre".
      <#class> a <https://w3id.org/cartable/ns#SchoolClass>; schema:name "3e B".`).className, '3e B');
  });

  it('reads the staff role.', (): void => {
    assert.equal(about(`<${WEB_ID}> <https://w3id.org/cartable/ns#role> "staff".`).role, 'staff');
  });

  it('returns null for everything absent and for unknown roles.', (): void => {
    assert.deepEqual(about(`<${WEB_ID}> <https://w3id.org/cartable/ns#role> "headmaster".`),
      { name: null, school: null, className: null, role: null });
  });

  it('ignores statements about other people.', (): void => {
    assert.equal(about(`<https://other.example/card#me> <http://xmlns.com/foaf/0.1/name> "Other".`).name, null);
  });
});
